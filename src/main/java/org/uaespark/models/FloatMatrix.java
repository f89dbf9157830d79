package org.uaespark.models;

import java.util.Objects;

/**
 * Rows of equal length in one row-major {@code float[]}: the in-memory form of a split handed to training and
 * evaluation (60,000 MNIST rows are 188 MB). Immutable by convention: nobody writes to {@link #data()}.
 *
 * @param rows number of rows
 * @param cols values per row (0 only for an empty matrix, whose width nothing told)
 * @param data rows × cols values
 */
public record FloatMatrix(int rows, int cols, float[] data) {
    public FloatMatrix {
        Objects.requireNonNull(data, "data");
        if (rows < 0 || cols < 0 || (cols == 0 && rows > 0) || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
    }

    /** Copies the rows at {@code indices} (in that order) into {@code target}, which must hold indices.length × cols. */
    public void gather(int[] indices, int from, int count, float[] target) {
        for (int k = 0; k < count; k++) {
            System.arraycopy(data, indices[from + k] * cols, target, k * cols, cols);
        }
    }

    /** Row {@code i}, copied. */
    public float[] row(int i) {
        float[] out = new float[cols];
        System.arraycopy(data, i * cols, out, 0, cols);
        return out;
    }
}
