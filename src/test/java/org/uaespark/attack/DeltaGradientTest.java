package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.uaespark.mine.MineEstimator;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.mine.RandomProjections;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.Autograd;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.Models;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * The δ-gradient of c·f⁺(x+δ) + I_Θ(x, x+δ) against central finite differences along random directions, in
 * float64 on a tiny dense AE, with the projections and permutations held fixed (as within one evaluation). The
 * iterate stays inside (0, 1) and the hinge away from 0, so the only kinks are the critic's ReLUs; with h = 1e-6 the
 * truncation and rounding errors are below 1e-9 relative, and 1e-5 relative agreement is demanded.
 */
class DeltaGradientTest {
    private static final double H = 1e-6;

    @Test
    void gradientOfTheAttackObjectiveMatchesFiniteDifferences() {
        OptimizerSpec adam = new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7);
        ModelConfig config = new ModelConfig(new ModelRecipe(ModelKind.DENSE, 5, 1000, adam, 1, 4, 3, 0.1, 1e-7),
                new int[] {8, 8, 1});
        try (Autoencoder model = (Autoencoder) Models.create(config, Device.cpu(), 3, DataType.FLOAT64);
             NDManager m = model.manager().newSubManager()) {
            int batch = 2;
            int d = 64;
            SplittableRandom random = new SplittableRandom(17);
            double[] x = new double[batch * d];
            double[] delta = new double[batch * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = 0.1 + 0.8 * random.nextDouble();
                delta[i] = 0.1 * (random.nextDouble() - 0.5);
            }
            NDArray original = m.create(x, new Shape(batch, d));
            NDArray step = m.create(delta, new Shape(batch, d));
            MineEstimator mine = new MineEstimator(m, new long[] {1, 2}, 4, 8, 3, adam, DataType.FLOAT64);
            RandomProjections projections = new RandomProjections(6, 4);
            NDArray matrix = projections.matrix(m, d, ProjectionMode.COMMON, new long[] {0, 0}, 5)
                    .toType(DataType.FLOAT64, false);
            NDArray permutations = mine.nextPermutations(m, new Shape(batch, 6, 4));
            Autograd.noGrad();
            NDArray before = model.reconstruct(original).sub(original).square().sum(new int[] {1}).sub(1.0);
            NDArray weights = m.create(new double[] {0.7, 1.3});
            MinMaxAttack attack = new MinMaxAttack(MinMaxAttackTest.settings(AttackMethod.MINE, 1.0, 1));
            MineObjective objective = new MineObjective(MinMaxAttackTest.settings(AttackMethod.MINE, 1.0, 1), model,
                    mine, null, projections);
            java.util.function.Function<NDArray, NDArray> value = s -> objective.value(original,
                    original.add(s).clip(0f, 1f), () -> attack.hingeTerm(model, original, s, before, weights), matrix,
                    permutations);

            step.setRequiresGradient(true);
            Autograd.backward(() -> value.apply(step).sum());
            Autograd.noGrad();
            NDArray gradient = step.getGradient().duplicate();
            for (int trial = 0; trial < 3; trial++) {
                double[] v = new double[batch * d];
                for (int i = 0; i < v.length; i++) {
                    v[i] = random.nextDouble() * 2 - 1;
                }
                NDArray direction = m.create(v, new Shape(batch, d));
                double analytic = gradient.mul(direction).sum().getDouble();
                double plus = value.apply(step.add(direction.mul(H))).sum().getDouble();
                double minus = value.apply(step.sub(direction.mul(H))).sum().getDouble();
                double numeric = (plus - minus) / (2 * H);
                assertEquals(analytic, numeric, 1e-5 * Math.abs(analytic) + 1e-9, "trial " + trial);
                assertTrue(Math.abs(analytic) > 1e-3, "a vanishing gradient proves nothing: " + analytic);
            }
        }
    }
}
