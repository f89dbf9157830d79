package org.uaespark.mine;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

import org.uaespark.models.Autograd;
import org.uaespark.models.Scalars;
import org.uaespark.models.optim.Optimizer;

/**
 * The statistics networks written as DJL operations, one JNI call each: the layer-by-layer definition that
 * {@code mine_kernels.pt} replaces, kept as the oracle its float32 results must equal bit for bit. Parameters in
 * {@link StatisticsNetworks#parameters()} order; the moving-average state is held here in double, as it was.
 */
final class DjlMineOracle {
    private final List<NDArray> params;
    private final boolean conv;
    private final boolean standardise;
    private final Optimizer optimizer;
    private final double rate;
    private double[] moving;

    DjlMineOracle(List<NDArray> params, boolean conv, boolean standardise, Optimizer optimizer, double rate) {
        this.params = params;
        this.conv = conv;
        this.standardise = standardise;
        this.optimizer = optimizer;
        this.rate = rate;
    }

    /** The DV estimate per sample, [B]. */
    NDArray estimate(NDArray xs, NDArray ys, NDArray permutations) {
        NDArray[] s = scores(xs, ys, permutations);
        return donskerVaradhan(s[0], s[1]);
    }

    /** One Adam step; the estimates before it. */
    float[] step(NDArray xs, NDArray ys, NDArray permutations) {
        NDArray[] perSample = new NDArray[1];
        List<NDArray> gradients = Autograd.gradients(() -> {
            NDArray[] s = scores(xs, ys, permutations);
            perSample[0] = donskerVaradhan(s[0], s[1]);
            return rate == 0 ? perSample[0].sum().neg() : biasCorrectedLoss(s[0], s[1]);
        }, params);
        Autograd.noGrad();
        float[] before = perSample[0].toType(DataType.FLOAT32, false).toFloatArray();
        optimizer.step(params, gradients);
        return before;
    }

    private NDArray biasCorrectedLoss(NDArray joint, NDArray marginal) {
        NDArray meanExp = marginal.exp().mean(new int[] {1});
        float[] values = meanExp.toType(DataType.FLOAT32, false).toFloatArray();
        double[] current = new double[values.length];
        for (int b = 0; b < current.length; b++) {
            current[b] = moving == null ? values[b] : (1 - rate) * moving[b] + rate * values[b];
        }
        moving = current;
        NDArray denominator = joint.getManager().create(current).toType(joint.getDataType(), false);
        return joint.mean(new int[] {1}).sub(meanExp.div(denominator)).sum().neg();
    }

    private NDArray[] scores(NDArray xs, NDArray ys, NDArray permutations) {
        NDArray x = standardise ? standardised(xs) : xs;
        NDArray y = standardise ? standardised(ys) : ys;
        int perTower = conv ? 6 : 4;
        NDArray fx = tower(0, x);
        NDArray fy = tower(perTower, y);
        NDArray head = params.get(2 * perTower);
        long width = fy.getShape().get(1);
        NDArray shuffled = fy.gather(permutations.expandDims(1).repeat(1, width), 2);
        return new NDArray[] {score(head, fx, fy), score(head, fx, shuffled)};
    }

    private static NDArray standardised(NDArray projected) {
        NDArray centred = projected.sub(projected.mean(new int[] {2}, true));
        return centred.div(centred.square().mean(new int[] {2}, true).sqrt());
    }

    private NDArray tower(int first, NDArray in) {
        NDArray rows = in;
        int at = first;
        if (conv) {
            rows = convFront(in, params.get(at), params.get(at + 1));
            at += 2;
        }
        NDArray outT = params.get(at + 2).transpose(0, 2, 1);
        NDArray productT = outT.batchMatMul(params.get(at));
        NDArray biasT = outT.mul(params.get(at + 1)).sum(new int[] {2}, true)
                .add(params.get(at + 3).transpose(0, 2, 1));
        return productT.batchMatMul(rows.transpose(0, 2, 1)).add(biasT);
    }

    private static NDArray convFront(NDArray maps, NDArray weight, NDArray bias) {
        long batch = maps.getShape().get(0);
        long k = maps.getShape().get(1);
        NDArray out = Conv2d.conv2d(maps.transpose(1, 0, 2, 3), weight, bias, new Shape(1, 1),
                new Shape(0, 0), new Shape(1, 1), (int) batch)
                .singletonOrThrow();
        return out.reshape(k, batch, -1).transpose(1, 0, 2);
    }

    private static NDArray score(NDArray head, NDArray fx, NDArray fy) {
        return head.transpose(0, 2, 1).batchMatMul(Activation.relu(fx.add(fy))).squeeze(1);
    }

    private static NDArray donskerVaradhan(NDArray joint, NDArray marginal) {
        long k = marginal.getShape().get(1);
        NDArray peak = marginal.max(new int[] {1}, true).stopGradient();
        NDArray logMeanExp = Scalars.plus(marginal.sub(peak).exp().sum(new int[] {1}).log().add(peak.squeeze(1)),
                -(float) Math.log(k));
        return joint.mean(new int[] {1}).sub(logMeanExp);
    }
}
