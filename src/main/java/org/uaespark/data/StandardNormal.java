package org.uaespark.data;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a {@link SplittableRandom}, so every Gaussian the pipeline draws follows a sequence
 * fixed by its seed, independent of native libraries and threads. Two generators: {@link #next} (Box–Muller),
 * whose sequence the models' initial weights and the Gaussian augmentation were published with and keep; and
 * {@link #ziggurat}, for the attack's projections, which draw 2·K·p values per sample and evaluation (exact mode)
 * or d·K·p (redrawn matrices): ≈ 5 ns per value against ≈ 23 for Box–Muller on one core of an AMD EPYC.
 */
public final class StandardNormal {
    private StandardNormal() {
    }

    /** One N(0, 1) draw by Box–Muller; consumes two uniforms from {@code random}. */
    public static double next(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * One N(0, 1) draw by McFarland's modified ziggurat, as Java 17's
     * {@link java.util.random.RandomGenerator#nextGaussian()} implements it: one value from {@code random}, rarely
     * (in the tails) a few.
     */
    public static double ziggurat(SplittableRandom random) {
        return random.nextGaussian();
    }
}
