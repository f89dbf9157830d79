package org.uaespark.config;

import java.util.Arrays;
import java.util.Locale;

import org.uaespark.attack.AttackMethod;

/**
 * How the {@code attack} stage makes augmentation rows: one of the two MinMax attacks, or Gaussian augmentation.
 * {@link #configName()} is the spelling of {@code uae.attack.method} and of the {@code method} column.
 */
public enum AugmentationMethod {
    /** MINE-UAE (MinMax minimising the MINE estimate). */
    MINE(AttackMethod.MINE),
    /** L2-UAE (MinMax maximising the reconstruction distance). */
    L2(AttackMethod.L2),
    /** Gaussian augmentation (spec §6): clipped x + N(0, σ²I) copies. */
    GAUSSIAN(null);

    private final AttackMethod attack;

    AugmentationMethod(AttackMethod attack) {
        this.attack = attack;
    }

    /** The MinMax attack this method runs, or null for Gaussian augmentation. */
    public AttackMethod attack() {
        return attack;
    }

    /** The configuration spelling, e.g. {@code mine}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method spelled {@code name}; fails naming the allowed values. */
    public static AugmentationMethod fromConfig(String name) {
        for (AugmentationMethod m : values()) {
            if (m.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; expected one of "
                + Arrays.stream(values()).map(AugmentationMethod::configName).toList());
    }
}
