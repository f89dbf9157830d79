package org.uaespark.attack;

import ai.djl.ndarray.NDManager;

import org.uaespark.data.Seeds;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * A reference for the attack's MINE estimate: the same estimator (statistics networks, K pairs per sample drawn as
 * the attack draws them, the Donsker–Varadhan bound) trained from fresh initialisations on fixed pairs (x, x′) for
 * many steps, with its own learning rate and moving-average correction, and restarted with other initialisations.
 * Each restart's estimate is the mean of its last {@code window} steps' estimates (every step draws fresh pairs, so
 * these are estimates on pairs the step has not trained on). Where the attack's estimate at its selected iterate is
 * far from this one, the attack minimised an estimator that had not learnt I(x; x′).
 */
public final class ConvergedMine {
    /** The reference's Adam learning rate unless told otherwise: 1e-3 reaches in 200 steps what 600 reach. */
    public static final double REFERENCE_LEARNING_RATE = 1e-3;
    /** The reference's moving-average (bias-correction) rate unless told otherwise. */
    public static final double REFERENCE_MOVING_AVERAGE = 0.01;
    private static final long RESTART_SALT = 0xC0417E96EDL;
    /** Iteration numbers of the reference's draws start past any attack's, so its pairs are the attack's unseen. */
    private static final int FIRST_DRAW = 1 << 20;

    private ConvergedMine() {
    }

    /**
     * How the reference is trained.
     *
     * @param steps         Adam steps per restart
     * @param learningRate  Adam's learning rate (the attack's betas and epsilon are kept)
     * @param movingAverage rate of MINE's bias-corrected gradient (0: the plain DV gradient)
     * @param restarts      independent initialisations
     * @param window        trailing steps averaged into a restart's estimate
     */
    public record Budget(int steps, double learningRate, double movingAverage, int restarts, int window) {
        public Budget {
            if (steps <= 0 || !(learningRate > 0) || movingAverage < 0 || movingAverage >= 1 || restarts <= 0
                    || window <= 0 || window > steps) {
                throw new IllegalArgumentException("a converged MINE needs positive steps, learning rate and "
                        + "restarts, a moving-average rate in [0, 1) and a window of 1..steps");
            }
        }
    }

    /**
     * Each sample's reference estimate per restart, [restart][sample], in nats.
     *
     * @param attack     the attack's settings: architecture, K, p, projections and MINE input are kept
     * @param target     the attacked model (its feature maps for the conv variant)
     * @param x          the originals
     * @param images     the perturbed samples x′ (e.g. the selected iterates)
     * @param sampleSeeds the samples' seeds (the pairs' draws)
     * @param sharedSeed the batch's shared seed
     */
    public static double[][] estimate(AttackSettings attack, UnsupervisedCriterion target, float[][] x,
            float[][] images, long[] sampleSeeds, long sharedSeed, Budget budget) {
        AttackSettings trained = attack.toBuilder().mineSteps(1).mineMovingAverage(budget.movingAverage())
                .mineOptimizer(attack.mineOptimizer().withLearningRate(budget.learningRate())).build();
        double[][] out = new double[budget.restarts()][x.length];
        for (int r = 0; r < budget.restarts(); r++) {
            long[] initSeeds = new long[x.length];
            for (int b = 0; b < x.length; b++) {
                initSeeds[b] = Seeds.mix(sampleSeeds[b], RESTART_SALT, r);
            }
            try (NDManager scope = target.manager().newSubManager()) {
                MineObjective objective = MineObjective.create(trained, target, scope, initSeeds);
                for (int step = 0; step < budget.steps(); step++) {
                    double[] mi = objective.update(scope, x, images, initSeeds, sharedSeed, FIRST_DRAW + step);
                    if (step >= budget.steps() - budget.window()) {
                        for (int b = 0; b < x.length; b++) {
                            out[r][b] += mi[b] / budget.window();
                        }
                    }
                }
            }
        }
        return out;
    }
}
