package org.uaespark.models.contrastive;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.data.Seeds;
import org.uaespark.models.Autograd;
import org.uaespark.models.FloatMatrix;

/**
 * A linear classifier on a frozen encoder's representation (linear evaluation of a SimCLR encoder's pooled
 * features), as a differentiable layer: logits = W·h(x) + b. It scores clean accuracy and runs the paper's L∞ PGD robustness check (appendix
 * B.11): a random start U(−ε, ε) clipped to [0, 1], then {@code steps} steps of {@code stepSize}·sign(∇ cross-entropy),
 * each projected onto the ε-ball around x and onto [0, 1]. The encoder runs in inference mode, so every sample's
 * attack is independent of the others in its batch.
 *
 * @param model     the frozen encoder h
 * @param weights   [classes][features] coefficients
 * @param intercept [classes]
 */
public record LinearProbe(FrozenEncoder model, float[][] weights, float[] intercept) {

    /** The logits of a batch [B, d]: [B, classes]. */
    NDArray logits(NDArray x) {
        NDManager m = x.getManager();
        int classes = weights.length;
        int features = weights[0].length;
        float[] w = new float[features * classes];
        for (int c = 0; c < classes; c++) {
            for (int f = 0; f < features; f++) {
                w[f * classes + c] = weights[c][f];
            }
        }
        return model.represent(x).matMul(m.create(w, new Shape(features, classes))).add(m.create(intercept));
    }

    /**
     * For every ε, whether each row is still classified correctly after PGD at that ε.
     *
     * @param x          rows in [0, 1]
     * @param labels     their classes
     * @param epsilons   L∞ budgets
     * @param steps      PGD steps (100 in the paper)
     * @param stepSize   step size (0.01)
     * @param startSeeds per row, the seed of its random start (the same for every ε, redrawn per ε by mixing)
     * @return [ε][row]
     */
    public boolean[][] correctUnderAttack(FloatMatrix x, int[] labels, double[] epsilons, int steps, double stepSize,
            long[] startSeeds) {
        boolean[][] out = new boolean[epsilons.length][];
        for (int e = 0; e < epsilons.length; e++) {
            out[e] = attack(x, labels, epsilons[e], steps, stepSize, startSeeds, e);
        }
        return out;
    }

    private boolean[] attack(FloatMatrix x, int[] labels, double epsilon, int steps, double stepSize,
            long[] startSeeds, int salt) {
        int rows = x.rows();
        int d = x.cols();
        float[] original = x.data();
        float[] adversarial = new float[original.length];
        for (int r = 0; r < rows; r++) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(startSeeds[r], salt));
            for (int j = 0; j < d; j++) {
                int i = r * d + j;
                float start = (float) (original[i] + (random.nextDouble() * 2 - 1) * epsilon);
                adversarial[i] = clamp(start, original[i], epsilon);
            }
        }
        for (int t = 0; t < steps; t++) {
            float[] gradient = crossEntropyGradient(adversarial, labels, rows, d);
            for (int i = 0; i < adversarial.length; i++) {
                float moved = adversarial[i] + (float) (stepSize * Math.signum(gradient[i]));
                adversarial[i] = clamp(moved, original[i], epsilon);
            }
        }
        return correct(new FloatMatrix(rows, d, adversarial), labels);
    }

    private static float clamp(float value, float centre, double epsilon) {
        float low = (float) Math.max(0, centre - epsilon);
        float high = (float) Math.min(1, centre + epsilon);
        return Math.max(low, Math.min(high, value));
    }

    /** ∂/∂x of the summed cross-entropy of the rows' labels: each row's gradient is its own loss's. */
    private float[] crossEntropyGradient(float[] rows, int[] labels, int count, int d) {
        try (NDManager scope = model.manager().newSubManager()) {
            scope.tempAttachAll(model.parameters().all().toArray(new NDArray[0]));
            NDArray x = scope.create(rows, new Shape(count, d));
            x.setRequiresGradient(true);
            NDArray oneHot = scope.create(oneHot(labels, weights.length), new Shape(count, weights.length));
            Autograd.backward(() -> logits(x).logSoftmax(1).mul(oneHot).sum().neg());
            Autograd.noGrad();
            float[] gradient = x.getGradient().toFloatArray();
            Autograd.zero(model.parameters().trainable());
            return gradient;
        }
    }

    /** Whether each row's arg-max logit is its label. */
    public boolean[] correct(FloatMatrix x, int[] labels) {
        Autograd.noGrad();
        try (NDManager scope = model.manager().newSubManager()) {
            scope.tempAttachAll(model.parameters().all().toArray(new NDArray[0]));
            int[] predicted = logits(scope.create(x.data(), new Shape(x.rows(), x.cols()))).argMax(1)
                    .toType(DataType.INT32, false).toIntArray();
            boolean[] out = new boolean[x.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = predicted[r] == labels[r];
            }
            return out;
        }
    }

    private static float[] oneHot(int[] labels, int classes) {
        float[] out = new float[labels.length * classes];
        for (int r = 0; r < labels.length; r++) {
            out[r * classes + labels[r]] = 1f;
        }
        return out;
    }
}
