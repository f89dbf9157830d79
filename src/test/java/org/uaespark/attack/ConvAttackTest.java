package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import org.uaespark.config.AttackProfiles;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.FeatureMaps;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Models;
import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.testing.RealData;

/**
 * The attack on a conv AE uses the conv MINE variant (its first layer's 16 channels as the K pairs) under
 * {@code mine-input = auto}, and random projections under {@code mine-input = random}.
 */
class ConvAttackTest {
    private static final int[] SHAPE = {28, 28, 1};
    private static final ModelConfig CONV = new ModelConfig(new ModelRecipe(ModelKind.CONV, 128, 1000,
            new OptimizerSpec("adadelta", 1.0, 0.95, 0.9, 0.999, 1e-7), 2, 100, 3, 0.1, 1e-7), SHAPE);

    private static AttackSettings settings(MineInput input) {
        return AttackProfiles.shipped("paper", AttackMethod.MINE).toBuilder().iterations(4).mineSteps(2)
                .codeOrdering(false).projections(ProjectionMode.COMMON).mineStepProjections(ProjectionMode.EXACT).k(100)
                .p(32).hidden(32).towerOut(10).mineOptimizer(new OptimizerSpec("adam", 1.5e-5, 0, 0.9, 0.999, 1e-8))
                .mineInput(input).build();
    }

    @Test
    void convModelsAreAttackedThroughTheirFirstLayerChannels() {
        FloatMatrix train = RealData.mnist("train", 500);
        AttackSettings settings = settings(MineInput.AUTO);
        try (UnsupervisedModel model = Models.create(CONV, Device.cpu(), 2)) {
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

    @Test
    void randomMineInputGivesTheConvModelTheRandomVariant() {
        ModelConfig dense = new ModelConfig(new ModelRecipe(ModelKind.DENSE, 128, 1000,
                new OptimizerSpec("rmsprop", 0.0025, 0.9, 0.9, 0.999, 1e-7), 2, 100, 3, 0.1, 1e-7), SHAPE);
        AttackSettings auto = settings(MineInput.AUTO);
        AttackSettings random = settings(MineInput.RANDOM);
        assertEquals(new FeatureMaps(16, 28, 28), auto.mineFeatureMaps(CONV).orElseThrow());
        assertTrue(random.mineFeatureMaps(CONV).isEmpty());
        assertTrue(auto.mineFeatureMaps(dense).isEmpty(), "auto keeps random projections for models without a convolution");
        // K·p-wide towers, as for the dense AE: 2 × (32·32 + 32 + 32·10 + 10) + 10 parameters per sample.
        assertEquals(2 * (32 * 32 + 32 + 32 * 10 + 10) + 10, AttackMemory.parametersPerSample(random, CONV));
        assertEquals(AttackMemory.parametersPerSample(random, dense), AttackMemory.parametersPerSample(random, CONV));
        assertEquals(AttackMemory.bytesPerSample(random, dense), AttackMemory.bytesPerSample(random, CONV));

        FloatMatrix train = RealData.mnist("train", 500);
        try (UnsupervisedModel model = Models.create(CONV, Device.cpu(), 2)) {
            ModelTrainer.train(model, train, 2, null);
            float[][] ab = {train.row(0), train.row(1)};
            float[][] ba = {train.row(1), train.row(0)};
            List<SampleOutcome> viaProjections = new MinMaxAttack(random).attack(model, ab, SHAPE, new long[] {10, 11}, 3);
            List<SampleOutcome> swapped = new MinMaxAttack(random).attack(model, ba, SHAPE, new long[] {11, 10}, 3);
            List<SampleOutcome> viaChannels = new MinMaxAttack(auto).attack(model, ab, SHAPE, new long[] {10, 11}, 3);
            for (int i = 0; i < 2; i++) {
                SampleOutcome o = viaProjections.get(i);
                assertTrue(Double.isFinite(o.mi()), "MINE estimate recorded");
                assertEquals(o.lossAfter() <= o.lossBefore(), o.criterionMet());
                assertNotEquals(viaChannels.get(i).mi(), o.mi(), "a different statistic from the channel variant");
            }
            assertArrayEquals(viaProjections.get(0).features(), swapped.get(1).features());
            assertEquals(viaProjections.get(1).mi(), swapped.get(0).mi());
        }
    }
}
