package org.uaespark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.AttackSettings;
import org.uaespark.attack.MinMaxAugmentation;
import org.uaespark.experiment.Arm;

/** Every shipped run profile loads, and every arm of its grid names an attack profile that exists. */
class ShippedProfilesTest {
    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "paper-mnist", "cpu-mnist", "mnist-10k", "concrete-quick", "concrete-mnist",
            "concrete-paper", "simclr-quick", "simclr-fmnist", "simclr-paper", "decisive-mnist"})
    void gridArmsResolveToDefinedAttacks(String profile) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(profile, new Properties(), Map.of());
        RetrainSettings grid = RetrainSettings.from(loaded.config());
        assertTrue(grid.repeats() >= (profile.equals("simclr-fmnist") ? 2 : 3),
                "seeded repeats of every arm, for Welch's test against the controls");
        for (Arm arm : grid.arms()) {
            assertEquals(grid.repeats(), arm.repeats(), arm.name() + ": every arm has the grid's repeats");
        }
        for (Arm arm : grid.arms()) {
            if (arm.augmentation().orElse(null) instanceof MinMaxAugmentation minMax) {
                AttackSettings s = minMax.settings();
                assertTrue(s.iterations() >= 20, arm.name() + ": at least 20 outer iterations");
                if (profile.equals("paper-mnist")) {
                    assertEquals(40, s.iterations());
                    assertEquals(s.method() == AttackMethod.MINE ? 20 : 0, s.mineSteps());
                    assertEquals(500, s.k());
                    assertEquals(128, s.p());
                    assertTrue(s.codeOrdering(), "the paper profile keeps the official code's ordering");
                }
                if (profile.startsWith("simclr")) {
                    assertEquals(20, s.iterations(), "SimCLR's attack: T = 20");
                    assertEquals(0.5, s.dualExponent(), "and dual exponent 0.5");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"concrete-quick", "concrete-mnist", "concrete-paper"})
    void concreteProfilesTrainTheConcreteAutoencoderOnTheDatasetTheyAreGiven(String profile) {
        ConfigLoader.Loaded fashion = ConfigLoader.load(profile, new Properties(),
                Map.of("ingest.dataset", "fashion-mnist"));
        assertEquals("fashion-mnist", RetrainSettings.from(fashion.config()).dataset(), "one --set moves every stage");
        assertEquals("fashion-mnist", TrainSettings.from(fashion.config()).dataset());
        ConfigLoader.Loaded loaded = ConfigLoader.load(profile, new Properties(), Map.of());
        TrainSettings train = TrainSettings.from(loaded.config());
        assertEquals(org.uaespark.models.ModelKind.CONCRETE, train.recipe().kind());
        assertEquals(50, train.recipe().latent(), "M = 50 features");
        assertEquals(org.uaespark.models.ModelRecipe.AUTO_BATCH, train.recipe().batchSize());
        if (profile.equals("concrete-paper")) {
            assertEquals(800, train.recipe().epochs());
            assertEquals(5, train.recipe().selectionTries(), "the library's retry rule");
        } else {
            assertEquals(1, train.recipe().selectionTries(), "reduced profiles switch the retry rule off");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simclr-quick", "simclr-fmnist", "simclr-paper"})
    void simclrProfilesKeepTheMethodAndThePaperProfileIsThePapers(String profile) {
        ConfigLoader.Loaded loaded = ConfigLoader.load(profile, new Properties(), Map.of());
        TrainSettings train = TrainSettings.from(loaded.config());
        org.uaespark.models.ContrastiveRecipe c = train.recipe().contrastive();
        assertEquals(org.uaespark.models.ModelKind.SIMCLR, train.recipe().kind());
        assertEquals(0.5, c.temperature());
        assertEquals(0.5, c.jitterStrength());
        if (profile.equals("simclr-paper")) {
            assertEquals("cifar10", train.dataset());
            assertEquals(64, c.width(), "ResNet-18");
            assertEquals(2, c.blocks());
            assertEquals(512, train.recipe().batchSize());
            assertEquals(1000, train.recipe().epochs());
            assertEquals(1.0, train.recipe().optimizer().learningRate());
            assertEquals(50, c.attackViews());
            assertEquals(1000, RetrainSettings.from(loaded.config()).linear().pgdSamples());
            assertEquals(100, RetrainSettings.from(loaded.config()).linear().pgdSteps());
        }
    }
}
