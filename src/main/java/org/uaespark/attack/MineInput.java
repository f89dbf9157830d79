package org.uaespark.attack;

import java.util.Locale;

/**
 * Which pairs MINE compares for a sample ({@code src/site/markdown/paper-spec.md} §2).
 */
public enum MineInput {
    /** The paper's rule: the model's feature maps where it offers them (the conv AE's first convolution), random projections otherwise. */
    AUTO,
    /** Random projections for every model: on the conv AE, K·p-wide statistics networks instead of ≈ 12 M parameters per sample. */
    RANDOM;

    /** Whether MINE compares the attacked model's feature maps where it offers them (the {@code conv} variant). */
    public boolean usesModelFeatures() {
        return this == AUTO;
    }

    /** The value of a profile's {@code mine-input} key. */
    public static MineInput parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mine-input must be auto or random, not '" + value + "'", e);
        }
    }
}
