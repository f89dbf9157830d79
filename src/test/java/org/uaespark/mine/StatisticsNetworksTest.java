package org.uaespark.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.uaespark.testing.Float32;

/**
 * A tower against its definition written out here: Dense(in→hidden) then Dense(hidden→out), kernels drawn per sample
 * from the sample's seed in row-major order (TF's Glorot-uniform, in × hidden then hidden × out), zero biases. The
 * networks hold the first kernel transposed; a transposition that did not match the draw order would still be a
 * random initialisation, and only a test like this one tells.
 */
class StatisticsNetworksTest {
    private static final int IN = 3;
    private static final int HIDDEN = 4;
    private static final int OUT = 2;
    private static final int K = 2;

    @Test
    void aTowerIsItsTwoLayersWithKernelsDrawnRowMajor() {
        long seed = 42;
        SplittableRandom draws = new SplittableRandom(seed);
        double[][] w1 = glorot(draws, IN, HIDDEN);
        double[][] w2 = glorot(draws, HIDDEN, OUT);
        float[] xs = {0.2f, -0.7f, 1.1f, 0.5f, 0.3f, -0.4f};
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            StatisticsNetworks networks = new StatisticsNetworks(m, new long[] {seed}, IN, HIDDEN, OUT,
                    DataType.FLOAT32);
            float[] towers = networks.towerX(m.create(xs, new Shape(1, K, IN))).toFloatArray(); // [1, OUT, K]
            for (int k = 0; k < K; k++) {
                for (int o = 0; o < OUT; o++) {
                    double expected = 0;
                    double magnitude = 0;
                    for (int h = 0; h < HIDDEN; h++) {
                        double hidden = 0;
                        double hiddenMagnitude = 0;
                        for (int i = 0; i < IN; i++) {
                            hidden += xs[k * IN + i] * w1[i][h];
                            hiddenMagnitude += Math.abs(xs[k * IN + i] * w1[i][h]);
                        }
                        expected += hidden * w2[h][o];
                        magnitude += hiddenMagnitude * Math.abs(w2[h][o]);
                    }
                    // Two float32 dot products in any order (and the kernels rounded to float32 when drawn).
                    double tolerance = Float32.gamma(IN * HIDDEN + 2L) * magnitude;
                    assertEquals(expected, towers[o * K + k], tolerance, "row " + k + ", output " + o);
                }
            }
        }
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
