package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.uaespark.testing.Float32;

/**
 * {@link Layers#sigmoid} gives a sample the same bits at every position of a batch and alone, for row sizes with
 * and without a partial SIMD block (a flat sigmoid differed for 17–25 % of the samples of random batches of 3 of
 * 13- and 30-value rows at AVX2, and of 784-value rows at AVX-512), and is the logistic function within float32
 * rounding; its gradient is y(1 − y).
 */
class LayersTest {
    @ParameterizedTest
    @ValueSource(ints = {13, 30, 64, 784, 1000})
    void aSampleGetsTheSameBitsWhereverItStands(int d) {
        SplittableRandom random = new SplittableRandom(d);
        try (NDManager m = NDManager.newBaseManager()) {
            for (int trial = 0; trial < 30; trial++) {
                float[][] rows = new float[3][d];
                for (float[] row : rows) {
                    for (int i = 0; i < d; i++) {
                        row[i] = (float) (random.nextGaussian() * 4);
                    }
                }
                float[] abc = sigmoid(m, rows[0], rows[1], rows[2]);
                float[] cab = sigmoid(m, rows[2], rows[0], rows[1]);
                for (int b = 0; b < 3; b++) {
                    float[] mine = Arrays.copyOfRange(abc, b * d, (b + 1) * d);
                    int moved = (b + 1) % 3;
                    assertArrayEquals(mine, Arrays.copyOfRange(cab, moved * d, (moved + 1) * d),
                            "sample " + b + " at position " + moved + ", trial " + trial);
                    assertArrayEquals(mine, sigmoid(m, rows[b]), "sample " + b + " alone, trial " + trial);
                    for (int i = 0; i < d; i++) {
                        double exact = 1 / (1 + Math.exp(-rows[b][i]));
                        assertEquals(exact, mine[i], Float32.gamma(4) * exact + Float.MIN_NORMAL);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 784})
    void theGradientIsTheLogisticDerivative(int d) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] values = new float[2 * d];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i % 17 - 8) * 0.5f;
            }
            NDArray x = m.create(values, new Shape(2, d));
            x.setRequiresGradient(true);
            NDArray y = Autograd.backward(() -> Layers.sigmoid(x).sum());
            Autograd.noGrad();
            float[] gradient = x.getGradient().toFloatArray();
            for (int i = 0; i < values.length; i++) {
                double s = 1 / (1 + Math.exp(-values[i]));
                assertEquals(s * (1 - s), gradient[i], Float32.gamma(8) * s + Float.MIN_NORMAL, "element " + i);
            }
            assertEquals(2 * d, gradient.length);
            assertEquals(1, y.getShape().size());
        }
    }

    private static float[] sigmoid(NDManager m, float[]... rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, flat, b * d, d);
        }
        return Layers.sigmoid(m.create(flat, new Shape(rows.length, 1, d))).toFloatArray();
    }
}
