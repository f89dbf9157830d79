package org.uaespark.attack;

import java.util.Locale;

import org.uaespark.models.ModelKind;

/**
 * Which pairs MINE compares for a sample ({@code paper-spec.md} §2).
 */
public enum MineInput {
    /** The paper's rule: the first convolution's channels for a model with one (the conv AE), random projections otherwise. */
    AUTO,
    /** Random projections for every model: on the conv AE, K·p-wide statistics networks instead of ≈ 12 M parameters per sample. */
    RANDOM;

    /** Whether MINE uses the {@code conv} variant on a model of {@code kind}. */
    public boolean convolutional(ModelKind kind) {
        return this == AUTO && kind == ModelKind.CONV;
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
