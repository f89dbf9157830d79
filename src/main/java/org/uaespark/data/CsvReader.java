package org.uaespark.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads numeric CSV tables (raw or gzipped) into a {@link RawSplit}. Three header styles are understood:
 * <ul>
 *   <li>{@link HeaderStyle#SKLEARN}: scikit-learn's bundled datasets, whose first line is
 *       {@code n_samples,n_features,class names…} and whose rows are the features followed by an integer target;</li>
 *   <li>{@link HeaderStyle#NAMES}: a first line of column names;</li>
 *   <li>{@link HeaderStyle#NONE}: data from the first line.</li>
 * </ul>
 * {@link HeaderStyle#AUTO} picks one from the first two lines. Every cell must be a finite number;
 * a non-numeric, empty, NaN or infinite cell, a ragged row, a declared row count that does not match, or a
 * file without data rows is reported with the file, line and column. Missing feature values (an empty cell,
 * {@code NA}, {@code NaN} or {@code ?}) are rejected unless {@link Impute} says how to fill them.
 */
public final class CsvReader {

    /** How the first line of the file is interpreted. */
    public enum HeaderStyle { AUTO, SKLEARN, NAMES, NONE }

    /** Label column choice: {@code AUTO} takes sklearn's last column or a column named {@code label}. */
    public static final String LABEL_AUTO = "auto";
    /** Label column choice: no labels. */
    public static final String LABEL_NONE = "none";
    /** Label column choice: the last column. */
    public static final String LABEL_LAST = "last";

    /** How missing feature values are filled, over the rows of the file ({@code csv.impute}). */
    public enum Impute {
        /** Missing values are an error naming the file, record and column. */
        NONE,
        /** The mean of the column over the rows of the same label (Mice Protein in the paper's code). */
        CLASS_MEAN,
        /** The mean of the column over all rows. */
        MEAN;

        /** Parses {@code none}, {@code class-mean} or {@code mean}. */
        public static Impute fromConfig(String name) {
            for (Impute i : values()) {
                if (i.name().replace('_', '-').equalsIgnoreCase(name.trim())) {
                    return i;
                }
            }
            throw new IllegalArgumentException("csv.impute must be none, class-mean or mean, got '" + name + "'");
        }
    }

    /**
     * What to read from the file.
     *
     * @param header      how to read the first line
     * @param labelColumn {@code auto}, {@code none}, {@code last}, or a column name from a {@code NAMES} header
     * @param shape       shape of one sample, or {@code null} for a flat vector of all feature columns
     * @param impute      how missing feature values are filled
     */
    public record Options(HeaderStyle header, String labelColumn, int[] shape, Impute impute) {
        public Options {
            if (header == null) {
                header = HeaderStyle.AUTO;
            }
            if (labelColumn == null || labelColumn.isBlank()) {
                labelColumn = LABEL_AUTO;
            }
            if (impute == null) {
                impute = Impute.NONE;
            }
        }

        /** Options that reject missing values. */
        public Options(HeaderStyle header, String labelColumn, int[] shape) {
            this(header, labelColumn, shape, Impute.NONE);
        }

        /** Defaults: header detected, label detected, flat shape. */
        public static Options defaults() {
            return new Options(HeaderStyle.AUTO, LABEL_AUTO, null);
        }
    }

    private CsvReader() {
    }

    /** Reads the whole file; see the class comment for what is rejected. */
    public static RawSplit read(Path file, Options options, String sourceName) {
        List<CSVRecord> records = parse(file);
        if (records.isEmpty()) {
            throw InputValidationException.inFile(file, "no rows: the CSV file holds no data");
        }
        HeaderStyle style = options.header() == HeaderStyle.AUTO ? detect(records) : options.header();
        List<String> names = null;
        int first = 0;
        long declaredRows = -1;
        if (style == HeaderStyle.SKLEARN) {
            CSVRecord head = records.get(0);
            declaredRows = parseHeaderCount(file, head, 0, "n_samples");
            long declaredFeatures = parseHeaderCount(file, head, 1, "n_features");
            if (records.size() > 1 && records.get(1).size() != declaredFeatures + 1) {
                throw InputValidationException.inFile(file, "scikit-learn style header declares " + declaredFeatures
                        + " features (plus a target column) but record 2 has " + records.get(1).size() + " columns");
            }
            first = 1;
        } else if (style == HeaderStyle.NAMES) {
            names = records.get(0).toList();
            first = 1;
        }
        int columns = records.size() > first ? records.get(first).size() : 0;
        if (records.size() == first) {
            throw InputValidationException.inFile(file, "no data rows after the header line");
        }
        int labelIndex = labelIndex(file, options.labelColumn(), style, names, columns);
        int featureCount = labelIndex < 0 ? columns : columns - 1;
        if (featureCount == 0) {
            throw InputValidationException.inFile(file, "no feature columns (only a label column)");
        }
        int[] shape = options.shape() == null ? new int[] {featureCount} : options.shape().clone();
        if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != featureCount) {
            throw InputValidationException.inFile(file, "configured shape " + Arrays.toString(shape) + " holds "
                    + Arrays.stream(shape).reduce(1, Math::multiplyExact) + " values but each row has "
                    + featureCount + " feature columns");
        }
        int rows = records.size() - first;
        if (declaredRows >= 0 && declaredRows != rows) {
            throw InputValidationException.inFile(file, "scikit-learn style header declares " + declaredRows
                    + " samples but the file has " + rows + " data rows");
        }
        if (options.impute() == Impute.CLASS_MEAN && labelIndex < 0) {
            throw InputValidationException.inFile(file, "csv.impute = class-mean needs a label column, and the file "
                    + "has none (csv.label-column = " + options.labelColumn() + ")");
        }
        float[][] features = new float[rows][];
        int[] labels = labelIndex < 0 ? null : new int[rows];
        boolean anyMissing = false;
        for (int r = 0; r < rows; r++) {
            CSVRecord record = records.get(first + r);
            if (record.size() != columns) {
                throw InputValidationException.inFile(file, "ragged row at record " + lineOf(record) + ": "
                        + record.size() + " columns where the first data row has " + columns);
            }
            float[] row = new float[featureCount];
            int f = 0;
            for (int c = 0; c < columns; c++) {
                boolean missing = isMissing(record.get(c));
                if (missing && c != labelIndex && options.impute() != Impute.NONE) {
                    row[f++] = Float.NaN;
                    anyMissing = true;
                    continue;
                }
                if (missing) {
                    throw InputValidationException.inFile(file, "missing value '" + record.get(c) + "' at record "
                            + lineOf(record) + ", " + columnName(c, names) + (c == labelIndex ? "; labels cannot be "
                            + "imputed" : "; set csv.impute = class-mean (the mean over rows of the same label, as "
                            + "the paper's code for Mice Protein) or mean to fill missing values"));
                }
                double value = parseCell(file, record, c, names);
                if (c == labelIndex) {
                    if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                        throw InputValidationException.inFile(file, "label at record " + lineOf(record) + ", "
                                + columnName(c, names) + " is " + record.get(c) + "; labels must be integers");
                    }
                    labels[r] = (int) value;
                } else {
                    row[f++] = (float) value;
                }
            }
            features[r] = row;
        }
        if (anyMissing) {
            List<String> header = names;
            Imputation.fill(file, features, options.impute() == Impute.CLASS_MEAN ? labels : null,
                    c -> columnName(c < labelIndex || labelIndex < 0 ? c : c + 1, header));
        }
        return new ArraySplit(features, labels, shape, sourceName);
    }

    /** An empty cell or a common missing-value marker: NA, NaN, ? (any case). */
    static boolean isMissing(String cell) {
        return cell.isEmpty() || cell.equals("?") || cell.equalsIgnoreCase("na") || cell.equalsIgnoreCase("nan");
    }

    static List<CSVRecord> parse(Path file) {
        try (InputStream in = InputFiles.open(file);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder()
                     .setIgnoreSurroundingSpaces(true)
                     .setIgnoreEmptyLines(true)
                     .build()
                     .parse(reader)) {
            return parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            throw new InputValidationException(file + ": unreadable or malformed CSV (" + e.getMessage() + ")", e);
        }
    }

    /** SKLEARN when line 1 is numeric with exactly line-2-width minus 1 as its second cell; NONE when all numeric; else NAMES. */
    static HeaderStyle detect(List<CSVRecord> records) {
        CSVRecord head = records.get(0);
        boolean allNumeric = head.stream().allMatch(CsvReader::isNumber);
        if (records.size() > 1 && head.size() >= 2 && isInteger(head.get(0)) && isInteger(head.get(1))) {
            long features = Long.parseLong(head.get(1));
            if (records.get(1).size() == features + 1 && head.size() != records.get(1).size()) {
                return HeaderStyle.SKLEARN;
            }
        }
        return allNumeric ? HeaderStyle.NONE : HeaderStyle.NAMES;
    }

    private static int labelIndex(Path file, String labelColumn, HeaderStyle style, List<String> names, int columns) {
        String choice = labelColumn.trim();
        switch (choice.toLowerCase(Locale.ROOT)) {
            case LABEL_NONE:
                return -1;
            case LABEL_LAST:
                return columns - 1;
            case LABEL_AUTO:
                if (style == HeaderStyle.SKLEARN) {
                    return columns - 1;
                }
                return names == null ? -1 : names.indexOf("label");
            default:
                if (names == null) {
                    throw InputValidationException.inFile(file, "label column '" + choice
                            + "' is named but the file has no header line of column names");
                }
                int index = names.indexOf(choice);
                if (index < 0) {
                    throw InputValidationException.inFile(file, "label column '" + choice
                            + "' not found; the header has " + names);
                }
                return index;
        }
    }

    private static long parseHeaderCount(Path file, CSVRecord head, int index, String what) {
        String cell = head.size() > index ? head.get(index) : "";
        if (!isInteger(cell) || Long.parseLong(cell) <= 0) {
            throw InputValidationException.inFile(file, "scikit-learn style header: " + what
                    + " must be a positive integer but is '" + cell + "'");
        }
        return Long.parseLong(cell);
    }

    private static double parseCell(Path file, CSVRecord record, int c, List<String> names) {
        String cell = record.get(c);
        String where = "record " + lineOf(record) + ", " + columnName(c, names);
        if (cell.isEmpty()) {
            throw InputValidationException.inFile(file, "empty cell at " + where);
        }
        if (cell.matches("(?i)[+-]?(nan|inf|infinity)")) {
            throw InputValidationException.inFile(file, "non-finite value '" + cell + "' at " + where
                    + "; NaN and infinities are not accepted");
        }
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw InputValidationException.inFile(file, "non-numeric cell '" + cell + "' at " + where);
        }
        if (!Double.isFinite(value)) {
            throw InputValidationException.inFile(file, "non-finite value '" + cell + "' at " + where
                    + "; NaN and infinities are not accepted");
        }
        return value;
    }

    private static long lineOf(CSVRecord record) {
        return record.getRecordNumber();
    }

    private static String columnName(int c, List<String> names) {
        String name = names != null && c < names.size() ? " '" + names.get(c) + "'" : "";
        return "column " + (c + 1) + name;
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isInteger(String s) {
        return s.matches("\\d{1,18}");
    }

    /** Rows held as float arrays. */
    private record ArraySplit(float[][] rowsData, int[] labels, int[] shape, String source) implements RawSplit {
        @Override
        public int rows() {
            return rowsData.length;
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public float[] features(int i) {
            return rowsData[i].clone();
        }

        @Override
        public Integer label(int i) {
            return labels == null ? null : labels[i];
        }
    }
}
