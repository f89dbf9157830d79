package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.zip_with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.pipeline.store.Json;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.Float32;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.SparkTestSession;

/**
 * The README's "Your own data" from end to end on a 36-feature table with a header: {@code uae init} writes the
 * profile, ingest, train and attack run on it as written, and the read-back, step by step in Spark's Java API (the
 * README shows it in PySpark): the scaler's {@code min}/{@code max} from {@code _scaler.json}, the successful UAEs
 * joined to their originals on {@code origin_sample_id}, both mapped back to the table's units. The originals come
 * back as the CSV's own values (to float32 rounding of the scaling and its inverse), each UAE within the ranges.
 */
class ReadBackExampleTest {
    private static final int ROWS = 90;
    private static final int FEATURES = 36;

    @TempDir
    Path dir;

    @Test
    void uaesJoinTheirOriginalsAndReadBackInTheTablesUnits() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        double[][] raw = new double[ROWS][FEATURES];
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < FEATURES; j++) {
            csv.append("x").append(j).append(',');
        }
        csv.append("label\n");
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < FEATURES; j++) {
                raw[r][j] = Double.parseDouble(String.format(Locale.ROOT, "%.3f", 100 * j + 40 * random.nextDouble()));
                csv.append(String.format(Locale.ROOT, "%.3f,", raw[r][j]));
            }
            csv.append(r % 2).append('\n');
        }
        Path table = Files.writeString(dir.resolve("table.csv"), csv.toString());
        Path profile = dir.resolve("table.conf");
        assertEquals(0, CliRun.of("init", table.toString(), "--out", profile.toString(), "--name", "t").code());
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        String runs = "--set=runs-root=" + dir.resolve("runs");
        assertEquals(0, CliRun.of("ingest", "--profile", profile.toString(), runs).code());
        assertEquals(0, CliRun.of("train", "--profile", profile.toString(), runs, "--model", "dense", "--epochs", "2")
                .code());
        CliRun attack = CliRun.of("attack", "--profile", profile.toString(), runs, "--model", "dense", "--method",
                "mine", "--attack-profile", "tiny");
        assertEquals(0, attack.code(), attack.toString());

        Path run = dir.resolve("runs/t");
        JsonNode scaler = Json.mapper().readTree(run.resolve("datasets/t/_scaler.json").toFile());
        List<Column> lo = new ArrayList<>();
        List<Column> span = new ArrayList<>();
        double[] min = new double[FEATURES];
        double[] max = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            min[j] = scaler.get("min").get(j).asDouble();
            max[j] = scaler.get("max").get(j).asDouble();
            lo.add(lit(min[j]));
            span.add(lit(max[j] - min[j]));
        }
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> uaes = spark.read().parquet(run.resolve("augmented/dense/mine-tiny").toString())
                .where("criterion_met");
        Dataset<Row> originals = spark.read().parquet(run.resolve("datasets/t").toString())
                .select(col("sample_id").alias("origin_sample_id"), units(col("features"), lo, span).alias("original"));
        List<Row> pairs = uaes.join(originals, "origin_sample_id")
                .select(col("origin_sample_id"), col("label"), col("original"),
                        units(col("features"), lo, span).alias("uae"), col("sample_id"))
                .collectAsList();
        assertFalse(pairs.isEmpty(), "some UAEs met the criterion");
        assertEquals(uaes.count(), pairs.size(), "every UAE found its original");
        for (Row pair : pairs) {
            List<Double> original = pair.getList(2);
            List<Double> uae = pair.getList(3);
            double[] row = rowOf(raw, original);
            for (int j = 0; j < FEATURES; j++) {
                double bound = Float32.gamma(4) * (Math.abs(max[j]) + Math.abs(min[j])) + Float32.U * Math.abs(row[j]);
                assertEquals(row[j], original.get(j), bound, "feature " + j + " of " + pair.getString(0));
                assertTrue(uae.get(j) >= min[j] - bound && uae.get(j) <= max[j] + bound, "UAE within the range");
            }
        }
        exportPrintsTheSamePairs(profile, runs, pairs, min, max);
    }

    /**
     * {@code uae export uaes} (CSV to a file, JSON lines to the standard output) prints the pairs the Spark read-back
     * made, to float32 rounding of its single-precision result, and {@code uae export metrics} the table's metrics.
     */
    private void exportPrintsTheSamePairs(Path profile, String runs, List<Row> pairs, double[] min, double[] max)
            throws IOException {
        Path csvOut = dir.resolve("uaes.csv");
        CliRun csv = CliRun.of("export", "uaes", "--profile", profile.toString(), runs, "--criterion-met", "--limit",
                "0", "--format", "csv", "--out", csvOut.toString());
        assertEquals(0, csv.code(), csv.toString());
        CliRun json = CliRun.of("export", "uaes", "--profile", profile.toString(), runs, "--criterion-met", "--limit",
                "0");
        assertEquals(0, json.code(), json.toString());
        List<String> lines = Files.readAllLines(csvOut);
        List<String> jsonLines = json.out().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(pairs.size() + 1, lines.size(), "a header and one line per UAE");
        assertEquals(pairs.size(), jsonLines.size());
        java.util.Map<String, Row> byId = new java.util.HashMap<>();
        pairs.forEach(p -> byId.put(p.getString(4), p));
        List<String> header = List.of(lines.get(0).split(","));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            JsonNode fromJson = Json.mapper().readTree(jsonLines.get(i - 1));
            Row pair = byId.get(cells[header.indexOf("sample_id")]);
            assertEquals(pair.getString(4), fromJson.get("sampleId").asText(), "the same order");
            assertEquals("true", cells[header.indexOf("criterion_met")]);
            for (int j = 0; j < FEATURES; j++) {
                double bound = Float32.gamma(4) * (Math.abs(max[j]) + Math.abs(min[j]));
                double original = pair.<Double>getList(2).get(j);
                double uae = pair.<Double>getList(3).get(j);
                assertEquals(original, Double.parseDouble(cells[header.indexOf("original_" + j)]), bound);
                assertEquals(uae, Double.parseDouble(cells[header.indexOf("uae_" + j)]), bound);
                assertEquals(uae, fromJson.get("augmented").get(j).asDouble(), bound);
            }
        }
        CliRun metrics = CliRun.of("export", "metrics", "--profile", profile.toString(), runs);
        assertEquals(0, metrics.code(), metrics.toString());
        JsonNode document = Json.mapper().readTree(metrics.out());
        assertTrue(document.get("evaluation").isNull(), "no evaluation yet");
        assertEquals(pairs.size(), Math.round(document.at("/attacks/dense~1mine-tiny/asr").asDouble()
                * document.at("/attacks/dense~1mine-tiny/rows").asDouble()), document.toString());
        CliRun missing = CliRun.of("export", "uaes", "--profile", profile.toString(), runs, "--arm", "l2-tiny");
        assertEquals(org.uaespark.cli.ExitCodes.INVALID_INPUT, missing.code(), missing.toString());
        assertTrue(missing.err().contains("dense/l2-tiny") && missing.err().contains("dense/mine-tiny"), missing.err());
    }

    /** x = scaled × (max − min) + min, element by element: the README's {@code units}. */
    private static Column units(Column scaled, List<Column> lo, List<Column> span) {
        Column spans = array(span.toArray(Column[]::new));
        Column mins = array(lo.toArray(Column[]::new));
        return zip_with(zip_with(scaled, spans, (v, s) -> v.multiply(s)), mins, (v, m) -> v.plus(m));
    }

    /** The raw row whose values are nearest to {@code values} (each row's values are distinct draws). */
    private static double[] rowOf(double[][] raw, List<Double> values) {
        double[] best = null;
        double bestDistance = Double.MAX_VALUE;
        for (double[] row : raw) {
            double d = 0;
            for (int j = 0; j < row.length; j++) {
                d += Math.abs(row[j] - values.get(j));
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = row;
            }
        }
        return best;
    }
}
