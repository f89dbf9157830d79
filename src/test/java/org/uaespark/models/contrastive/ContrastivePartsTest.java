package org.uaespark.models.contrastive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.uaespark.models.Autograd;
import org.uaespark.models.ParameterSet;
import org.uaespark.models.optim.Lars;
import org.uaespark.models.optim.WarmupCosine;

/**
 * The contrastive model's parts against closed forms and transcriptions written out here: NT-Xent, the view
 * augmentation, batch norm in training and inference mode, LARS and its schedule.
 */
class ContrastivePartsTest {

    private static NDManager manager() {
        return NDManager.newBaseManager(Device.cpu(), "PyTorch");
    }

    @Test
    void ntXentOfIdenticalViewsIsTwiceLogOfTheNegativesPlusOne() {
        try (NDManager m = manager()) {
            int n = 50;
            NDArray z = m.ones(new Shape(2, 2 * n, 4)).mul(m.create(new float[] {1f, 3f}).reshape(2, 1, 1));
            float[] loss = NtXent.perGroup(z, 0.5).toFloatArray();
            assertEquals(2 * Math.log(2 * n - 1), loss[0], 1e-5, "the paper code's constant 2 ln 99");
            assertEquals(loss[0], loss[1], 1e-6, "scale does not matter after normalisation");
        }
    }

    @Test
    void ntXentMatchesATranscriptionOfSimClrsLossInDoublePrecision() {
        int n = 3;
        int dim = 5;
        double tau = 0.5;
        SplittableRandom random = new SplittableRandom(4);
        double[][] z = new double[2 * n][dim];
        float[] flat = new float[2 * n * dim];
        for (int i = 0; i < 2 * n; i++) {
            for (int k = 0; k < dim; k++) {
                z[i][k] = (float) (random.nextDouble() * 2 - 1);
                flat[i * dim + k] = (float) z[i][k];
            }
            double norm = Math.sqrt(java.util.Arrays.stream(z[i]).map(v -> v * v).sum());
            for (int k = 0; k < dim; k++) {
                z[i][k] /= norm;
            }
        }
        double expected = 0;
        for (int side = 0; side < 2; side++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                int self = side * n + i;
                int positive = (1 - side) * n + i;
                double sum = 0;
                for (int j = 0; j < 2 * n; j++) {
                    if (j != self) {
                        sum += Math.exp(dot(z[self], z[j]) / tau);
                    }
                }
                mean += (-dot(z[self], z[positive]) / tau + Math.log(sum)) / n;
            }
            expected += mean;
        }
        try (NDManager m = manager()) {
            double actual = NtXent.perGroup(m.create(flat, new Shape(1, 2 * n, dim)), tau).getFloat();
            assertEquals(expected, actual, 1e-5);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static NDArray image(NDManager m, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[channels * 6 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble();
        }
        return m.create(v, new Shape(1, channels, 6, 5));
    }

    private static ViewDraw with(ViewDraw base, boolean flip, float brightness, boolean grayscale) {
        return new ViewDraw(base.top(), base.left(), base.height(), base.width(), flip, brightness, base.contrast(),
                base.saturation(), base.hue(), base.order(), grayscale);
    }

    @Test
    void theIdentityViewFlipBrightnessAndGrayscaleAreWhatTheySay() {
        try (NDManager m = manager()) {
            NDArray x = image(m, 3, 1);
            float[] pixels = x.toFloatArray();
            ViewDraw identity = ViewDraw.identity(6, 5, 3);
            assertArrayEquals(pixels, ViewAugmentation.apply(x, List.of(identity)).toFloatArray(), 1e-6f);
            float[] flipped = ViewAugmentation.apply(x, List.of(with(identity, true, 1f, false))).toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < 6; r++) {
                    for (int col = 0; col < 5; col++) {
                        assertEquals(pixels[(c * 6 + r) * 5 + col], flipped[(c * 6 + r) * 5 + 4 - col], 1e-6f);
                    }
                }
            }
            float[] bright = ViewAugmentation.apply(x, List.of(with(identity, false, 1.3f, false))).toFloatArray();
            for (int i = 0; i < pixels.length; i++) {
                assertEquals(Math.min(1f, pixels[i] * 1.3f), bright[i], 1e-6f);
            }
            float[] gray = ViewAugmentation.apply(x, List.of(with(identity, false, 1f, true))).toFloatArray();
            for (int p = 0; p < 30; p++) {
                double luma = 0.2989 * pixels[p] + 0.5870 * pixels[30 + p] + 0.1140 * pixels[60 + p];
                for (int c = 0; c < 3; c++) {
                    assertEquals(luma, gray[c * 30 + p], 1e-6);
                }
            }
        }
    }

    @Test
    void aHueTurnKeepsTheLumaOfUnclippedColoursAndAFullTurnIsTheIdentity() {
        try (NDManager m = manager()) {
            NDArray x = image(m, 3, 2).mul(0.5f).add(0.25f);
            ViewDraw identity = ViewDraw.identity(6, 5, 3);
            ViewDraw small = new ViewDraw(0, 0, 6, 5, false, 1f, 1f, 1f, 0.02f, identity.order(), false);
            float[] before = x.toFloatArray();
            float[] after = ViewAugmentation.apply(x, List.of(small)).toFloatArray();
            for (int p = 0; p < 30; p++) {
                double y0 = 0.299 * before[p] + 0.587 * before[30 + p] + 0.114 * before[60 + p];
                double y1 = 0.299 * after[p] + 0.587 * after[30 + p] + 0.114 * after[60 + p];
                assertEquals(y0, y1, 1e-5, "YIQ luma is kept by a chroma rotation");
            }
            ViewDraw full = new ViewDraw(0, 0, 6, 5, false, 1f, 1f, 1f, 1f, identity.order(), false);
            assertArrayEquals(before, ViewAugmentation.apply(x, List.of(full)).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aCropOfTheWholeImageResizesToItselfAndAHalfCropToBilinearSamples() {
        try (NDManager m = manager()) {
            NDArray x = image(m, 1, 3);
            float[] pixels = x.toFloatArray();
            ViewDraw identity = ViewDraw.identity(6, 5, 1);
            ViewDraw top = new ViewDraw(0, 0, 3, 5, false, 1f, 1f, 1f, 0f, identity.order(), false);
            float[] out = ViewAugmentation.apply(x, List.of(top)).toFloatArray();
            for (int r = 0; r < 6; r++) {
                double source = Math.max(0, Math.min(2, (r + 0.5) * 3 / 6 - 0.5));
                int low = (int) Math.floor(source);
                int high = Math.min(low + 1, 2);
                double f = source - low;
                for (int c = 0; c < 5; c++) {
                    assertEquals((1 - f) * pixels[low * 5 + c] + f * pixels[high * 5 + c], out[r * 5 + c], 1e-6);
                }
            }
        }
    }

    @Test
    void cropDrawsStayInsideTheImageWithinTheAreaAndAspectBounds() {
        SplittableRandom random = new SplittableRandom(8);
        int jittered = 0;
        for (int i = 0; i < 2000; i++) {
            ViewDraw d = ViewDraw.draw(random, 32, 32, 3, 0.5);
            assertTrue(d.top() >= 0 && d.left() >= 0 && d.top() + d.height() <= 32 && d.left() + d.width() <= 32);
            double area = d.height() * d.width() / 1024.0;
            double aspect = (double) d.width() / d.height();
            boolean whole = d.height() == 32 && d.width() == 32;
            assertTrue(whole || (area > 0.06 && area <= 1.0 && aspect > 0.6 && aspect < 1.6), d.toString());
            assertTrue(d.brightness() >= 0.6f && d.brightness() <= 1.4f && Math.abs(d.hue()) <= 0.1f, d.toString());
            jittered += d.brightness() != 1f ? 1 : 0;
        }
        assertEquals(0.8, jittered / 2000.0, 0.04, "jitter with probability 0.8");
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndRunningOnesInInference() {
        try (NDManager m = manager()) {
            ParameterSet p = new ParameterSet(m, DataType.FLOAT32);
            BatchNorm norm = new BatchNorm(p, "x", 2, false, true);
            float[] values = {1, 10, 2, 20, 3, 30, 6, 60};
            NDArray x = m.create(values, new Shape(4, 2));
            float[] trained = norm.apply(x, true).toFloatArray();
            double mean0 = 3;
            double var0 = (4 + 1 + 0 + 9) / 4.0;
            assertEquals((1 - mean0) / Math.sqrt(var0 + 1e-5), trained[0], 1e-5);
            float[] running = p.get("x.bn.running-mean").toFloatArray();
            float[] runningVar = p.get("x.bn.running-variance").toFloatArray();
            assertEquals(0.1 * mean0, running[0], 1e-6, "0.9 · 0 + 0.1 · batch mean");
            assertEquals(0.9 + 0.1 * var0 * 4 / 3, runningVar[0], 1e-5, "unbiased batch variance");
            float[] alone = norm.apply(x.get("0:1"), false).toFloatArray();
            float[] together = norm.apply(x, false).toFloatArray();
            assertEquals((1 - running[0]) / Math.sqrt(runningVar[0] + 1e-5), alone[0], 1e-5);
            assertArrayEquals(alone, java.util.Arrays.copyOf(together, 2), "inference: a sample alone as in a batch");
            assertEquals(2, p.trainable().size(), "scale and shift train; the running statistics do not");
            assertEquals(4, p.all().size(), "all four are saved");
        }
    }

    @Test
    void larsMatchesItsUpdateRuleWrittenOutWithWeightDecayAndTrustRatioOnlyWhereTheyApply() {
        try (NDManager m = manager()) {
            NDArray w = m.create(new float[] {0.8f, -0.4f});
            w.setName("conv.weight");
            NDArray s = m.create(new float[] {0.5f});
            s.setName("conv.bn.scale");
            w.setRequiresGradient(true);
            s.setRequiresGradient(true);
            Lars lars = new Lars(0.9, 1e-2, 0.001, m);
            double[] pw = {0.8, -0.4};
            double ps = 0.5;
            double[] vw = new double[2];
            double vs = 0;
            for (int t = 0; t < 3; t++) {
                double lr = 0.05 + 0.1 * t;
                lars.setLearningRate(lr);
                Autograd.backward(() -> w.square().mul(1.5f).sum().add(s.square().mul(2f).sum()));
                Autograd.noGrad();
                lars.step(List.of(w, s));
                Autograd.zero(List.of(w, s));
                double[] g = {3 * pw[0] + 1e-2 * pw[0], 3 * pw[1] + 1e-2 * pw[1]};
                double ratio = 0.001 * Math.hypot(pw[0], pw[1]) / Math.hypot(g[0], g[1]);
                for (int i = 0; i < 2; i++) {
                    vw[i] = 0.9 * vw[i] + lr * ratio * g[i];
                    pw[i] -= vw[i];
                }
                vs = 0.9 * vs + lr * 4 * ps;
                ps -= vs;
                assertEquals(pw[0], w.toFloatArray()[0], 1e-6, "weight, step " + t);
                assertEquals(pw[1], w.toFloatArray()[1], 1e-6, "weight, step " + t);
                assertEquals(ps, s.toFloatArray()[0], 1e-6, "batch-norm scale: plain momentum SGD, step " + t);
            }
        }
    }

    @Test
    void theScheduleWarmsUpLinearlyThenDecaysAlongACosine() {
        WarmupCosine schedule = WarmupCosine.of(1.0, 512, 10, 100, 1000);
        assertEquals(2.0, schedule.peak(), 0);
        assertEquals(1000, schedule.warmupSteps());
        assertEquals(0, schedule.rate(0), 0);
        assertEquals(1.0, schedule.rate(500), 1e-12);
        assertEquals(2.0, schedule.rate(1000), 1e-12);
        assertEquals(1.0, schedule.rate(1000 + 49_500), 1e-12);
        assertEquals(0, schedule.rate(100_000), 1e-12);
        List<Double> rates = new ArrayList<>();
        for (long step = 1000; step <= 100_000; step += 9_900) {
            rates.add(schedule.rate(step));
        }
        for (int i = 1; i < rates.size(); i++) {
            assertTrue(rates.get(i) < rates.get(i - 1), "decays monotonically: " + rates);
        }
    }
}
