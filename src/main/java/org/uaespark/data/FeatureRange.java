package org.uaespark.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-feature minimum and maximum over a set of rows, built incrementally and mergeable, so the same code
 * fits a scaler on the driver or in a distributed aggregation (Spark's {@code treeAggregate}).
 */
public final class FeatureRange implements Serializable {
    private static final long serialVersionUID = 1L;

    private float[] min;
    private float[] max;
    private long rows;

    /** An empty range: no rows seen. */
    public FeatureRange() {
    }

    /** Adds one row; every row must have the same length. Returns {@code this} for use as an aggregation step. */
    public FeatureRange add(float[] row) {
        if (min == null) {
            min = row.clone();
            max = row.clone();
        } else {
            requireSameLength(row.length);
            for (int j = 0; j < row.length; j++) {
                float v = row[j];
                if (v < min[j]) {
                    min[j] = v;
                }
                if (v > max[j]) {
                    max[j] = v;
                }
            }
        }
        rows++;
        return this;
    }

    /** Merges another range into this one. Returns {@code this} for use as an aggregation combiner. */
    public FeatureRange merge(FeatureRange other) {
        if (other.min == null) {
            return this;
        }
        if (min == null) {
            min = other.min.clone();
            max = other.max.clone();
        } else {
            requireSameLength(other.min.length);
            for (int j = 0; j < min.length; j++) {
                min[j] = Math.min(min[j], other.min[j]);
                max[j] = Math.max(max[j], other.max[j]);
            }
        }
        rows += other.rows;
        return this;
    }

    /** Number of rows added. */
    public long rows() {
        return rows;
    }

    /** Per-feature minima (a copy); empty when no rows were added. */
    public float[] min() {
        return min == null ? new float[0] : min.clone();
    }

    /** Per-feature maxima (a copy); empty when no rows were added. */
    public float[] max() {
        return max == null ? new float[0] : max.clone();
    }

    /** Number of features where {@code other} reaches below this range's minimum or above its maximum. */
    public int featuresOutside(FeatureRange other) {
        if (min == null || other.min == null) {
            return 0;
        }
        int count = 0;
        for (int j = 0; j < min.length; j++) {
            if (other.min[j] < min[j] || other.max[j] > max[j]) {
                count++;
            }
        }
        return count;
    }

    private void requireSameLength(int length) {
        if (length != min.length) {
            throw new IllegalArgumentException("feature vectors of different lengths: " + min.length + " and " + length);
        }
    }

    @Override
    public String toString() {
        return "FeatureRange{rows=" + rows + ", min=" + Arrays.toString(min) + ", max=" + Arrays.toString(max) + "}";
    }
}
