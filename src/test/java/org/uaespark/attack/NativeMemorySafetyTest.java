package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Device;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Models;
import org.uaespark.models.Torch;
import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.testing.ContrastiveConfigs;
import org.uaespark.testing.GcStorm;

/**
 * Training and attacking compute the same bits while the garbage collector runs continuously. A tensor whose
 * memory belongs to a Java buffer that nothing keeps alive (DJL's scalar overloads under autograd) reads freed
 * memory once the collector runs: the sparse AE reached NaN in the first epochs here before scalars became
 * libtorch-owned tensors ({@code Scalars}), as it did after hours in long pipeline JVMs.
 */
class NativeMemorySafetyTest {
    private static final int[] SHAPE = {8, 8, 1};

    private static FloatMatrix data(int rows) {
        SplittableRandom random = new SplittableRandom(11);
        float[] values = new float[rows * 64];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return new FloatMatrix(rows, 64, values);
    }

    private static ModelConfig recipe(ModelKind kind) {
        if (kind == ModelKind.SIMCLR) {
            return ContrastiveConfigs.small(SHAPE, 2, 3, 20);
        }
        OptimizerSpec optimizer = new OptimizerSpec(kind == ModelKind.CONV ? "adadelta" : "adam",
                kind == ModelKind.CONV ? 1.0 : 1e-3, 0.95, 0.9, 0.999, 1e-7);
        return new ModelConfig(new ModelRecipe(kind, kind == ModelKind.ADVERSARIAL ? 2 : 16, 32, optimizer, 3, 20,
                3, 0.1, 1e-7, kind == ModelKind.CONCRETE ? 1 : 0), SHAPE);
    }

    private static double[] train(ModelKind kind, FloatMatrix rows) {
        try (UnsupervisedModel model = Models.create(recipe(kind), Device.cpu(), 5)) {
            return ModelTrainer.train(model, rows, 5, null).epochLoss();
        }
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void trainingUnderContinuousGarbageCollectionComputesTheSameLosses(ModelKind kind) throws Exception {
        Torch.useThreads(1);
        FloatMatrix rows = data(300);
        double[] calm = train(kind, rows);
        double[] stormy;
        try (GcStorm storm = GcStorm.start()) {
            stormy = train(kind, rows);
        }
        assertArrayEquals(calm, stormy, kind + ": same data, seed and thread count, same machine");
    }

    @ParameterizedTest
    @EnumSource(value = AttackMethod.class, names = {"MINE", "L2"})
    void attackingUnderContinuousGarbageCollectionFindsTheSameExamples(AttackMethod method) throws Exception {
        Torch.useThreads(1);
        FloatMatrix rows = data(200);
        float[][] samples = {rows.row(0), rows.row(1), rows.row(2)};
        long[] seeds = {1, 2, 3};
        AttackSettings settings = MinMaxAttackTest.settings(method, 1.0, 4, ProjectionMode.EXACT);
        try (UnsupervisedModel model = Models.create(recipe(ModelKind.SPARSE), Device.cpu(), 5)) {
            ModelTrainer.train(model, rows, 5, null);
            List<SampleOutcome> calm = new MinMaxAttack(settings).attack(model, samples, SHAPE, seeds, 9);
            List<SampleOutcome> stormy;
            try (GcStorm storm = GcStorm.start()) {
                stormy = new MinMaxAttack(settings).attack(model, samples, SHAPE, seeds, 9);
            }
            for (int i = 0; i < samples.length; i++) {
                assertArrayEquals(calm.get(i).features(), stormy.get(i).features(), "sample " + i);
                assertEquals(calm.get(i).mi(), stormy.get(i).mi(), "sample " + i);
                assertEquals(calm.get(i).finalC(), stormy.get(i).finalC(), "sample " + i);
            }
        }
    }
}
