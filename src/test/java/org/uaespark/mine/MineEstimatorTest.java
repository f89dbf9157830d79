package org.uaespark.mine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.uaespark.models.Autograd;
import org.uaespark.models.optim.OptimizerSpec;

class MineEstimatorTest {
    private static final int P = 2;

    /** Rows of B samples: x ~ N(0, I_p), y = ρ_b·x + √(1−ρ_b²)·z, so I(x; y) = −p/2·log(1 − ρ_b²). */
    private static NDArray[] correlated(NDManager m, double[] rho, int k, SplittableRandom random) {
        float[] xs = new float[rho.length * k * P];
        float[] ys = new float[xs.length];
        for (int b = 0; b < rho.length; b++) {
            for (int i = 0; i < k * P; i++) {
                double x = gaussian(random);
                double z = gaussian(random);
                xs[b * k * P + i] = (float) x;
                ys[b * k * P + i] = (float) (rho[b] * x + Math.sqrt(1 - rho[b] * rho[b]) * z);
            }
        }
        Shape shape = new Shape(rho.length, k, P);
        return new NDArray[] {m.create(xs, shape), m.create(ys, shape)};
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Plain DV gradient (the paper's) and MINE's moving-average bias correction (the improved profile's). */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.01})
    void convergedEstimatesMatchTheGaussianMutualInformation(double movingAverageRate) {
        double[] rho = {0.0, 0.5, 0.9};
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            MineEstimator mine = new MineEstimator(m, new long[] {11, 12, 13}, P, 512, 10,
                    new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7)).withMovingAverage(movingAverageRate);
            SplittableRandom data = new SplittableRandom(5);
            for (int step = 0; step < 1500; step++) {
                try (NDManager scope = m.newSubManager()) {
                    scope.tempAttachAll(mine.mutableState().toArray(new NDArray[0]));
                    NDArray[] rows = correlated(scope, rho, 256, data);
                    mine.step(rows[0], rows[1]);
                }
            }
            double[] mean = new double[rho.length];
            int evaluations = 20;
            Autograd.noGrad();
            for (int e = 0; e < evaluations; e++) {
                try (NDManager scope = m.newSubManager()) {
                    scope.tempAttachAll(mine.mutableState().toArray(new NDArray[0]));
                    NDArray[] rows = correlated(scope, rho, 2048, data);
                    float[] values = mine.estimate(rows[0], rows[1]).toFloatArray();
                    for (int b = 0; b < rho.length; b++) {
                        mean[b] += values[b] / evaluations;
                    }
                }
            }
            // The DV estimate of a trained critic is a lower bound in expectation (here a rank-10 ReLU critic on
            // 256-row minibatches); the evaluation averages 40,960 pairs, so its noise is below 0.01. Accept
            // estimates from 85 % of the truth (minus 0.03) up to the truth plus 0.03 (three standard errors).
            for (int b = 0; b < rho.length; b++) {
                double truth = -P / 2.0 * Math.log(1 - rho[b] * rho[b]);
                String what = "rho " + rho[b] + ": true MI " + truth + ", MINE " + mean[b];
                assertTrue(mean[b] <= truth + 0.03, what);
                assertTrue(mean[b] >= 0.85 * truth - 0.03, what);
            }
        }
    }

    /** Trains the samples {@code ids} in one batch for a few steps; returns each sample's estimates, step by step. */
    private static float[][] trace(long[] ids, int steps) {
        float[][] out = new float[ids.length][steps];
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            MineEstimator mine = new MineEstimator(m, ids, P, 64, 10,
                    new OptimizerSpec("adam-fused", 1e-3, 0, 0.9, 0.999, 1e-7));
            SplittableRandom[] data = new SplittableRandom[ids.length];
            for (int b = 0; b < ids.length; b++) {
                data[b] = new SplittableRandom(ids[b] * 31);
            }
            for (int step = 0; step < steps; step++) {
                try (NDManager scope = m.newSubManager()) {
                    scope.tempAttachAll(mine.mutableState().toArray(new NDArray[0]));
                    float[] xs = new float[ids.length * 32 * P];
                    float[] ys = new float[xs.length];
                    for (int b = 0; b < ids.length; b++) {
                        for (int i = 0; i < 32 * P; i++) {
                            double x = gaussian(data[b]);
                            xs[b * 32 * P + i] = (float) x;
                            ys[b * 32 * P + i] = (float) (0.7 * x + 0.7 * gaussian(data[b]));
                        }
                    }
                    Shape shape = new Shape(ids.length, 32, P);
                    float[] values = mine.step(scope.create(xs, shape), scope.create(ys, shape));
                    for (int b = 0; b < ids.length; b++) {
                        out[b][step] = values[b];
                    }
                }
            }
        }
        return out;
    }

    @Test
    void aSamplesEstimatesDoNotDependOnItsBatch() {
        // Same sample ids in another order, mixed with other samples, or alone: the same estimates.
        float[][] abc = trace(new long[] {101, 102, 103}, 15);
        float[][] cab = trace(new long[] {103, 101, 102}, 15);
        assertArrayEquals(abc[0], cab[1]);
        assertArrayEquals(abc[1], cab[2]);
        assertArrayEquals(abc[2], cab[0]);
        float[][] mixed = trace(new long[] {7, 101, 8, 102, 103}, 15);
        float[][] alone = trace(new long[] {102}, 15);
        // Byte-identical on CPU with one torch thread, even across batch sizes: batched matmuls treat every
        // sample's slice alone, and shuffles and initial weights come from the sample's own seed.
        assertArrayEquals(abc[0], mixed[1]);
        assertArrayEquals(abc[1], mixed[3]);
        assertArrayEquals(abc[1], alone[0]);
    }
}
