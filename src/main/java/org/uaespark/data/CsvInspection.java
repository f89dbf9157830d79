package org.uaespark.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.csv.CSVRecord;

/**
 * What a CSV table holds, as {@link CsvReader} will read it: its header style, column names, row count, and per
 * column the missing cells, the range and whether the values are integers; with a guess of the label column. What
 * {@code uae init} writes a starter profile from.
 *
 * @param file    the table
 * @param header  the header style {@link CsvReader} detects
 * @param columns one summary per column, in file order
 * @param rows    data rows
 * @param label   index of the guessed label column, or -1 for none
 */
public record CsvInspection(Path file, CsvReader.HeaderStyle header, List<Column> columns, int rows, int label) {
    /** Names a label column is recognised by (any case). */
    private static final Set<String> LABEL_NAMES = Set.of("label", "labels", "class", "target", "y", "category");
    /** A last column of integers with at most this many distinct values is taken for a label. */
    private static final int MAX_CLASSES = 100;

    /**
     * One column's summary.
     *
     * @param name       its header name, or {@code c<index>} without a header line
     * @param missing    empty, NA, NaN or ? cells
     * @param nonNumeric other cells that are not numbers
     * @param min        smallest numeric value (NaN if none)
     * @param max        largest numeric value (NaN if none)
     * @param integers   whether every numeric value is an integer
     * @param distinct   distinct numeric values, counted up to {@code MAX_CLASSES + 1}
     */
    public record Column(String name, int missing, int nonNumeric, double min, double max, boolean integers,
            int distinct) {
    }

    /** Reads {@code file} (raw or gzipped) and summarises it; an unreadable or empty file is bad input. */
    public static CsvInspection of(Path file) {
        List<CSVRecord> records = CsvReader.parse(file);
        if (records.isEmpty()) {
            throw InputValidationException.inFile(file, "no rows");
        }
        CsvReader.HeaderStyle header = CsvReader.detect(records);
        int first = header == CsvReader.HeaderStyle.NONE ? 0 : 1;
        if (records.size() <= first) {
            throw InputValidationException.inFile(file, "a header line and no data rows");
        }
        int width = records.get(first).size();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            names.add(header == CsvReader.HeaderStyle.NAMES && c < records.get(0).size() ? records.get(0).get(c)
                    : "c" + c);
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            columns.add(summarise(names.get(c), records.subList(first, records.size()), c));
        }
        int label = header == CsvReader.HeaderStyle.SKLEARN ? width - 1 : guessLabel(columns);
        return new CsvInspection(file, header, List.copyOf(columns), records.size() - first, label);
    }

    private static Column summarise(String name, List<CSVRecord> rows, int c) {
        int missing = 0;
        int nonNumeric = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        boolean integers = true;
        Set<Double> distinct = new HashSet<>();
        for (CSVRecord row : rows) {
            String cell = c < row.size() ? row.get(c) : "";
            if (CsvReader.isMissing(cell)) {
                missing++;
            } else if (!CsvReader.isNumber(cell)) {
                nonNumeric++;
            } else {
                double v = Double.parseDouble(cell);
                min = Double.isNaN(min) ? v : Math.min(min, v);
                max = Double.isNaN(max) ? v : Math.max(max, v);
                integers &= v == Math.rint(v);
                if (distinct.size() <= MAX_CLASSES) {
                    distinct.add(v);
                }
            }
        }
        return new Column(name, missing, nonNumeric, min, max, integers, distinct.size());
    }

    /** A column named like a label, else a last column of few distinct integers without gaps, else none. */
    private static int guessLabel(List<Column> columns) {
        for (int c = 0; c < columns.size(); c++) {
            if (LABEL_NAMES.contains(columns.get(c).name().toLowerCase(Locale.ROOT).trim())) {
                return c;
            }
        }
        Column last = columns.get(columns.size() - 1);
        boolean classes = last.integers() && last.missing() == 0 && last.nonNumeric() == 0
                && last.distinct() <= MAX_CLASSES && columns.size() > 1;
        return classes ? columns.size() - 1 : -1;
    }

    /** The feature columns: every column but the label. */
    public List<Column> features() {
        List<Column> features = new ArrayList<>(columns);
        if (label >= 0) {
            features.remove(label);
        }
        return features;
    }

    /** Whether any feature cell is missing. */
    public boolean hasMissingFeatures() {
        return features().stream().anyMatch(f -> f.missing() > 0);
    }
}
