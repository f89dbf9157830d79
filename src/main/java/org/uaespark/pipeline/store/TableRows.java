package org.uaespark.pipeline.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

import org.uaespark.data.InputValidationException;
import org.uaespark.models.FloatMatrix;

/**
 * Reads the {@code features} of chosen rows of a published table straight from its Parquet files, on any node
 * (a training task has no SparkSession), in sample-id order so the matrix does not depend on file layout.
 */
public final class TableRows {
    private TableRows() {
    }

    /** One row's id, features and label (−1 where not read). */
    private record IdFeatures(String id, float[] features, int label) {
    }

    /**
     * Rows with their class labels, in sample-id order.
     *
     * @param features the rows' features
     * @param labels   each row's label
     */
    public record Labelled(FloatMatrix features, int[] labels) {
    }

    /** The features of the rows of {@code table} that {@code keep} accepts, sorted by {@code sample_id}. */
    public static FloatMatrix features(HadoopConf hadoop, String table, Predicate<Group> keep) {
        return matrix(sorted(hadoop, table, keep, false));
    }

    /**
     * The features and labels of the rows of {@code table} that {@code keep} accepts, sorted by {@code sample_id}.
     *
     * @throws InputValidationException naming the table and the first row without a label
     */
    public static Labelled labelled(HadoopConf hadoop, String table, Predicate<Group> keep) {
        List<IdFeatures> rows = sorted(hadoop, table, keep, true);
        return new Labelled(matrix(rows), rows.stream().mapToInt(IdFeatures::label).toArray());
    }

    private static List<IdFeatures> sorted(HadoopConf hadoop, String table, Predicate<Group> keep, boolean labels) {
        List<IdFeatures> rows = new ArrayList<>();
        scan(hadoop, table, keep, g -> {
            String id = g.getString("sample_id", 0);
            if (labels && g.getFieldRepetitionCount("label") == 0) {
                throw new InputValidationException(table + ": column label is null in row " + id
                        + "; selected-feature accuracy needs a label on every row");
            }
            rows.add(new IdFeatures(id, floats(g.getGroup("features", 0)), labels ? g.getInteger("label", 0) : -1));
        });
        rows.sort(Comparator.comparing(IdFeatures::id));
        return rows;
    }

    private static FloatMatrix matrix(List<IdFeatures> rows) {
        int cols = rows.isEmpty() ? 0 : rows.get(0).features().length;
        float[] data = new float[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).features(), 0, data, i * cols, cols);
        }
        return new FloatMatrix(rows.size(), cols, data);
    }

    /** The values of string column {@code column} in the rows of {@code table} that {@code keep} accepts. */
    public static Set<String> strings(HadoopConf hadoop, String table, String column, Predicate<Group> keep) {
        Set<String> values = new HashSet<>();
        scan(hadoop, table, keep, g -> values.add(g.getString(column, 0)));
        return values;
    }

    /** Hands every row of {@code table}'s data files that {@code keep} accepts to {@code sink}, file by file. */
    private static void scan(HadoopConf hadoop, String table, Predicate<Group> keep, Consumer<Group> sink) {
        try {
            Path dir = new Path(table);
            FileSystem fs = dir.getFileSystem(hadoop.get());
            FileStatus[] files = fs.listStatus(dir, p -> p.getName().endsWith(".parquet") && !p.getName().startsWith("_")
                    && !p.getName().startsWith("."));
            Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
            for (FileStatus file : files) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath())
                        .withConf(hadoop.get()).build()) {
                    for (Group g = reader.read(); g != null; g = reader.read()) {
                        if (keep.test(g)) {
                            sink.accept(g);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table, e);
        }
    }

    /** Rows whose string column {@code column} equals {@code value}. */
    public static Predicate<Group> stringEquals(String column, String value) {
        return g -> value.equals(g.getString(column, 0));
    }

    /** Rows whose int column {@code column} equals {@code value}. */
    public static Predicate<Group> intEquals(String column, int value) {
        return g -> g.getInteger(column, 0) == value;
    }

    private static float[] floats(Group list) {
        int n = list.getFieldRepetitionCount("list");
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = list.getGroup("list", i).getFloat("element", 0);
        }
        return out;
    }
}
