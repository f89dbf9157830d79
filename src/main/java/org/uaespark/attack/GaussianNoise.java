package org.uaespark.attack;

import java.util.SplittableRandom;

import org.uaespark.data.Seeds;
import org.uaespark.data.StandardNormal;

/**
 * The Gaussian-augmentation baseline (src/site/markdown/paper-spec.md §6): one noisy copy x + n per sample, n ~ N(0, σ²I), clipped to [0, 1],
 * drawn from the sample's seed and the repeat index so seeded repeats are independent and reproducible.
 */
public final class GaussianNoise {
    private final double sigma;

    /** @param sigma noise standard deviation (the paper: 0.01 and 0.001) */
    public GaussianNoise(double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive, got " + sigma);
        }
        this.sigma = sigma;
    }

    /** The noisy copy of {@code x} for repeat {@code repeat} of the sample with seed {@code sampleSeed}. */
    public float[] augment(float[] x, long sampleSeed, int repeat) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(sampleSeed, 0x6A55L, repeat));
        float[] out = new float[x.length];
        for (int j = 0; j < x.length; j++) {
            double noisy = x[j] + sigma * StandardNormal.next(random);
            out[j] = (float) Math.max(0, Math.min(1, noisy));
        }
        return out;
    }
}
