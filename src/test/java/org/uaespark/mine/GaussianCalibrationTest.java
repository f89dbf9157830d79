package org.uaespark.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import org.uaespark.models.optim.OptimizerSpec;

/**
 * The per-sample estimator on Gaussian pairs whose mutual information has a closed form: at the paper's learning
 * rate (1.5e-5) a few hundred steps leave it near its initial value, at 1e-3 with the moving-average correction it
 * gets most of the way to the true value within the same steps. The bounds are wide (a DV lower bound on 128 fresh
 * pairs per step, averaged over networks and steps), not one machine's numbers.
 */
class GaussianCalibrationTest {
    private static final int K = 128;
    private static final int P = 4;
    private static final double RHO = 0.8;
    private static final int STEPS = 300;

    private static double tail(double[] trace) {
        double sum = 0;
        for (int i = trace.length - 50; i < trace.length; i++) {
            sum += trace[i];
        }
        return sum / 50;
    }

    private static double[] trace(double learningRate, double movingAverage) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return GaussianCalibration.trace(manager, K, P, RHO, 64, 10,
                    new OptimizerSpec("adam", learningRate, 0.9, 0.9, 0.999, 1e-8), movingAverage, STEPS, 4, 11);
        }
    }

    @Test
    void theClosedFormIsTheGaussianMutualInformation() {
        assertEquals(-2 * Math.log(1 - 0.64), GaussianCalibration.closedForm(P, RHO), 1e-12);
        assertEquals(0, GaussianCalibration.closedForm(10, 0), 0);
    }

    @Test
    void thePapersLearningRateLeavesTheEstimatorNearItsStartAndAFasterOneLearnsTheValue() {
        double truth = GaussianCalibration.closedForm(P, RHO);
        double paper = tail(trace(1.5e-5, 0));
        double fast = tail(trace(1e-3, 0.01));
        assertTrue(paper < 0.25 * truth, "paper rate after " + STEPS + " steps: " + paper + " of " + truth);
        assertTrue(fast > 0.5 * truth && fast < truth + 0.3, "lr 1e-3 after " + STEPS + " steps: " + fast + " of "
                + truth);
    }
}
