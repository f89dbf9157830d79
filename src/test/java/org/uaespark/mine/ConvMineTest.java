package org.uaespark.mine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.uaespark.models.Autograd;
import org.uaespark.models.optim.OptimizerSpec;

/** The conv variant's statistics networks: 2×2 conv towers on H×W maps, one grouped convolution per batch. */
class ConvMineTest {
    private static final int[] MAP = {6, 6};
    private static final int K = 16;
    private static final OptimizerSpec ADAM = new OptimizerSpec("adam-fused", 1e-3, 0, 0.9, 0.999, 1e-7);

    /** K maps per sample; y is x itself (dependent) or fresh noise (independent). */
    private static NDArray[] maps(NDManager m, boolean[] dependent, SplittableRandom random) {
        int size = K * MAP[0] * MAP[1];
        float[] xs = new float[dependent.length * size];
        float[] ys = new float[xs.length];
        for (int b = 0; b < dependent.length; b++) {
            for (int i = 0; i < size; i++) {
                xs[b * size + i] = (float) random.nextDouble();
                ys[b * size + i] = dependent[b] ? xs[b * size + i] : (float) random.nextDouble();
            }
        }
        Shape shape = new Shape(dependent.length, K, MAP[0], MAP[1]);
        return new NDArray[] {m.create(xs, shape), m.create(ys, shape)};
    }

    @Test
    void dependentMapsGetAClearlyPositiveEstimateAndIndependentOnesAboutZero() {
        boolean[] dependent = {true, false};
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            MineEstimator mine = MineEstimator.conv(m, new long[] {1, 2}, MAP, 64, 10, ADAM, DataType.FLOAT32);
            SplittableRandom random = new SplittableRandom(3);
            float[] last = null;
            for (int step = 0; step < 300; step++) {
                try (NDManager scope = m.newSubManager()) {
                    scope.tempAttachAll(mine.mutableState().toArray(new NDArray[0]));
                    NDArray[] xy = maps(scope, dependent, random);
                    last = mine.step(xy[0], xy[1]);
                }
            }
            Autograd.noGrad();
            double[] mean = new double[2];
            for (int e = 0; e < 20; e++) {
                try (NDManager scope = m.newSubManager()) {
                    scope.tempAttachAll(mine.mutableState().toArray(new NDArray[0]));
                    NDArray[] xy = maps(scope, dependent, random);
                    float[] v = mine.estimate(xy[0], xy[1]).toFloatArray();
                    mean[0] += v[0] / 20;
                    mean[1] += v[1] / 20;
                }
            }
            // With 16 pairs the DV estimate of identical maps is capped near log 16 = 2.77.
            assertTrue(mean[0] > 1.0, "dependent maps: " + mean[0] + " (last step " + last[0] + ")");
            assertTrue(Math.abs(mean[1]) < 0.3, "independent maps: " + mean[1]);
        }
    }

    @Test
    void aSamplesConvEstimatesDoNotDependOnItsBatch() {
        float[][] together = run(new long[] {5, 6, 7});
        float[][] reordered = run(new long[] {7, 5, 6});
        // Byte-identical at a fixed batch size, whatever the order of the samples in it.
        assertArrayEquals(together[1], reordered[2]);
        assertArrayEquals(together[0], reordered[1]);
        // Across batch sizes the grouped convolution sums in another order: float32 rounding only. An estimate is a
        // difference of means of tower outputs |T| ≲ 1 whose longest reduction is the dense layer over
        // 16 filters × 5 × 5 positions (n = 400), so a forward pass is off by at most about γ₄₀₀·max|T| ≈ 2.4e-5;
        // Adam's normalised steps of 1e-3 do not amplify that (measured: 2.4e-7 on an AMD EPYC). A sample whose
        // gradients mixed with its batch-mates' would be off by the size of a step.
        float[][] alone = run(new long[] {6});
        assertArrayEquals(together[1], alone[0], (float) org.uaespark.testing.Float32.gamma(16 * 5 * 5));
    }

    private static float[][] run(long[] ids) {
        float[][] out = new float[ids.length][5];
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            MineEstimator mine = MineEstimator.conv(m, ids, MAP, 32, 10, ADAM, DataType.FLOAT32);
            for (int step = 0; step < 5; step++) {
                try (NDManager scope = m.newSubManager()) {
                    scope.tempAttachAll(mine.mutableState().toArray(new NDArray[0]));
                    int size = K * MAP[0] * MAP[1];
                    float[] xs = new float[ids.length * size];
                    float[] ys = new float[xs.length];
                    for (int b = 0; b < ids.length; b++) {
                        SplittableRandom random = new SplittableRandom(ids[b] * 100 + step);
                        for (int i = 0; i < size; i++) {
                            xs[b * size + i] = (float) random.nextDouble();
                            ys[b * size + i] = 0.5f * xs[b * size + i] + 0.5f * (float) random.nextDouble();
                        }
                    }
                    Shape shape = new Shape(ids.length, K, MAP[0], MAP[1]);
                    float[] values = mine.step(scope.create(xs, shape), scope.create(ys, shape));
                    for (int b = 0; b < ids.length; b++) {
                        out[b][step] = values[b];
                    }
                }
            }
        }
        return out;
    }
}
