package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.UnitManifest;

/**
 * The attack's telemetry ({@code _metrics.json} beside the augmented table), computed from the written table —
 * never from accumulators, which retried or speculative tasks would count twice — and from the committed units'
 * manifests (which executor ran each unit, for how long): ASR, the attack's own success rate, the distributions of
 * MI, ‖δ‖ and the final c, the iterations-to-first-success histogram, and throughput per executor. Fields are
 * written in alphabetical order.
 *
 * @param asr                 share of rows that met the attack's criterion; null for an empty table
 * @param deltaL2             distribution of ‖δ‖₂
 * @param deltaLinf           distribution of ‖δ‖∞
 * @param executors           throughput of every executor that committed units, by {@code executor@host}
 * @param finalC              distribution of the final c
 * @param iterationsToSuccess rows per first-success iteration
 * @param meanLossAfter       mean loss of the augmented samples; null for an empty table
 * @param meanLossBefore      mean loss of the original samples; null for an empty table
 * @param mi                  distribution of the MI estimate
 * @param rows                rows of the table
 * @param rowsMeetingCriterion rows that met the criterion: what an arm appending only those ({@code append =
 *                            criterion-met}) adds to the train split; null in files written before it was counted
 * @param samples             distinct training samples in the table
 * @param samplesPerSecond    samples attacked by this run per second of its wall time
 * @param successRate         share of rows the attack counted a success; null for an empty table
 * @param unitsResumed        units committed by an earlier run and not attacked again
 * @param wallSeconds         wall time of the attack job
 */
@JsonPropertyOrder(alphabetic = true)
public record AttackMetrics(@Json.Nullable Double asr, Distribution deltaL2, Distribution deltaLinf,
        Map<String, Executor> executors, Distribution finalC, Histogram iterationsToSuccess,
        @Json.Nullable Double meanLossAfter, @Json.Nullable Double meanLossBefore, Distribution mi, long rows,
        @Json.Nullable Long rowsMeetingCriterion, long samples, double samplesPerSecond, @Json.Nullable Double successRate, int unitsResumed,
        double wallSeconds) {
    private static final double[] QUANTILES = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};

    /**
     * count, mean, std and exact quantiles of the non-null values of a column; only the count when there are none.
     *
     * @param count     non-null values
     * @param mean      their mean
     * @param quantiles the quantiles 0, 0.1, 0.25, 0.5, 0.75, 0.9 and 1, by quantile
     * @param std       their population standard deviation
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Distribution(long count, @JsonInclude(JsonInclude.Include.NON_NULL) @Json.Nullable Double mean,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Json.Nullable Map<String, Double> quantiles,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Json.Nullable Double std) {
    }

    /**
     * @param byIteration rows by the outer iteration at which they first succeeded
     * @param never       rows that never succeeded
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Histogram(Map<String, Long> byIteration, long never) {
    }

    /**
     * @param samples          samples attacked
     * @param samplesPerSecond samples per busy second
     * @param seconds          busy seconds
     * @param units            units committed
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Executor(long samples, double samplesPerSecond, double seconds, long units) {
    }

    /**
     * Metrics of {@code table} (an {@code augmented} table), the unit {@code manifests} and the attack job's
     * timing.
     */
    static AttackMetrics of(Dataset<Row> table, List<UnitManifest> manifests, double wallSeconds,
            double samplesPerSecond, int unitsResumed) {
        Row overall = table.agg(count("*"), countDistinct("origin_sample_id"), avg(col("criterion_met").cast("double")),
                avg(col("success").cast("double")), avg("loss_before"), avg("loss_after"),
                sum(col("criterion_met").cast("long"))).first();
        return new AttackMetrics(nullable(overall, 2), distribution(table, "delta_l2"),
                distribution(table, "delta_linf"), executors(manifests), distribution(table, "final_c"),
                histogram(table), nullable(overall, 5), nullable(overall, 4), distribution(table, "mi"),
                overall.getLong(0), overall.isNullAt(6) ? 0 : overall.getLong(6), overall.getLong(1), samplesPerSecond, nullable(overall, 3), unitsResumed,
                wallSeconds);
    }

    private static Double nullable(Row row, int i) {
        return row.isNullAt(i) ? null : row.getDouble(i);
    }

    private static Distribution distribution(Dataset<Row> table, String column) {
        Dataset<Row> values = table.filter(col(column).isNotNull()).select(col(column).cast("double").as("v"));
        Row stats = values.agg(count("v"), avg("v"), stddev_pop("v"), min("v"), max("v")).first();
        long n = stats.getLong(0);
        if (n == 0) {
            return new Distribution(0, null, null, null);
        }
        double[] q = values.stat().approxQuantile("v", QUANTILES, 0.0);
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (int i = 0; i < QUANTILES.length; i++) {
            quantiles.put(String.valueOf(QUANTILES[i]), q[i]);
        }
        return new Distribution(n, stats.getDouble(1), quantiles, stats.getDouble(2));
    }

    /** Rows per first-success iteration (in iteration order), and the rows that never succeeded. */
    private static Histogram histogram(Dataset<Row> table) {
        Map<String, Long> counts = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        long never = 0;
        for (Row r : table.groupBy("first_success_iteration").count().collectAsList()) {
            if (r.isNullAt(0)) {
                never = r.getLong(1);
            } else {
                counts.put(Integer.toString(r.getInt(0)), r.getLong(1));
            }
        }
        return new Histogram(counts, never);
    }

    /** Units, samples, busy seconds and samples per busy second of every executor that committed units. */
    private static Map<String, Executor> executors(List<UnitManifest> manifests) {
        Map<String, double[]> totals = new TreeMap<>();
        for (UnitManifest m : manifests) {
            double[] t = totals.computeIfAbsent(m.executor() + "@" + m.host(), k -> new double[3]);
            t[0] += 1;
            t[1] += m.samples();
            t[2] += m.seconds();
        }
        Map<String, Executor> out = new LinkedHashMap<>();
        totals.forEach((executor, t) -> out.put(executor, new Executor((long) t[1], t[1] / t[2], t[2], (long) t[0])));
        return out;
    }
}
