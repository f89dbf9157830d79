package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.uaespark.testing.Float32;

/**
 * {@link Layers#conv2dSame} against the defining sum, and its input gradient free of NaN over many backward
 * passes: libtorch's float32 CPU convolution returned NaN input gradients at random on an AMD EPYC with AVX-512
 * (from the first pass, for 1–16 output channels), which made conv-AE training diverge.
 */
class ConvolutionTest {
    private static final int BATCH = 3;
    private static final int IN = 16;
    private static final int SIZE = 8;
    private static final int K = 5;

    private static float[] uniform(SplittableRandom random, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 16})
    void sameConvolutionIsTheDefiningSum(int out) {
        SplittableRandom random = new SplittableRandom(out);
        float[] x = uniform(random, BATCH * IN * SIZE * SIZE, 1);
        float[] w = uniform(random, out * IN * K * K, 0.2);
        float[] b = uniform(random, out, 0.1);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = Layers.conv2dSame(m.create(x, new Shape(BATCH, IN, SIZE, SIZE)),
                    m.create(w, new Shape(out, IN, K, K)), m.create(b, new Shape(out))).toFloatArray();
            assertEquals(BATCH * out * SIZE * SIZE, y.length);
            int p = K / 2;
            for (int n = 0; n < BATCH; n++) {
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < SIZE; i++) {
                        for (int j = 0; j < SIZE; j++) {
                            double sum = b[o];
                            double magnitude = Math.abs(b[o]);
                            for (int c = 0; c < IN; c++) {
                                for (int u = 0; u < K; u++) {
                                    for (int v = 0; v < K; v++) {
                                        int r = i + u - p;
                                        int s = j + v - p;
                                        if (r >= 0 && r < SIZE && s >= 0 && s < SIZE) {
                                            double term = (double) w[((o * IN + c) * K + u) * K + v]
                                                    * x[((n * IN + c) * SIZE + r) * SIZE + s];
                                            sum += term;
                                            magnitude += Math.abs(term);
                                        }
                                    }
                                }
                            }
                            // Float32 products and a sum of IN·K² + 1 terms in any order.
                            double tolerance = Float32.gamma(IN * K * K + 2) * magnitude;
                            assertEquals(sum, y[((n * out + o) * SIZE + i) * SIZE + j], tolerance,
                                    "output " + n + "," + o + "," + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 16})
    void inputGradientsAreFinite(int out) {
        SplittableRandom random = new SplittableRandom(100 + out);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int pass = 0; pass < 1500; pass++) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray x = scope.create(uniform(random, 20 * IN * SIZE * SIZE, 1), new Shape(20, IN, SIZE, SIZE));
                    x.setRequiresGradient(true);
                    NDArray w = scope.create(uniform(random, out * IN * K * K, 0.1), new Shape(out, IN, K, K));
                    NDArray b = scope.zeros(new Shape(out));
                    Autograd.backward(() -> Layers.conv2dSame(x, w, b).sum());
                    Autograd.noGrad();
                    assertTrue(!x.getGradient().isNaN().any().getBoolean(), "NaN input gradient in pass " + pass);
                }
            }
        }
    }
}
