package org.uaespark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.AttackSettings;
import org.uaespark.attack.GaussianAugmentation;
import org.uaespark.attack.GeometricAugmentation;
import org.uaespark.attack.MinMaxAugmentation;
import org.uaespark.experiment.Arm;
import org.uaespark.mine.Precision;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.pipeline.store.Json;

class AttackProfilesTest {
    private static Config config(Map<String, String> overrides) {
        return ConfigLoader.load(null, new Properties(), overrides).config();
    }

    @Test
    void paperProfileHoldsTheOfficialCodesValues() {
        AttackSettings s = AttackProfiles.read(config(Map.of()), "paper", AttackMethod.MINE);
        assertEquals(40, s.iterations());
        assertEquals(20, s.mineSteps());
        assertEquals(0.01, s.alpha());
        assertEquals(0.1, s.beta());
        assertEquals(1e-3, s.c0());
        assertEquals(0.25, s.dualExponent());
        assertEquals(1.0, s.epsilon());
        assertEquals(0.0, s.kappa());
        assertTrue(Double.isNaN(s.initBound()), "glorot bound");
        assertTrue(s.codeOrdering());
        assertEquals(ProjectionMode.REDRAW, s.projections());
        assertEquals(ProjectionMode.REDRAW, s.mineStepProjections());
        assertEquals(500, s.k());
        assertEquals(128, s.p());
        assertEquals(512, s.hidden());
        assertEquals(10, s.towerOut());
        assertEquals(1.5e-5, s.mineOptimizer().learningRate());
        assertEquals(1e-8, s.mineOptimizer().epsilon());
        assertEquals(0.0, s.mineMovingAverage());
    }

    /**
     * precision: fp32 unless set, left out of the settings' JSON (so of every fingerprint made before it existed),
     * written when bf16; a misspelling names the profile and the values allowed.
     */
    @Test
    void precisionIsFp32ByDefaultAndOnlyBf16ReachesTheJson() throws Exception {
        AttackSettings cpu = AttackProfiles.read(config(Map.of()), "cpu", AttackMethod.MINE);
        assertEquals(Precision.FP32, cpu.precision());
        String plain = Json.mapper().writeValueAsString(cpu);
        assertFalse(plain.contains("precision"), plain);
        AttackSettings bf16 = AttackProfiles.read(config(Map.of("attack-profiles.cpu.precision", "bf16")), "cpu",
                AttackMethod.MINE);
        assertEquals(Precision.BF16, bf16.precision());
        assertTrue(Json.mapper().writeValueAsString(bf16).contains("\"precision\" : \"BF16\""));
        assertEquals(plain, Json.mapper().writeValueAsString(bf16.toBuilder().precision(Precision.FP32).build()));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AttackProfiles.read(
                config(Map.of("attack-profiles.cpu.precision", "fp16")), "cpu", AttackMethod.MINE));
        assertTrue(e.getMessage().contains("uae.attack-profiles.cpu") && e.getMessage().contains("fp32 or bf16"),
                e.getMessage());
    }

    @Test
    void improvedAndCpuProfilesInheritAndChangeOnlyWhatTheySay() {
        AttackSettings improved = AttackProfiles.read(config(Map.of()), "improved", AttackMethod.MINE);
        assertFalse(improved.codeOrdering());
        assertEquals(ProjectionMode.EXACT, improved.projections());
        assertEquals(ProjectionMode.EXACT, improved.mineStepProjections());
        assertEquals(0.01, improved.mineMovingAverage());
        assertEquals(20, improved.mineSteps());
        AttackSettings cpu = AttackProfiles.read(config(Map.of()), "cpu", AttackMethod.MINE);
        assertEquals(5, cpu.mineSteps());
        assertEquals(100, cpu.k());
        assertEquals(40, cpu.iterations());
        AttackSettings l2 = AttackProfiles.read(config(Map.of()), "cpu", AttackMethod.L2);
        assertEquals(0, l2.mineSteps());
        assertEquals(0.05, AttackProfiles.read(config(Map.of("attack-profiles.paper.init-bound", "0.05")), "cpu",
                AttackMethod.MINE).initBound());
    }

    @Test
    void unknownProfilesAndBadValuesAreConfigurationErrors() {
        assertThrows(ConfigurationException.class, () -> AttackProfiles.read(config(Map.of()), "fast", AttackMethod.MINE));
        assertThrows(ConfigurationException.class, () -> AttackProfiles.read(
                config(Map.of("attack-profiles.paper.projections", "sideways")), "paper", AttackMethod.MINE));
        assertThrows(ConfigurationException.class,
                () -> Augmentations.ofAttackSection(config(Map.of("attack.method", "fgsm"))));
        assertEquals(AttackMethod.L2, AttackProfiles.attackMethod(config(Map.of("attack.method", "l2"))));
        assertEquals(new GaussianAugmentation(0.01, 3), Augmentations.ofAttackSection(config(Map.of("attack.method",
                "Gaussian"))), "rows per sample follow the grid's repeats");
        assertEquals(2, ((MinMaxAugmentation) Augmentations.ofAttackSection(config(Map.of("retrain.repeats", "2"))))
                .repeats(), "for attacks too");
        assertThrows(ConfigurationException.class, () -> AttackProfiles.attackMethod(config(Map.of("attack.method", "gaussian"))));
    }

    @Test
    void geometricAugmentationsAreSpelledAsMethodsAndAsArms() {
        assertEquals(new GeometricAugmentation(true, 10, 3), Augmentations.ofAttackSection(config(Map.of(
                "attack.method", "fliprot", "attack.geometric.max-degrees", "10"))));
        assertEquals(new GeometricAugmentation(false, 15, 3), Augmentations.ofAttackSection(config(Map.of(
                "attack.method", "rotate"))), "15 degrees by default");
        ConfigurationException range = assertThrows(ConfigurationException.class, () -> Augmentations.ofAttackSection(
                config(Map.of("attack.method", "rotate", "attack.geometric.max-degrees", "200"))));
        assertTrue(range.getMessage().contains("uae.attack.geometric") && range.getMessage().contains("200"),
                range.getMessage());
        List<Arm> arms = Arms.parse(List.of("original", "rotate-15", "fliprot-7.5"), 2, 2, config(Map.of()));
        assertEquals(new Arm.Augmented(new GeometricAugmentation(false, 15, 2), 2), arms.get(1));
        assertEquals(List.of("fliprot-7.5-r0", "fliprot-7.5-r1"), List.of(arms.get(2).cellName(0), arms.get(2).cellName(1)));
        ConfigurationException malformed = assertThrows(ConfigurationException.class,
                () -> Arms.parse(List.of("rotate-left"), 2, 2, config(Map.of())));
        assertEquals("uae.retrain.arms: arm 'rotate-left': 'rotate-left': such arms are named rotate-<degrees>",
                malformed.getMessage());
    }

    @Test
    void stackedArmsAppendTheirBaseRowsThenTheirOwnAndAreTestedAgainstTheirBase() {
        List<Arm> arms = Arms.parse(List.of("rotate-15", "rotate-15~mine-cpu", "rotate-15~duplicate"), 3, 3,
                config(Map.of()));
        Arm.Stacked uae = (Arm.Stacked) arms.get(1);
        assertEquals("rotate-15~mine-cpu", uae.name());
        assertEquals(List.of("rotate-15~mine-cpu-r0", "rotate-15~mine-cpu-r2"), List.of(uae.cellName(0), uae.cellName(2)));
        assertEquals(List.of(new Arm.TableRows("rotate-15", 2, false), new Arm.TableRows("rotate-15~mine-cpu", 2, false)),
                uae.appended(2), "cell r: the base table's repeat r, then the UAEs' repeat r");
        assertEquals(arms.get(0), uae.stackedOn().orElseThrow());
        assertEquals("mine", uae.augmentation().orElseThrow().method(), "its own table is made by the MinMax attack");
        assertEquals(List.of("rotate-15", "rotate-15~duplicate"), uae.ownControls());
        Arm copy = arms.get(2);
        assertEquals(List.of(new Arm.TableRows("rotate-15", 1, false), new Arm.OriginCopy()), copy.appended(1));
        assertTrue(copy.augmentation().isEmpty(), "the stacked duplicate makes no table");
        assertEquals(List.of(), arms.get(0).ownControls());
    }

    @Test
    void stackedArmsNeedAModelFreeBaseAndAMinMaxOrDuplicateTop() {
        Map<String, String> messages = Map.of(
                "mine-cpu~l2-cpu", "an arm can only be stacked on a model-free augmentation",
                "gaussian-0.01~rotate-15", "the arm on top of 'gaussian-0.01' is a MinMax arm",
                "original~mine-cpu", "'original' is not an augmentation arm to stack on");
        messages.forEach((stacked, expected) -> {
            List<String> grid = List.of("mine-cpu", "gaussian-0.01", "original", stacked);
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> Arms.parse(grid, 2, 2, config(Map.of())), stacked);
            assertTrue(e.getMessage().startsWith("uae.retrain.arms: arm '" + stacked + "': ")
                    && e.getMessage().contains(expected), e.getMessage());
        });
    }

    @Test
    void tablesOfOneRowPerSampleAreAppendedWholeByEveryCell() {
        List<Arm> arms = Arms.parse(List.of("mine-cpu", "gaussian-0.01"), 3, 1, config(Map.of()));
        for (Arm arm : arms) {
            assertEquals(3, arm.repeats(), arm.name());
            assertEquals(arm.name() + "-r2", arm.cellName(2));
            assertEquals(List.of(new Arm.TableRows(arm.name(), -1, false)), arm.appended(2), arm.name());
            assertEquals(1, arm.augmentation().orElseThrow().rowsPerSample(), "one attack or copy per sample");
        }
        Arm single = Arms.parse(List.of("mine-cpu"), 1, 1, config(Map.of())).get(0);
        assertEquals("mine-cpu", single.cellName(0), "one cell on a one-repeat table keeps the plain name");
        ConfigurationException between = assertThrows(ConfigurationException.class,
                () -> Arms.parse(List.of("mine-cpu"), 3, 2, config(Map.of())));
        assertTrue(between.getMessage().contains("uae.attack.repeats = 2"), between.getMessage());
        ConfigurationException fromConfig = assertThrows(ConfigurationException.class,
                () -> RetrainSettings.from(config(Map.of("retrain.repeats", "3", "attack.repeats", "2"))));
        assertTrue(fromConfig.getMessage().contains("uae.attack.repeats = 2"), fromConfig.getMessage());
        assertEquals(3, RetrainSettings.from(config(Map.of("attack.repeats", "1"))).arms().get(0).repeats());
    }

    @Test
    void theAttackStageMakesAStackedTableAgainstItsBaseArm() {
        AttackStageSettings plain = AttackStageSettings.from(config(Map.of("attack.profile", "cpu")));
        assertEquals("mine-cpu", plain.outputName());
        assertEquals(null, plain.stackedOn());
        AttackStageSettings stacked = AttackStageSettings.from(config(Map.of("attack.profile", "cpu",
                "attack.stacked-on", "fliprot-15")));
        assertEquals("fliprot-15~mine-cpu", stacked.outputName());
        assertEquals("fliprot-15-r0", stacked.stackedOn().cellName(0), "the first cell of the base arm is attacked");
        ConfigurationException onMinMax = assertThrows(ConfigurationException.class, () -> AttackStageSettings.from(
                config(Map.of("attack.stacked-on", "l2-cpu"))));
        assertTrue(onMinMax.getMessage().contains("stacked-on = 'l2-cpu'"), onMinMax.getMessage());
        ConfigurationException copyOnCopy = assertThrows(ConfigurationException.class, () -> AttackStageSettings.from(
                config(Map.of("attack.method", "gaussian", "attack.stacked-on", "rotate-15"))));
        assertTrue(copyOnCopy.getMessage().contains("is a MinMax arm"), copyOnCopy.getMessage());
    }
}
