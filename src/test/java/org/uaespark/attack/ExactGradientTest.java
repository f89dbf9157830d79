package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import org.uaespark.config.AttackProfiles;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.Models;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * The exact projection mode's δ-gradient has the law of the literal redraw scheme's: over many evaluations with
 * a fixed critic and a fixed (x, x'), the mean gradient (which lies in span{x, x'}) and the mean squared norm agree
 * within four standard errors. c = 0, so the gradient is the MI term's alone.
 */
class ExactGradientTest {
    private static final int DRAWS = 400;
    private static final OptimizerSpec ADAM = new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7);

    private static AttackSettings settings(ProjectionMode mode) {
        return AttackProfiles.shipped("paper", AttackMethod.MINE).toBuilder().iterations(1).mineSteps(1).c0(0)
                .codeOrdering(false).projections(mode).mineStepProjections(ProjectionMode.EXACT).k(8).p(4).hidden(16)
                .towerOut(4).mineOptimizer(ADAM).build();
    }

    /** Per mode: sums of g·x, g·x', ‖g‖² and their squares over the draws. */
    private static double[][] statistics(ProjectionMode mode, UnsupervisedModel model, float[][] x, float[][] delta,
            float[] xPrime) {
        double[][] sums = new double[3][2];
        try (NDManager m = model.manager().newSubManager()) {
            MinMaxAttack attack = new MinMaxAttack(settings(mode));
            Objective objective = attack.objective(model, m, new long[] {21});
            for (int t = 0; t < DRAWS; t++) {
                float[] g = attack.objectiveGradient(model, objective, x, delta, new double[] {0},
                        new double[] {0}, new long[] {5}, 9, t)[0];
                double[] values = {0, 0, 0};
                for (int j = 0; j < g.length; j++) {
                    values[0] += g[j] * x[0][j];
                    values[1] += g[j] * xPrime[j];
                    values[2] += g[j] * g[j];
                }
                for (int i = 0; i < 3; i++) {
                    sums[i][0] += values[i];
                    sums[i][1] += values[i] * values[i];
                }
            }
        }
        return sums;
    }

    @Test
    void exactAndRedrawGradientsHaveTheSameLaw() {
        ModelConfig config = new ModelConfig(new ModelRecipe(ModelKind.DENSE, 5, 1000, ADAM, 1, 4, 3, 0.1, 1e-7),
                new int[] {6, 5, 1});
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 4)) {
            SplittableRandom random = new SplittableRandom(8);
            float[][] x = new float[1][30];
            float[][] delta = new float[1][30];
            float[] xPrime = new float[30];
            for (int j = 0; j < 30; j++) {
                x[0][j] = (float) (0.2 + 0.6 * random.nextDouble());
                delta[0][j] = (float) (0.3 * (random.nextDouble() - 0.5));
                xPrime[j] = x[0][j] + delta[0][j];
            }
            double[][] exact = statistics(ProjectionMode.EXACT, model, x, delta, xPrime);
            double[][] redraw = statistics(ProjectionMode.REDRAW, model, x, delta, xPrime);
            String[] names = {"mean g·x", "mean g·x'", "mean |g|^2"};
            for (int i = 0; i < 3; i++) {
                double meanExact = exact[i][0] / DRAWS;
                double meanRedraw = redraw[i][0] / DRAWS;
                double varianceExact = exact[i][1] / DRAWS - meanExact * meanExact;
                double varianceRedraw = redraw[i][1] / DRAWS - meanRedraw * meanRedraw;
                double standardError = Math.sqrt((varianceExact + varianceRedraw) / DRAWS);
                assertEquals(meanRedraw, meanExact, 4 * standardError + 1e-9, names[i]);
            }
        }
    }
}
