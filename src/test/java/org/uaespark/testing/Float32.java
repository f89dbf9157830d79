package org.uaespark.testing;

import ai.djl.ndarray.NDArray;

import org.uaespark.models.Autoencoder;
import org.uaespark.models.ModelKind;

/**
 * Tolerances derived from float32 rounding, for results compared across batchings, kernels or thread counts,
 * where the same sums are formed in another order (or with fused multiply-adds on one CPU and not another) and
 * exact equality is promised only within one machine and one batching.
 */
public final class Float32 {
    /** Unit roundoff of float32, 2⁻²⁴. */
    public static final double U = 0x1p-24;

    private Float32() {
    }

    /**
     * γₙ = n·u / (1 − n·u): the worst-case relative error of a float32 sum or dot product of n terms, in any order
     * and with or without fused multiply-adds (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.1).
     */
    public static double gamma(long n) {
        return n * U / (1 - n * U);
    }

    /**
     * The largest difference, over every output of a dense or sparse autoencoder σ(σ(x·W₁ + b₁)·W₂ + b₂) on inputs
     * in [0, 1], between two evaluations that order their float32 sums differently. A pre-activation z = Σᵢ aᵢwᵢ + b
     * of n inputs is off by at most γₙ₊₁·(Σᵢ|aᵢ||wᵢ| + |b|) plus what its inputs were off by; σ has slope at most ¼
     * and rounds its result once more (u).
     */
    public static double denseReconstructionBound(Autoencoder model) {
        ModelKind kind = model.config().kind();
        if (kind != ModelKind.DENSE && kind != ModelKind.SPARSE) {
            throw new IllegalArgumentException("a bound for the dense and sparse autoencoders, not " + kind);
        }
        double[][] w1 = matrix(model.parameters().get("encoder.weight"));
        double[] b1 = vector(model.parameters().get("encoder.bias"));
        double[][] w2 = matrix(model.parameters().get("decoder.weight"));
        double[] b2 = vector(model.parameters().get("decoder.bias"));
        int inputs = w1.length;
        int hidden = b1.length;
        double[] hiddenError = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double magnitude = Math.abs(b1[j]);
            for (int i = 0; i < inputs; i++) {
                magnitude += Math.abs(w1[i][j]);
            }
            hiddenError[j] = 0.25 * gamma(inputs + 1) * magnitude + U;
        }
        double worst = 0;
        for (int k = 0; k < b2.length; k++) {
            double magnitude = Math.abs(b2[k]);
            double propagated = 0;
            for (int j = 0; j < hidden; j++) {
                magnitude += Math.abs(w2[j][k]);
                propagated += Math.abs(w2[j][k]) * hiddenError[j];
            }
            worst = Math.max(worst, 0.25 * (gamma(hidden + 1) * magnitude + propagated) + U);
        }
        return worst;
    }

    /**
     * How far a per-pixel mean squared error of {@code mse} may move when every reconstruction moves by at most
     * {@code outputBound}: (x − y − Δ)² − (x − y)² ≤ 2|x − y|Δ + Δ², and the mean of |x − y| is at most √MSE.
     */
    public static double mseTolerance(double mse, double outputBound) {
        return 2 * Math.sqrt(mse) * outputBound + outputBound * outputBound;
    }

    private static double[][] matrix(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        float[] values = a.toFloatArray();
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = values[i * cols + j];
            }
        }
        return out;
    }

    private static double[] vector(NDArray a) {
        float[] values = a.toFloatArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
