package org.uaespark.mine;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.optim.OptimizerSpec;

/**
 * The per-sample estimator on a case with a closed form: every step draws K fresh pairs (u, v) of p-vectors with
 * u ~ N(0, I) and v = ρu + √(1 − ρ²)·ε, whose mutual information is −(p/2)·ln(1 − ρ²) nats, and takes one Adam step
 * of {@code replicates} independent statistics networks (the attack's B samples). The trace is the mean estimate
 * over the replicates before each step (on pairs that step has not trained on), so it shows how far the estimator
 * gets in a given number of steps at a given learning rate. The Donsker–Varadhan bound on K pairs cannot exceed
 * about ln K, whatever the true value.
 */
public final class GaussianCalibration {
    private GaussianCalibration() {
    }

    /** The mutual information of the pairs in nats: −(p/2)·ln(1 − ρ²). */
    public static double closedForm(int p, double rho) {
        return -0.5 * p * Math.log(1 - rho * rho);
    }

    /**
     * The mean estimate over {@code replicates} networks before each of {@code steps} Adam steps.
     *
     * @param k             pairs per step (the attack's K)
     * @param p             pair dimension (the attack's p)
     * @param rho           correlation of each coordinate pair, in (−1, 1)
     * @param hidden        tower width
     * @param towerOut      tower output width
     * @param optimizer     Adam of the networks
     * @param movingAverage rate of the bias-corrected gradient (0: plain DV)
     * @param seed          seeds the networks and the draws
     */
    public static double[] trace(NDManager manager, int k, int p, double rho, int hidden, int towerOut,
            OptimizerSpec optimizer, double movingAverage, int steps, int replicates, long seed) {
        if (!(Math.abs(rho) < 1) || k < 2 || p < 1 || steps < 1 || replicates < 1) {
            throw new IllegalArgumentException("need |rho| < 1, k >= 2, p, steps and replicates >= 1");
        }
        long[] seeds = new long[replicates];
        for (int r = 0; r < replicates; r++) {
            seeds[r] = seed + 0x9E3779B97F4A7C15L * (r + 1);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double noise = Math.sqrt(1 - rho * rho);
        double[] out = new double[steps];
        try (NDManager scope = manager.newSubManager()) {
            MineEstimator mine = new MineEstimator(scope, seeds, p, hidden, towerOut, optimizer)
                    .withMovingAverage(movingAverage);
            int n = replicates * k * p;
            for (int step = 0; step < steps; step++) {
                float[] u = new float[n];
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    double a = random.nextGaussian();
                    u[i] = (float) a;
                    v[i] = (float) (rho * a + noise * random.nextGaussian());
                }
                try (NDManager draw = scope.newSubManager()) {
                    draw.tempAttachAll(mine.mutableState().toArray(new ai.djl.ndarray.NDArray[0]));
                    Shape rows = new Shape(replicates, k, p);
                    float[] before = mine.step(draw.create(u, rows), draw.create(v, rows));
                    double sum = 0;
                    for (float e : before) {
                        sum += e;
                    }
                    out[step] = sum / replicates;
                }
            }
        }
        return out;
    }
}
