package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import org.uaespark.models.optim.Optimizer;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * Three steps of each optimiser on L(p) = 1.5·p² (gradient 3p) against the Keras 2 update rules written out here
 * in double precision. The optimisers run in float32, where 1 − β₂ = 1 − 0.999 alone carries a 1.3e-5 relative
 * error, so parameters agree to 5e-6 (a wrong rule is off by 1e-2 or more).
 */
class OptimizerTest {
    private static final double P0 = 0.8;

    private static double[] run(OptimizerSpec spec) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray p = m.create(new float[] {(float) P0, (float) -P0});
            p.setRequiresGradient(true);
            Optimizer optimizer = Optimizer.of(spec, m);
            double[] out = new double[3];
            for (int t = 0; t < 3; t++) {
                Autograd.backward(() -> p.square().mul(1.5f).sum());
                Autograd.noGrad();
                optimizer.step(List.of(p));
                Autograd.zero(List.of(p));
                out[t] = p.toFloatArray()[0];
                assertEquals(-out[t], p.toFloatArray()[1], 1e-7, "the update must be odd in p");
            }
            return out;
        }
    }

    @Test
    void adam() {
        OptimizerSpec spec = new OptimizerSpec("adam", 0.1, 0, 0.9, 0.999, 1e-7);
        double p = P0;
        double m = 0;
        double v = 0;
        double[] actual = run(spec);
        for (int t = 1; t <= 3; t++) {
            double g = 3 * p;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double lr = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            p -= lr * m / (Math.sqrt(v) + 1e-7);
            assertEquals(p, actual[t - 1], 5e-6, "step " + t);
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
}
