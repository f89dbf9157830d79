package org.uaespark.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Fills missing feature values (NaN) of a table read from one file with a column mean: over the rows of the same
 * label (the paper's code for Mice Protein: the mean over samples of the same class), or over all rows. A value
 * whose class has no observed value in its column takes the column's overall mean; a column with no observed value
 * at all is an error naming it.
 */
final class Imputation {
    private Imputation() {
    }

    /**
     * @param file     the file, for messages
     * @param rows     the rows, NaN where missing; filled in place
     * @param labels   each row's label for class means, or null for overall means
     * @param column   the column's name in the file, for messages
     */
    static void fill(Path file, float[][] rows, int[] labels, IntFunction<String> column) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            long count = 0;
            Map<Integer, double[]> byClass = new HashMap<>();
            for (int r = 0; r < rows.length; r++) {
                float v = rows[r][c];
                if (!Float.isNaN(v)) {
                    sum += v;
                    count++;
                    if (labels != null) {
                        double[] s = byClass.computeIfAbsent(labels[r], k -> new double[2]);
                        s[0] += v;
                        s[1]++;
                    }
                }
            }
            if (count == 0) {
                throw InputValidationException.inFile(file, column.apply(c) + " has no value in any row; "
                        + "nothing to impute it from");
            }
            float overall = (float) (sum / count);
            for (int r = 0; r < rows.length; r++) {
                if (Float.isNaN(rows[r][c])) {
                    double[] s = labels == null ? null : byClass.get(labels[r]);
                    rows[r][c] = s == null ? overall : (float) (s[0] / s[1]);
                }
            }
        }
    }
}
