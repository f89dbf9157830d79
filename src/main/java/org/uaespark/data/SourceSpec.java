package org.uaespark.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a dataset's raw files are and how to read them: the value object that the {@code ingest} stage
 * turns into a {@code dataset} table. Built from configuration ({@code uae.datasets.<name>}), but knows
 * nothing of it.
 *
 * @param name          dataset name, the prefix of every sample id, e.g. {@code mnist}
 * @param format        source format
 * @param description   recorded in the table's {@code source} column
 * @param trainFeatures train features file (IDX images, CSV table, or Parquet file/folder; CIFAR binary: the batch
 *                      files separated by commas)
 * @param trainLabels   IDX train labels file, or null
 * @param testFeatures  test features file, or null when the test split is carved out of train by {@code testFraction}
 * @param testLabels    IDX test labels file, or null
 * @param testFraction  fraction of train rows moved to test when {@code testFeatures} is null (0 = no test split)
 * @param shape         shape of one sample for CSV/Parquet sources, or null for a flat vector
 * @param scaling       how raw values are mapped into [0, 1]
 * @param csv           CSV reading options (CSV only)
 * @param parquet       Parquet column names (Parquet only)
 */
public record SourceSpec(
        String name,
        Format format,
        String description,
        String trainFeatures,
        String trainLabels,
        String testFeatures,
        String testLabels,
        double testFraction,
        int[] shape,
        FeatureScaler.Method scaling,
        CsvReader.Options csv,
        ParquetColumns parquet) {

    /** Source file formats. */
    public enum Format { IDX, CSV, PARQUET, CIFAR_BINARY }

    /**
     * Columns of a Parquet source.
     *
     * @param id             a unique, stable id column; empty: each row's id is its file's name and its position
     *                       in the file (stable whatever reads it, unlike the order of a whole read)
     * @param features       an array column of numbers
     * @param featureColumns numeric columns, one per feature (a DataFrame from pandas), instead of {@code features}
     * @param label          an integer label column, or empty for none
     */
    public record ParquetColumns(String id, String features, List<String> featureColumns, String label) {
        public ParquetColumns {
            featureColumns = List.copyOf(featureColumns);
        }
    }

    public SourceSpec {
        Objects.requireNonNull(name, "dataset name");
        Objects.requireNonNull(format, "format of dataset " + name);
        Objects.requireNonNull(trainFeatures, "train features path of dataset " + name);
        Objects.requireNonNull(scaling, "scaling of dataset " + name);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("dataset name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (testFraction < 0 || testFraction >= 1) {
            throw new IllegalArgumentException("test-fraction of dataset " + name + " must be in [0, 1), got " + testFraction);
        }
        if (testFeatures != null && testFraction > 0) {
            throw new IllegalArgumentException("dataset " + name + " sets both a test file and test-fraction; choose one");
        }
        if (shape != null && (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0))) {
            throw new IllegalArgumentException("shape of dataset " + name + " must be positive dimensions, got "
                    + Arrays.toString(shape));
        }
        shape = shape == null ? null : shape.clone();
    }
}
