package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The attack's telemetry ({@code _metrics.json} beside the augmented table), computed from the written table —
 * never from accumulators, which retried or speculative tasks would count twice — and from the committed units'
 * manifests (which executor ran each unit, for how long): ASR, the attack's own success rate, the distributions of
 * MI, ‖δ‖ and the final c, the iterations-to-first-success histogram, and throughput per executor.
 */
final class AttackMetrics {
    private static final double[] QUANTILES = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};

    private AttackMetrics() {
    }

    /** Metrics of {@code table} (an {@code augmented} table) and the unit {@code manifests}. */
    static Map<String, Object> of(Dataset<Row> table, List<Map<?, ?>> manifests) {
        Row overall = table.agg(count("*"), countDistinct("origin_sample_id"), avg(col("criterion_met").cast("double")),
                avg(col("success").cast("double")), avg("loss_before"), avg("loss_after")).first();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", overall.getLong(0));
        out.put("samples", overall.getLong(1));
        out.put("asr", overall.isNullAt(2) ? null : overall.getDouble(2));
        out.put("successRate", overall.isNullAt(3) ? null : overall.getDouble(3));
        out.put("meanLossBefore", overall.isNullAt(4) ? null : overall.getDouble(4));
        out.put("meanLossAfter", overall.isNullAt(5) ? null : overall.getDouble(5));
        out.put("mi", distribution(table, "mi"));
        out.put("deltaL2", distribution(table, "delta_l2"));
        out.put("deltaLinf", distribution(table, "delta_linf"));
        out.put("finalC", distribution(table, "final_c"));
        out.put("iterationsToSuccess", histogram(table));
        out.put("executors", executors(manifests));
        return out;
    }

    /** count, mean, std and exact quantiles (0, 0.1, 0.25, 0.5, 0.75, 0.9, 1) of the non-null values of a column. */
    private static Map<String, Object> distribution(Dataset<Row> table, String column) {
        Dataset<Row> values = table.filter(col(column).isNotNull()).select(col(column).cast("double").as("v"));
        Row stats = values.agg(count("v"), avg("v"), stddev_pop("v"), min("v"), max("v")).first();
        Map<String, Object> out = new LinkedHashMap<>();
        long n = stats.getLong(0);
        out.put("count", n);
        if (n == 0) {
            return out;
        }
        out.put("mean", stats.getDouble(1));
        out.put("std", stats.getDouble(2));
        double[] q = values.stat().approxQuantile("v", QUANTILES, 0.0);
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (int i = 0; i < QUANTILES.length; i++) {
            quantiles.put(String.valueOf(QUANTILES[i]), q[i]);
        }
        out.put("quantiles", quantiles);
        return out;
    }

    /** Rows per first-success iteration, and the rows that never succeeded. */
    private static Map<String, Object> histogram(Dataset<Row> table) {
        Map<String, Long> counts = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        long never = 0;
        for (Row r : table.groupBy("first_success_iteration").count().collectAsList()) {
            if (r.isNullAt(0)) {
                never = r.getLong(1);
            } else {
                counts.put(Integer.toString(r.getInt(0)), r.getLong(1));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("byIteration", counts);
        out.put("never", never);
        return out;
    }

    /** Units, samples, busy seconds and samples per busy second of every executor that committed units. */
    private static Map<String, Object> executors(List<Map<?, ?>> manifests) {
        Map<String, double[]> totals = new TreeMap<>();
        for (Map<?, ?> m : manifests) {
            double[] t = totals.computeIfAbsent(m.get("executor") + "@" + m.get("host"), k -> new double[3]);
            t[0] += 1;
            t[1] += ((Number) m.get("samples")).doubleValue();
            t[2] += ((Number) m.get("seconds")).doubleValue();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        totals.forEach((executor, t) -> out.put(executor, Map.of("units", (long) t[0], "samples", (long) t[1],
                "seconds", t[2], "samplesPerSecond", t[1] / t[2])));
        return out;
    }
}
