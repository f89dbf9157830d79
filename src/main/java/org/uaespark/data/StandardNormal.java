package org.uaespark.data;

import java.util.SplittableRandom;

/**
 * Standard normal draws from a {@link SplittableRandom} (Box–Muller, one value per two uniforms), so every
 * Gaussian the pipeline draws follows a sequence Java specifies exactly, independent of native libraries.
 */
public final class StandardNormal {
    private StandardNormal() {
    }

    /** One N(0, 1) draw; consumes two uniforms from {@code random}. */
    public static double next(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
