package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Models;
import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.testing.RealData;

/** The attack on a conv AE uses the conv MINE variant (its first layer's 16 channels as the K pairs). */
class ConvAttackTest {
    private static final int[] SHAPE = {28, 28, 1};

    @Test
    void convModelsAreAttackedThroughTheirFirstLayerChannels() {
        FloatMatrix train = RealData.mnist("train", 500);
        ModelConfig config = new ModelConfig(new ModelRecipe(ModelKind.CONV, 128, 1000,
                new OptimizerSpec("adadelta", 1.0, 0.95, 0.9, 0.999, 1e-7), 2, 100, 3, 0.1, 1e-7), SHAPE);
        AttackSettings settings = new AttackSettings(AttackMethod.MINE, 4, 2, 0.01, 0.1, 1e-3, 0.25, 1.0, 0,
                Double.NaN, false, ProjectionMode.COMMON, ProjectionMode.EXACT, 100, 32, 32, 10,
                new OptimizerSpec("adam", 1.5e-5, 0, 0.9, 0.999, 1e-8), 0);
        try (Autoencoder model = Models.create(config, Device.cpu(), 2)) {
            ModelTrainer.train(model, train, 2, null);
            float[][] abc = {train.row(0), train.row(1), train.row(2)};
            float[][] cab = {train.row(2), train.row(0), train.row(1)};
            List<SampleOutcome> first = new MinMaxAttack(settings).attack(model, abc, SHAPE, new long[] {10, 11, 12}, 3);
            List<SampleOutcome> second = new MinMaxAttack(settings).attack(model, cab, SHAPE, new long[] {12, 10, 11}, 3);
            for (int i = 0; i < 3; i++) {
                SampleOutcome o = first.get(i);
                assertTrue(Double.isFinite(o.mi()), "MINE estimate recorded");
                assertEquals(o.lossAfter() <= o.lossBefore(), o.criterionMet());
                for (float v : o.features()) {
                    assertTrue(v >= 0 && v <= 1);
                }
            }
            assertArrayEquals(first.get(0).features(), second.get(1).features());
            assertEquals(first.get(2).mi(), second.get(0).mi());
        }
    }
}
