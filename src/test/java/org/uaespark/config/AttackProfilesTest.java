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
import org.uaespark.mine.ProjectionMode;

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
        List<Arm> arms = Arms.parse(List.of("original", "rotate-15", "fliprot-7.5"), 2, config(Map.of()));
        assertEquals(new Arm.Augmented(new GeometricAugmentation(false, 15, 2)), arms.get(1));
        assertEquals(List.of("fliprot-7.5-r0", "fliprot-7.5-r1"), List.of(arms.get(2).cellName(0), arms.get(2).cellName(1)));
        ConfigurationException malformed = assertThrows(ConfigurationException.class,
                () -> Arms.parse(List.of("rotate-left"), 2, config(Map.of())));
        assertEquals("uae.retrain.arms: arm 'rotate-left': 'rotate-left': such arms are named rotate-<degrees>",
                malformed.getMessage());
    }
}
