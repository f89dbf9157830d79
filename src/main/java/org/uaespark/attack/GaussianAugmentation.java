package org.uaespark.attack;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.uaespark.models.FloatMatrix;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * Gaussian augmentation (the paper's noise baseline): {@code repeats} clipped copies x + N(0, σ²I) of every sample
 * ({@link GaussianNoise}), named {@code gaussian-<σ>}. A grid arm trains one seeded cell per repeat.
 *
 * @param sigma   noise standard deviation
 * @param repeats copies per sample
 */
public record GaussianAugmentation(double sigma, int repeats) implements Augmentation {
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
        return METHOD + "-" + sigmaLabel(sigma);
    }

    /** σ as written in names, e.g. {@code 0.01}. */
    public static String sigmaLabel(double sigma) {
        return BigDecimal.valueOf(sigma).stripTrailingZeros().toPlainString();
    }

    @Override
    public int rowsPerSample() {
        return repeats;
    }

    @Override
    public boolean cellPerRepeat() {
        return true;
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
    public List<AugmentedSample> augment(UnsupervisedCriterion target, SampleBatch batch) {
        GaussianNoise noise = new GaussianNoise(sigma);
        int n = batch.size();
        int d = batch.features()[0].length;
        float[] originals = new float[n * d];
        for (int b = 0; b < n; b++) {
            System.arraycopy(batch.features()[b], 0, originals, b * d, d);
        }
        FloatMatrix x = new FloatMatrix(n, d, originals);
        double[] before = target.perSample(x, x);
        List<AugmentedSample> rows = new ArrayList<>(n * repeats);
        for (int r = 0; r < repeats; r++) {
            float[] copies = new float[n * d];
            for (int b = 0; b < n; b++) {
                System.arraycopy(noise.augment(batch.features()[b], batch.seeds()[b], r), 0, copies, b * d, d);
            }
            double[] after = target.perSample(x, new FloatMatrix(n, d, copies));
            for (int b = 0; b < n; b++) {
                float[] copy = new float[d];
                System.arraycopy(copies, b * d, copy, 0, d);
                boolean met = after[b] <= before[b];
                rows.add(new AugmentedSample(b, batch.ids()[b] + "~gaussian~r" + r, copy, "sigma-" + sigmaLabel(sigma),
                        met, met, before[b], after[b], null, null, 0, null, batch.seeds()[b], r, null));
            }
        }
        return rows;
    }
}
