package org.uaespark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Maps raw feature values into [0, 1], the domain the attack's projection assumes. Immutable and
 * serializable so Spark ships one instance to every task. Three methods:
 * <ul>
 *   <li>{@code divide-255}: images stored as bytes; {@code x / 255};</li>
 *   <li>{@code minmax}: tabular data; {@code (x - min_j) / (max_j - min_j)} with {@code min_j, max_j} fitted on
 *       the train split, 0 for a constant feature, and values of other splits clipped to [0, 1];</li>
 *   <li>{@code none}: the data is already in [0, 1] (validated after ingest).</li>
 * </ul>
 *
 * @param method  which scaling
 * @param min     fitted per-feature minima ({@code minmax} only, else empty)
 * @param max     fitted per-feature maxima ({@code minmax} only, else empty)
 */
public record FeatureScaler(Method method, float[] min, float[] max) implements Serializable {

    /** The scaling methods; {@link #configName()} is the spelling used in configuration files. */
    public enum Method {
        DIVIDE_255, MINMAX, NONE;

        /** The configuration spelling, e.g. {@code divide-255}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses the configuration spelling; the error lists the accepted values. */
        public static Method fromConfig(String value) {
            for (Method m : values()) {
                if (m.configName().equalsIgnoreCase(value.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown scaling '" + value + "'; expected one of "
                    + Arrays.stream(values()).map(Method::configName).toList());
        }
    }

    public FeatureScaler {
        min = min == null ? new float[0] : min.clone();
        max = max == null ? new float[0] : max.clone();
        if (min.length != max.length) {
            throw new IllegalArgumentException("min and max have different lengths");
        }
    }

    /** Fits the scaler of {@code method} on the train split's feature range. */
    public static FeatureScaler fit(Method method, FeatureRange train) {
        if (method == Method.MINMAX) {
            if (train.rows() == 0) {
                throw new IllegalArgumentException("cannot fit a min-max scaler on an empty train split");
            }
            return new FeatureScaler(method, train.min(), train.max());
        }
        return new FeatureScaler(method, null, null);
    }

    /**
     * The features that are constant on the train split ({@code minmax} only): they carry no information and
     * are scaled to 0 in every split (a test value off the constant becomes 0 too).
     */
    public List<Integer> constantFeatures() {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < min.length; j++) {
            if (!(max[j] > min[j])) {
                out.add(j);
            }
        }
        return out;
    }

    /** Scales one row into a new array; the input is not modified. */
    public float[] apply(float[] raw) {
        float[] out = new float[raw.length];
        switch (method) {
            case DIVIDE_255 -> {
                for (int j = 0; j < raw.length; j++) {
                    out[j] = raw[j] / 255f;
                }
            }
            case MINMAX -> {
                if (raw.length != min.length) {
                    throw new IllegalArgumentException("row has " + raw.length + " features, the scaler was fitted on "
                            + min.length);
                }
                for (int j = 0; j < raw.length; j++) {
                    double span = (double) max[j] - min[j];
                    double scaled = span > 0 ? (raw[j] - (double) min[j]) / span : 0.0;
                    out[j] = (float) Math.min(1.0, Math.max(0.0, scaled));
                }
            }
            case NONE -> System.arraycopy(raw, 0, out, 0, raw.length);
            default -> throw new IllegalStateException(method.toString());
        }
        return out;
    }

    /**
     * Maps one scaled row back into the source's units, {@link #apply}'s inverse on the train split's range:
     * {@code v × (max − min) + min} for {@code minmax} (a constant feature comes back as its value), {@code v × 255}
     * for {@code divide-255}. Values {@link #apply} clipped stay at the range's ends.
     */
    public float[] unscale(float[] scaled) {
        float[] out = new float[scaled.length];
        switch (method) {
            case DIVIDE_255 -> {
                for (int j = 0; j < scaled.length; j++) {
                    out[j] = scaled[j] * 255f;
                }
            }
            case MINMAX -> {
                if (scaled.length != min.length) {
                    throw new IllegalArgumentException("row has " + scaled.length + " features, the scaler was fitted "
                            + "on " + min.length);
                }
                for (int j = 0; j < scaled.length; j++) {
                    out[j] = (float) (scaled[j] * ((double) max[j] - min[j]) + min[j]);
                }
            }
            case NONE -> System.arraycopy(scaled, 0, out, 0, scaled.length);
            default -> throw new IllegalStateException(method.toString());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler s && s.method == method && Arrays.equals(s.min, min)
                && Arrays.equals(s.max, max);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * method.hashCode() + Arrays.hashCode(min)) + Arrays.hashCode(max);
    }

    @Override
    public String toString() {
        return "FeatureScaler{" + method.configName() + ", features=" + min.length + "}";
    }
}
