package org.uaespark.mine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

import org.uaespark.models.OwnedArrays;

/**
 * B independent MINE statistics networks T_θ held as batched tensors, one per sample being attacked
 * ({@code ../shared/paper-spec.md} §2): an x-tower and a y-tower with separate weights and a head T = w·ReLU(f(x) + g(y))
 * without bias. A tower is Dense(in→hidden) → Dense(hidden→out) without activation; for the {@code conv} variant
 * it starts with Conv2D(16 filters, 2×2, valid, bias, no activation) on each H×W input map, flattened. Sample b's
 * weights are slice b of every tensor, drawn from its own seed (TF's Glorot-uniform kernels, zero biases), so a
 * sample's network does not depend on which other samples share the batch.
 *
 * <p>A tower's two dense layers have no activation between them, so it is evaluated as one affine map: the
 * product W = W₁W₂ (in × out) and bias b₁W₂ + b₂, formed once per evaluation, then applied to the K rows.
 * The parameters and their gradients are those of the two layers (autograd differentiates through the product),
 * and only the rounding differs from evaluating layer after layer; the work per evaluation drops from
 * K·in·hidden + K·hidden·out to in·hidden·out + K·in·out multiply-adds (≈ 11× fewer at the {@code cpu} profile,
 * ≈ 27× at the paper's K = 500, p = 128). Tower outputs are laid out [B, out, K], so every matrix product has
 * K, in or hidden (not out = 10) as its output width: the CPU GEMM kernels ran products 10 columns wide at a
 * tenth of their usual rate.
 */
public final class StatisticsNetworks {
    /** Filters of the conv variant's first tower layer. */
    public static final int CONV_FILTERS = 16;

    private final NDManager manager;
    private final int batch;
    private final int[] mapShape;
    private final Tower x;
    private final Tower y;
    private final NDArray head;
    private final List<NDArray> parameters = new ArrayList<>();

    /**
     * One tower's weights; the conv front is absent for the {@code random} variant. The first dense layer's kernel
     * is held transposed, [B, hidden, in], the layout in which the tower uses it, so that its gradient (12 M
     * elements per sample in the conv variant) comes out contiguous and Adam reads it without a copy.
     */
    private record Tower(NDArray convWeight, NDArray convBias, NDArray inWeightT, NDArray inBias, NDArray outWeight,
            NDArray outBias) {
    }

    /**
     * Networks for the {@code random} variant: tower inputs are p-vectors.
     *
     * @param manager     owns the weights
     * @param sampleSeeds one seed per network; the batch size is their number
     * @param inputDim    p
     * @param hidden      width of the towers' dense layer (512 in the paper)
     * @param towerOut    width of the towers' output (10 in the paper)
     * @param dataType    FLOAT32, or FLOAT64 for numerical checks
     */
    public StatisticsNetworks(NDManager manager, long[] sampleSeeds, int inputDim, int hidden, int towerOut,
            DataType dataType) {
        this(manager, sampleSeeds, null, inputDim, hidden, towerOut, dataType);
    }

    /**
     * Networks for the {@code conv} variant: tower inputs are H×W maps (one channel of the attacked model's first
     * convolution each).
     *
     * @param mapShape {H, W} of one input map
     */
    public StatisticsNetworks(NDManager manager, long[] sampleSeeds, int[] mapShape, int hidden, int towerOut,
            DataType dataType) {
        this(manager, sampleSeeds, mapShape.clone(),
                CONV_FILTERS * (mapShape[0] - 1) * (mapShape[1] - 1), hidden, towerOut, dataType);
    }

    private StatisticsNetworks(NDManager manager, long[] sampleSeeds, int[] mapShape, int denseInput, int hidden,
            int towerOut, DataType dataType) {
        this.manager = manager;
        this.batch = sampleSeeds.length;
        this.mapShape = mapShape;
        SplittableRandom[] randoms = new SplittableRandom[batch];
        for (int b = 0; b < batch; b++) {
            randoms[b] = new SplittableRandom(sampleSeeds[b]);
        }
        x = tower(randoms, denseInput, hidden, towerOut, dataType);
        y = tower(randoms, denseInput, hidden, towerOut, dataType);
        head = glorot(randoms, new Shape(batch, towerOut, 1), towerOut, 1, dataType);
    }

    private Tower tower(SplittableRandom[] randoms, int denseInput, int hidden, int towerOut, DataType dataType) {
        NDArray convWeight = null;
        NDArray convBias = null;
        if (mapShape != null) {
            // Grouped-convolution layout: sample b's 16 filters are rows b·16 … b·16+15.
            convWeight = glorot(randoms, new Shape((long) batch * CONV_FILTERS, 1, 2, 2), 4, 4L * CONV_FILTERS,
                    dataType);
            convBias = zeros(new Shape((long) batch * CONV_FILTERS), dataType);
        }
        return new Tower(convWeight, convBias,
                glorot(randoms, new Shape(batch, denseInput, hidden), denseInput, hidden, dataType, true),
                zeros(new Shape(batch, 1, hidden), dataType),
                glorot(randoms, new Shape(batch, hidden, towerOut), hidden, towerOut, dataType),
                zeros(new Shape(batch, 1, towerOut), dataType));
    }

    /** Number of networks (samples). */
    public int batch() {
        return batch;
    }

    /** Every weight tensor, [B, …]; Adam on these is per-sample Adam, its update being elementwise. */
    public List<NDArray> parameters() {
        return parameters;
    }

    /** The x-tower on inputs [B, K, p] (random) or [B, K, H, W] (conv): [B, out, K] (column k is row k's output). */
    public NDArray towerX(NDArray xs) {
        return apply(x, xs);
    }

    /** The y-tower, like {@link #towerX}. */
    public NDArray towerY(NDArray ys) {
        return apply(y, ys);
    }

    /** Tower outputs [B, out, K] with each sample's columns reordered by its permutation [B, K]: column k is π(k). */
    public NDArray shuffled(NDArray outputs, NDArray permutations) {
        long width = outputs.getShape().get(1);
        return outputs.gather(permutations.expandDims(1).repeat(1, width), 2);
    }

    /** T for paired tower outputs [B, out, K]: w·ReLU(fx + fy), shape [B, K]. */
    public NDArray score(NDArray fx, NDArray fy) {
        return head.transpose(0, 2, 1).batchMatMul(Activation.relu(fx.add(fy))).squeeze(1);
    }

    /** (W₁W₂)ᵀ rowsᵀ + (b₁W₂ + b₂)ᵀ: the tower's two dense layers as one affine map, [B, out, K]. */
    private NDArray apply(Tower t, NDArray in) {
        NDArray rows = t.convWeight() == null ? in : convFront(t, in);
        NDArray outT = t.outWeight().transpose(0, 2, 1);
        NDArray productT = outT.batchMatMul(t.inWeightT());
        NDArray biasT = outT.mul(t.inBias()).sum(new int[] {2}, true).add(t.outBias().transpose(0, 2, 1));
        return productT.batchMatMul(rows.transpose(0, 2, 1)).add(biasT);
    }

    /** [B, K, H, W] → per-sample 2×2 valid convolution → [B, K, 16·(H−1)·(W−1)], one grouped convolution. */
    private NDArray convFront(Tower t, NDArray maps) {
        Shape s = maps.getShape();
        long k = s.get(1);
        NDArray grouped = maps.transpose(1, 0, 2, 3);
        NDArray out = Conv2d.conv2d(grouped, t.convWeight(), t.convBias(), new Shape(1, 1), new Shape(0, 0),
                new Shape(1, 1), batch).singletonOrThrow();
        long h = out.getShape().get(2);
        long w = out.getShape().get(3);
        return out.reshape(k, batch, CONV_FILTERS * h * w).transpose(1, 0, 2);
    }

    private NDArray glorot(SplittableRandom[] randoms, Shape shape, long fanIn, long fanOut, DataType dataType) {
        return glorot(randoms, shape, fanIn, fanOut, dataType, false);
    }

    /**
     * TF's Glorot-uniform kernel of {@code shape} [B, rows, columns], drawn per sample in row-major order; with
     * {@code transposed} the same values are stored as [B, columns, rows].
     */
    private NDArray glorot(SplittableRandom[] randoms, Shape shape, long fanIn, long fanOut, DataType dataType,
            boolean transposed) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        int perSample = Math.toIntExact(shape.size() / batch);
        int rows = transposed ? Math.toIntExact(shape.get(1)) : 1;
        int columns = perSample / rows;
        float[] values = new float[batch * perSample];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < perSample; i++) {
                int stored = transposed ? (i % columns) * rows + i / columns : i;
                values[b * perSample + stored] = (float) ((randoms[b].nextDouble() * 2 - 1) * limit);
            }
        }
        Shape stored = transposed ? new Shape(batch, shape.get(2), shape.get(1)) : shape;
        return register(OwnedArrays.of(manager, values, stored, dataType));
    }

    private NDArray zeros(Shape shape, DataType dataType) {
        return register(manager.zeros(shape, dataType));
    }

    private NDArray register(NDArray typed) {
        typed.setRequiresGradient(true);
        parameters.add(typed);
        return typed;
    }
}
