package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The truncated normal initialiser's law (Glorot-normal, He-normal, SimCLR's head) from 200,000 draws: its mean and
 * standard deviation within five standard errors, and nothing beyond its cut (2 / 0.8796 standard deviations: two
 * of the unit normal, rescaled to keep the variance).
 */
class ParameterSetTest {
    private static final int N = 200_000;

    private static double[] moments(float[] v, double std, double bound) {
        double sum = 0;
        double squares = 0;
        int beyond = 0;
        for (float x : v) {
            sum += x;
            squares += (double) x * x;
            beyond += Math.abs(x) > bound * std ? 1 : 0;
        }
        return new double[] {sum / v.length, Math.sqrt(squares / v.length), (double) beyond / v.length};
    }

    @Test
    void theTruncatedNormalKeepsItsVarianceAndItsCut() {
        double std = 0.01;
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterSet set = new ParameterSet(manager, DataType.FLOAT32);
            double cut = 2 / 0.87962566103423978;
            double[] m = moments(set.truncatedNormal("b", new Shape(N), std, 3).toFloatArray(), std, cut * (1 + 1e-6));
            assertEquals(0, m[0], 5 * std / Math.sqrt(N), "mean");
            assertEquals(std, m[1], 5 * std / Math.sqrt(2.0 * N), "standard deviation");
            assertEquals(0, m[2], "nothing beyond the cut");
            double near = moments(set.truncatedNormal("c", new Shape(N), std, 4).toFloatArray(), std, 0.95 * cut)[2];
            assertTrue(near > 0, "values reach close to the cut: " + near);
        }
    }
}
