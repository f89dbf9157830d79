package org.uaespark.data;

import java.util.Arrays;

/**
 * One split (train or test) of a dataset as read from its source files, before scaling: a row count,
 * the shape of one sample, raw feature values per row and an optional integer label per row.
 * Implementations hold the data compactly (IDX keeps bytes) and materialise float rows on demand.
 */
public interface RawSplit {

    /** Number of samples. */
    int rows();

    /** Shape of one sample, e.g. {28, 28, 1} for an MNIST image (height, width, channels) or {d} for a tabular row. */
    int[] shape();

    /** Raw (unscaled) features of row {@code i}, flattened row-major; a fresh array of {@link #featureCount()} values. */
    float[] features(int i);

    /** Label of row {@code i}, or {@code null} when the source has no labels. */
    Integer label(int i);

    /** Human-readable description of where the rows came from, stored in the table's {@code source} column. */
    String source();

    /**
     * Position of row {@code i} in the source file; the stable part of its sample id. Equal to {@code i}
     * unless the split was carved out of a larger file.
     */
    default long sourceIndex(int i) {
        return i;
    }

    /** Number of features per sample: the product of {@link #shape()}. */
    default int featureCount() {
        return Arrays.stream(shape()).reduce(1, Math::multiplyExact);
    }

    /** The first {@code n} rows of this split (all rows when {@code n <= 0} or {@code n >= rows()}). */
    default RawSplit head(int n) {
        if (n <= 0 || n >= rows()) {
            return this;
        }
        RawSplit whole = this;
        return new RawSplit() {
            @Override public int rows() { return n; }
            @Override public int[] shape() { return whole.shape(); }
            @Override public float[] features(int i) { return whole.features(checkIndex(i, n)); }
            @Override public Integer label(int i) { return whole.label(checkIndex(i, n)); }
            @Override public long sourceIndex(int i) { return whole.sourceIndex(checkIndex(i, n)); }
            @Override public String source() { return whole.source() + " (first " + n + " rows)"; }
        };
    }

    private static int checkIndex(int i, int n) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("row " + i + " of " + n);
        }
        return i;
    }
}
