package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.uaespark.models.optim.Optimizer;
import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.testing.Float32;

/**
 * Three steps of each optimiser on L(p) = 1.5·p² (gradient 3p) against the Keras 2 update rules written out here
 * in double precision. The optimisers run in float32, where 1 − β₂ = 1 − 0.999 alone carries a 1.3e-5 relative
 * error, so parameters agree to 5e-6 (a wrong rule is off by 1e-2 or more).
 */
class OptimizerTest {
    private static final double P0 = 0.8;

    /**
     * Three steps on a [2, 16] parameter, one row at +P0 and one at −P0 (16 elements per row: the fused Adam's
     * kernel takes such rows), returning the first element after each step; every element must follow it.
     */
    private static double[] run(OptimizerSpec spec) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] start = new float[32];
            java.util.Arrays.fill(start, 0, 16, (float) P0);
            java.util.Arrays.fill(start, 16, 32, (float) -P0);
            NDArray p = m.create(start, new Shape(2, 16));
            p.setRequiresGradient(true);
            Optimizer optimizer = Optimizer.of(spec, m);
            double[] out = new double[3];
            for (int t = 0; t < 3; t++) {
                Autograd.backward(() -> p.square().mul(1.5f).sum());
                Autograd.noGrad();
                optimizer.step(List.of(p));
                Autograd.zero(List.of(p));
                float[] now = p.toFloatArray();
                out[t] = now[0];
                for (int i = 0; i < 32; i++) {
                    assertEquals(i < 16 ? out[t] : -out[t], now[i], 1e-7, "element " + i + ": the update must be "
                            + "elementwise and odd in p");
                }
            }
            return out;
        }
    }

    /** Keras's Adam in double precision; ε large enough to matter, so that its bias correction is checked too. */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "adam-fused"})
    void adam(String name) {
        for (double epsilon : new double[] {1e-7, 0.05}) {
            OptimizerSpec spec = new OptimizerSpec(name, 0.1, 0, 0.9, 0.999, epsilon);
            double p = P0;
            double m = 0;
            double v = 0;
            double[] actual = run(spec);
            for (int t = 1; t <= 3; t++) {
                double g = 3 * p;
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                double lr = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                p -= lr * m / (Math.sqrt(v) + epsilon);
                assertEquals(p, actual[t - 1], 5e-6, name + ", epsilon " + epsilon + ", step " + t);
            }
        }
    }

    /**
     * Adam forms its products in per-parameter work arrays: two parameters of different shapes must each follow
     * the single-parameter run bit for bit, and the gradients the step read must come out untouched.
     */
    @Test
    void adamsWorkArraysAreParameterOwnedAndLeaveGradientsAlone() {
        OptimizerSpec spec = new OptimizerSpec("adam", 0.1, 0, 0.9, 0.999, 1e-7);
        double[] alone = run(spec);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray p = m.create(new float[] {(float) P0, (float) -P0});
            NDArray q = m.create(new float[] {(float) P0, 0f, (float) -P0});
            p.setRequiresGradient(true);
            q.setRequiresGradient(true);
            Optimizer optimizer = Optimizer.of(spec, m);
            for (int t = 0; t < 3; t++) {
                Autograd.backward(() -> p.square().mul(1.5f).sum().add(q.square().mul(1.5f).sum()));
                Autograd.noGrad();
                float[] gp = p.getGradient().toFloatArray();
                float[] gq = q.getGradient().toFloatArray();
                optimizer.step(List.of(p, q));
                assertArrayEquals(gp, p.getGradient().toFloatArray(), "p's gradient, step " + (t + 1));
                assertArrayEquals(gq, q.getGradient().toFloatArray(), "q's gradient, step " + (t + 1));
                Autograd.zero(List.of(p, q));
                assertEquals((float) alone[t], p.toFloatArray()[0], 0f, "p, step " + (t + 1));
                assertArrayEquals(new float[] {(float) alone[t], 0f, (float) -alone[t]}, q.toFloatArray(),
                        "q, step " + (t + 1));
            }
        }
    }

    @Test
    void rmsprop() {
        double p = P0;
        double a = 0;
        double[] actual = run(new OptimizerSpec("rmsprop", 0.0025, 0.9, 0.9, 0.999, 1e-7));
        for (int t = 1; t <= 3; t++) {
            double g = 3 * p;
            a = 0.9 * a + 0.1 * g * g;
            p -= 0.0025 * g / (Math.sqrt(a) + 1e-7);
            assertEquals(p, actual[t - 1], 5e-6, "step " + t);
        }
    }

    @Test
    void adadelta() {
        double p = P0;
        double a = 0;
        double d = 0;
        double[] actual = run(new OptimizerSpec("adadelta", 1.0, 0.95, 0.9, 0.999, 1e-7));
        for (int t = 1; t <= 3; t++) {
            double g = 3 * p;
            a = 0.95 * a + 0.05 * g * g;
            double u = g * Math.sqrt(d + 1e-7) / Math.sqrt(a + 1e-7);
            p -= u;
            d = 0.95 * d + 0.05 * u * u;
            assertEquals(p, actual[t - 1], 5e-6, "step " + t);
        }
    }

    /**
     * The fused kernel against the elementwise expression of the same rule, 20 steps on [4, 64] with gradients of
     * magnitude 1e-6 against ε = 1e-7, where a misapplied ε (PyTorch adds it after the bias correction) would change
     * each step by a factor of order one. The gradients do not depend on p, so m and v follow the same recursions in
     * both and differ only in rounding: a few ulps of m/√v, about lr·1e-6 per step. The parameters differ mainly
     * where p − u rounds to a neighbouring float, at most one ulp of |p| per step.
     */
    @Test
    void fusedAdamIsTheElementwiseRuleUpToFloat32Rounding() {
        int steps = 20;
        float[][] fused = trainRows("adam-fused", 4, 64, steps);
        float[][] elementwise = trainRows("adam", 4, 64, steps);
        float[][] start = trainRows("adam", 4, 64, 0);
        double largest = 0;
        double moved = 0;
        double differ = 0;
        for (int r = 0; r < 4; r++) {
            for (int i = 0; i < 64; i++) {
                largest = Math.max(largest, Math.abs(start[r][i]) + 1e-2);
                moved = Math.max(moved, Math.abs(elementwise[r][i] - start[r][i]));
                differ = Math.max(differ, Math.abs(fused[r][i] - elementwise[r][i]));
            }
        }
        double tolerance = steps * (2 * Float32.U * largest + 1e-3 * 1e-6);
        assertTrue(differ <= tolerance, "fused and elementwise Adam differ by " + differ + " > " + tolerance);
        assertTrue(moved > 100 * tolerance, "the steps must move the parameters well past the tolerance: " + moved);
    }

    /**
     * The fused kernel rounds a tensor's last partial 64-byte vector differently, so it takes only parameters whose
     * rows are whole vectors: a row's result is then the same bits whatever the number of rows (a MINE sample's
     * result does not depend on its batch), and a parameter with 10-element rows gets the elementwise rule's bits.
     */
    @Test
    void fusedAdamsRowsDoNotDependOnHowManyRowsTheParameterHas() {
        float[][] four = trainRows("adam-fused", 4, 64, 10);
        float[][] three = trainRows("adam-fused", 3, 64, 10);
        float[][] one = trainRows("adam-fused", 1, 64, 10);
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(four[r], three[r], "row " + r + " of 4 and of 3");
        }
        assertArrayEquals(four[0], one[0], "row 0 of 4 and alone");
        float[][] narrow = trainRows("adam-fused", 3, 10, 10);
        float[][] narrowElementwise = trainRows("adam", 3, 10, 10);
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(narrowElementwise[r], narrow[r], "10-element row " + r);
        }
    }

    /**
     * Trains a [rows, width] parameter (row r from its own seed, whatever the number of rows) for {@code steps}
     * steps of L = Σ p·g with fresh ±1e-6 gradients; returns its rows.
     */
    private static float[][] trainRows(String optimizer, int rows, int width, int steps) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] start = new float[rows * width];
            java.util.SplittableRandom[] randoms = new java.util.SplittableRandom[rows];
            for (int r = 0; r < rows; r++) {
                randoms[r] = new java.util.SplittableRandom(r + 1);
                for (int i = 0; i < width; i++) {
                    start[r * width + i] = (float) (randoms[r].nextDouble() * 2 - 1);
                }
            }
            NDArray p = m.create(start, new Shape(rows, width));
            p.setRequiresGradient(true);
            Optimizer adam = Optimizer.of(new OptimizerSpec(optimizer, 1e-3, 0, 0.9, 0.999, 1e-7), m);
            for (int t = 0; t < steps; t++) {
                float[] g = new float[rows * width];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < width; i++) {
                        g[r * width + i] = randoms[r].nextBoolean() ? 1e-6f : -1e-6f;
                    }
                }
                NDArray gradient = m.create(g, p.getShape());
                Autograd.backward(() -> p.mul(gradient).sum());
                Autograd.noGrad();
                adam.step(List.of(p));
                Autograd.zero(List.of(p));
            }
            float[][] out = new float[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = p.get(new NDIndex(r)).toFloatArray();
            }
            return out;
        }
    }
}
