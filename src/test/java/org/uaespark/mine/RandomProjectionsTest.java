package org.uaespark.mine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.uaespark.models.Autograd;
import org.uaespark.models.optim.OptimizerSpec;

class RandomProjectionsTest {
    private static final int D = 30;

    private static float[] vector(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[D];
        for (int j = 0; j < D; j++) {
            v[j] = (float) random.nextDouble();
        }
        return v;
    }

    /**
     * An estimator that standardises its inputs gives, on raw rows, the estimate a plain one (same seeds) gives on
     * the rows standardised here in double: subtract each p-vector's mean, divide by its population deviation.
     */
    @Test
    void standardisingEstimatorMatchesTheClosedFormStandardisation() {
        float[] raw = {1, 2, 3, 4, 10, 10, 10, 14, -3, 0.5f, 2, 7, 0, 1, 0, 1};
        float[] other = {2, 2, 5, 4, 1, 0, 3, 1, 9, 8, 2, 1, 0.5f, 0.25f, 0, 2};
        OptimizerSpec adam = new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7);
        Shape shape = new Shape(1, 4, 4);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Autograd.noGrad();
            MineEstimator standardising = new MineEstimator(m, new long[] {5}, 4, 16, 10, adam).standardisingInputs();
            MineEstimator plain = new MineEstimator(m, new long[] {5}, 4, 16, 10, adam);
            NDArray permutation = m.create(new long[] {2, 0, 3, 1}, new Shape(1, 4));
            float fused = standardising.estimate(m.create(raw, shape), m.create(other, shape), permutation).getFloat();
            float closedForm = plain.estimate(m.create(standardised(raw), shape), m.create(standardised(other), shape),
                    permutation).getFloat();
            assertEquals(closedForm, fused, 1e-5);
        }
    }

    private static float[] standardised(float[] rows) {
        float[] out = new float[rows.length];
        for (int from = 0; from < rows.length; from += 4) {
            double mean = 0;
            for (int i = 0; i < 4; i++) {
                mean += rows[from + i] / 4.0;
            }
            double variance = 0;
            for (int i = 0; i < 4; i++) {
                variance += (rows[from + i] - mean) * (rows[from + i] - mean) / 4.0;
            }
            for (int i = 0; i < 4; i++) {
                out[from + i] = (float) ((rows[from + i] - mean) / Math.sqrt(variance));
            }
        }
        return out;
    }

    /** Over many draws, the pooled covariance of (u, v) must be Gram(x, x')/p in every mode. */
    @ParameterizedTest
    @EnumSource(ProjectionMode.class)
    void everyModeDrawsPairsWithTheCovarianceOfTheLiteralScheme(ProjectionMode mode) {
        float[] x = vector(1);
        float[] y = vector(2);
        int k = 8;
        int p = 4;
        double[] gram = {0, 0, 0};
        for (int j = 0; j < D; j++) {
            gram[0] += x[j] * x[j];
            gram[1] += x[j] * y[j];
            gram[2] += y[j] * y[j];
        }
        RandomProjections projections = new RandomProjections(k, p);
        double[] moments = {0, 0, 0};
        int draws = 400;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (int e = 0; e < draws; e++) {
                NDArray[] uv = projections.project(m, new float[][] {x}, new float[][] {y}, mode, new long[] {e}, e);
                float[] u = uv[0].toFloatArray();
                float[] v = uv[1].toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    moments[0] += u[i] * u[i];
                    moments[1] += u[i] * v[i];
                    moments[2] += v[i] * v[i];
                }
                uv[0].close();
                uv[1].close();
            }
        }
        int n = draws * k * p; // 12,800 pairs: relative standard error of a second moment ≈ √(2/n) ≈ 1.3 %
        for (int i = 0; i < 3; i++) {
            double expected = gram[i] / p;
            assertEquals(expected, moments[i] / n, 0.06 * expected, mode + " moment " + i);
        }
    }

    @Test
    void exactSamplingGivesTheLiteralSchemesMiEstimates() {
        // A fixed critic, the same (x, x'): the estimate's mean under EXACT and REDRAW agree within 4 standard errors.
        float[] x = vector(3);
        float[] y = vector(3);
        for (int j = 0; j < D; j += 3) {
            y[j] = Math.min(1, y[j] + 0.3f);
        }
        RandomProjections projections = new RandomProjections(16, 8);
        double[][] stats = new double[2][2];
        int draws = 300;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            MineEstimator mine = new MineEstimator(m, new long[] {9}, 8, 32, 10,
                    new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7)).standardisingInputs();
            Autograd.noGrad();
            ProjectionMode[] modes = {ProjectionMode.EXACT, ProjectionMode.REDRAW};
            for (int mode = 0; mode < 2; mode++) {
                for (int e = 0; e < draws; e++) {
                    try (NDManager scope = m.newSubManager()) {
                        NDArray[] uv = projections.project(scope, new float[][] {x}, new float[][] {y}, modes[mode],
                                new long[] {1000L * mode + e}, 0);
                        double value = mine.estimate(uv[0], uv[1]).getFloat();
                        stats[mode][0] += value;
                        stats[mode][1] += value * value;
                    }
                }
            }
        }
        double[] mean = new double[2];
        double[] variance = new double[2];
        for (int mode = 0; mode < 2; mode++) {
            mean[mode] = stats[mode][0] / draws;
            variance[mode] = stats[mode][1] / draws - mean[mode] * mean[mode];
        }
        double standardError = Math.sqrt((variance[0] + variance[1]) / draws);
        assertEquals(mean[1], mean[0], 4 * standardError, "exact vs redraw mean estimate");
        assertEquals(Math.sqrt(variance[1]), Math.sqrt(variance[0]), 0.25 * Math.sqrt(variance[1]), "spread");
    }

    @Test
    void commonProjectionsDependOnlyOnTheSharedSeed() {
        RandomProjections projections = new RandomProjections(4, 3);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] alone = projections.project(m, new float[][] {vector(5)}, new float[][] {vector(6)},
                    ProjectionMode.COMMON, new long[] {1}, 77)[1].toFloatArray();
            float[] inBatch = projections.project(m, new float[][] {vector(8), vector(5)},
                    new float[][] {vector(9), vector(6)}, ProjectionMode.COMMON, new long[] {2, 3}, 77)[1]
                    .get("1").toFloatArray();
            assertArrayEquals(alone, inBatch);
        }
        assertThrows(IllegalArgumentException.class, () -> new RandomProjections(1, 8));
    }
}
