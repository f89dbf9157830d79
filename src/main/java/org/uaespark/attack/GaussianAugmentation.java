package org.uaespark.attack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gaussian augmentation (the paper's noise baseline): {@code repeats} clipped copies x + N(0, σ²I) of every sample
 * ({@link GaussianNoise}), named {@code gaussian-<σ>}. A grid arm trains one seeded cell per repeat.
 *
 * @param sigma   noise standard deviation
 * @param repeats copies per sample
 */
public record GaussianAugmentation(double sigma, int repeats) implements CopyAugmentation {
    /** The method's spelling. */
    public static final String METHOD = "gaussian";

    public GaussianAugmentation {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("gaussian.sigma must be positive, got " + sigma);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("gaussian.repeats must be at least 1, got " + repeats);
        }
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public String outputName() {
        return METHOD + "-" + Augmentation.label(sigma);
    }

    @Override
    public Map<String, Object> fingerprintFields(int[] sampleShape) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", METHOD);
        out.put("sigma", sigma);
        out.put("repeats", repeats);
        return out;
    }

    @Override
    public String profileLabel() {
        return "sigma-" + Augmentation.label(sigma);
    }

    @Override
    public float[] copy(float[] x, int[] shape, long sampleSeed, int repeat) {
        return new GaussianNoise(sigma).augment(x, sampleSeed, repeat);
    }
}
