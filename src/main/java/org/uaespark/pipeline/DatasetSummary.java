package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-split facts of a {@code dataset} table, computed from the written Parquet by Spark: row counts, rows per
 * label, and the minimum, maximum and mean feature value. Recorded in provenance and printed by {@code ingest}.
 *
 * @param splits split name to its facts
 */
public record DatasetSummary(Map<String, Split> splits) {

    /**
     * Facts of one split.
     *
     * @param rows        number of rows
     * @param labelCounts rows per label ({@code "none"} for unlabelled rows), sorted by label
     * @param min         smallest feature value
     * @param max         largest feature value
     * @param mean        mean feature value over all rows and features
     */
    public record Split(long rows, Map<String, Long> labelCounts, double min, double max, double mean) {
    }

    /** Computes the summary in two small aggregations. */
    public static DatasetSummary of(Dataset<Row> table) {
        Map<String, Split> splits = new TreeMap<>();
        Map<String, Map<String, Long>> labels = new TreeMap<>();
        for (Row r : table.groupBy(col("split"), col("label")).agg(count(lit(1))).collectAsList()) {
            labels.computeIfAbsent(r.getString(0), k -> new TreeMap<>(DatasetSummary::compareLabels))
                    .put(r.isNullAt(1) ? "none" : Integer.toString(r.getInt(1)), r.getLong(2));
        }
        for (Row r : table.groupBy(col("split")).agg(count(lit(1)), min(expr("array_min(features)")),
                max(expr("array_max(features)")), sum(expr("aggregate(features, 0D, (acc, v) -> acc + v)")),
                sum(expr("size(features)"))).collectAsList()) {
            String split = r.getString(0);
            long values = r.getLong(5);
            splits.put(split, new Split(r.getLong(1), labels.getOrDefault(split, Map.of()),
                    ((Number) r.get(2)).doubleValue(), ((Number) r.get(3)).doubleValue(),
                    values == 0 ? Double.NaN : r.getDouble(4) / values));
        }
        return new DatasetSummary(splits);
    }

    /** A fixed-width text table for logs and the console. */
    public String render() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-6s %8s %9s %9s %9s  %s%n",
                "split", "rows", "min", "max", "mean", "rows per label"));
        splits.forEach((name, sp) -> s.append(String.format(Locale.ROOT, "%-6s %8d %9.4f %9.4f %9.4f  %s%n",
                name, sp.rows(), sp.min(), sp.max(), sp.mean(), sp.labelCounts())));
        return s.toString();
    }

    private static int compareLabels(String a, String b) {
        boolean an = a.matches("-?\\d+");
        boolean bn = b.matches("-?\\d+");
        if (an && bn) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        return an ? -1 : bn ? 1 : a.compareTo(b);
    }
}
