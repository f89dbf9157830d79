package org.uaespark.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.uaespark.models.Autograd;
import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.testing.Float32;

/**
 * The statistics network against its definition written out here: towers Dense(in→hidden) then Dense(hidden→out),
 * kernels drawn per sample from the sample's seed in row-major order (TF's Glorot-uniform: x-tower in × hidden then
 * hidden × out, the y-tower likewise, then the head out × 1), zero biases, T = w·ReLU(f(x) + g(y)) and the
 * Donsker–Varadhan estimate mean T(x_k, y_k) − log mean e^{T(x_k, y_π(k))}. The networks hold the first kernel
 * transposed and evaluate the towers as one product; a transposition that did not match the draw order would still
 * be a random initialisation, and only a test like this one tells.
 */
class StatisticsNetworksTest {
    private static final int IN = 3;
    private static final int HIDDEN = 4;
    private static final int OUT = 2;
    private static final int K = 3;
    private static final long[] PERMUTATION = {2, 0, 1};

    @Test
    void theEstimateIsTheDefinitionsWithKernelsDrawnRowMajor() {
        long seed = 42;
        // MineEstimator draws the networks from a seed mixed from the sample's.
        SplittableRandom draws = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        double[][][] x = {glorot(draws, IN, HIDDEN), glorot(draws, HIDDEN, OUT)};
        double[][][] y = {glorot(draws, IN, HIDDEN), glorot(draws, HIDDEN, OUT)};
        double[][] head = glorot(draws, OUT, 1);
        float[] xs = {0.2f, -0.7f, 1.1f, 0.5f, 0.3f, -0.4f, 0.9f, 0.1f, -1.2f};
        float[] ys = {-0.3f, 0.8f, 0.4f, 1.3f, -0.6f, 0.2f, 0.0f, 0.7f, -0.5f};
        double[][] fx = tower(x, xs);
        double[][] fy = tower(y, ys);
        double joint = 0;
        double sumExp = 0;
        double magnitude = 0;
        for (int k = 0; k < K; k++) {
            double[] t = score(head, fx[k], fy[k]);
            double[] marginal = score(head, fx[k], fy[(int) PERMUTATION[k]]);
            joint += t[0] / K;
            sumExp += Math.exp(marginal[0]);
            magnitude = Math.max(magnitude, Math.max(t[1], marginal[1]));
        }
        double expected = joint - Math.log(sumExp / K);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Autograd.noGrad();
            MineEstimator mine = new MineEstimator(m, new long[] {seed}, IN, HIDDEN, OUT,
                    new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7));
            Shape rows = new Shape(1, K, IN);
            float value = mine.estimate(m.create(xs, rows), m.create(ys, rows), m.create(PERMUTATION, new Shape(1, K)))
                    .getFloat();
            // Every T is a float32 sum of at most IN·HIDDEN·OUT + HIDDEN + OUT products in some order; the mean,
            // the log-mean-exp and their difference add a few roundings, each bounded by the largest |T|.
            double tolerance = Float32.gamma((long) IN * HIDDEN * OUT + HIDDEN + OUT + 3L * K) * magnitude * 4;
            assertEquals(expected, value, tolerance);
        }
    }

    /** The tower's outputs on each of the K rows, layer after layer, in double. */
    private static double[][] tower(double[][][] kernels, float[] rows) {
        double[][] out = new double[K][OUT];
        for (int k = 0; k < K; k++) {
            for (int h = 0; h < HIDDEN; h++) {
                double hidden = 0;
                for (int i = 0; i < IN; i++) {
                    hidden += rows[k * IN + i] * kernels[0][i][h];
                }
                for (int o = 0; o < OUT; o++) {
                    out[k][o] += hidden * kernels[1][h][o];
                }
            }
        }
        return out;
    }

    /** {T, Σ|terms|}: the head on ReLU(fx + fy), and the magnitude its rounding scales with. */
    private static double[] score(double[][] head, double[] fx, double[] fy) {
        double t = 0;
        double magnitude = 0;
        for (int o = 0; o < OUT; o++) {
            double hidden = Math.max(0, fx[o] + fy[o]);
            t += head[o][0] * hidden;
            magnitude += Math.abs(head[o][0]) * (Math.abs(fx[o]) + Math.abs(fy[o]) + 1);
        }
        return new double[] {t, magnitude};
    }

    private static double[][] glorot(SplittableRandom draws, int rows, int columns) {
        double limit = Math.sqrt(6.0 / (rows + columns));
        double[][] kernel = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                kernel[r][c] = (float) ((draws.nextDouble() * 2 - 1) * limit);
            }
        }
        return kernel;
    }
}
