package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.attack.GeometricAugmentation;
import org.uaespark.cli.ExitCodes;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.executor.WorkUnits;
import org.uaespark.pipeline.ml.UaeAugmenter;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.Digests;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

/**
 * The {@code attack} stage on the tiny dataset with a trained dense AE and a tiny MinMax profile: partition
 * invariance, resume after a failure, Gaussian repeats, metrics from the written rows, and bad inputs.
 */
class AttackStageTest {
    @TempDir
    static Path dir;
    private static Path profile;
    private static Map<String, String> reference;
    private final SparkSession spark = SparkTestSession.get();

    @BeforeAll
    static void trainModel() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        assertEquals(0, CliRun.of("ingest", "--profile", profile.toString()).code());
        CliRun train = CliRun.of("train", "--profile", profile.toString(), "--model", "dense", "--epochs", "3",
                "--set", "models.dense.latent=8", "--set", "models.dense.batch-size=25");
        assertEquals(0, train.code(), train.toString());
    }

    private static CliRun attack(String runId, String... extra) {
        copyRun(runId);
        List<String> args = new ArrayList<>(List.of("attack", "--profile", profile.toString(), "--run-id", runId));
        args.addAll(RunDirs.TINY_ATTACK_ARGS);
        args.addAll(Arrays.asList(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    /** A fresh run directory holding the trained run's dataset and model. */
    private static void copyRun(String runId) {
        RunDirs.copy(dir.resolve("runs"), "t", runId);
    }

    private static Path table(String runId, String name) {
        return dir.resolve("runs").resolve(runId).resolve("augmented/dense").resolve(name);
    }

    private static synchronized Map<String, String> reference() {
        if (reference == null) {
            CliRun clean = attack("p1", "--partitions", "1");
            assertEquals(0, clean.code(), clean.toString());
            reference = Digests.parquetFiles(table("p1", "mine-tiny"));
        }
        return reference;
    }

    @Test
    void outputIsTheSameBytesForOneTwoFourAndOnePartitionPerUnit() throws IOException {
        Map<String, String> one = reference();
        assertEquals(3, one.size(), "250 rows at 100 rows per file");
        for (String partitions : List.of("2", "4")) {
            CliRun run = attack("p" + partitions, "--partitions", partitions);
            assertEquals(0, run.code(), run.toString());
            assertEquals(one, Digests.parquetFiles(table("p" + partitions, "mine-tiny")), partitions + " partitions");
        }
        CliRun perUnit = attack("p-default");
        assertEquals(0, perUnit.code(), perUnit.toString());
        JsonNode provenance = Json.mapper().readTree(table("p-default", "mine-tiny").resolve(Provenance.FILE).toFile());
        assertEquals(WorkUnits.count(TinyDatasets.TRAIN, 16), provenance.get("partitions").asInt());
        assertEquals(one, Digests.parquetFiles(table("p-default", "mine-tiny")), "one partition per unit (default)");
    }

    @Test
    void everySampleGetsOneValidRowAndTheMetricsComeFromThem() throws IOException {
        reference();
        Path table = table("p1", "mine-tiny");
        Dataset<Row> rows = spark.read().parquet(table.toString());
        assertEquals(TinyDatasets.TRAIN, rows.count());
        assertEquals(TinyDatasets.TRAIN, rows.select("origin_sample_id").distinct().count());
        Dataset<Row> origins = spark.read().parquet(dir.resolve("runs/t/datasets/tiny").toString())
                .filter("split = 'train'");
        Map<String, float[]> x = new HashMap<>();
        for (Row r : origins.collectAsList()) {
            x.put(r.getAs("sample_id"), Cells.floats(r.get(r.fieldIndex("features"))));
        }
        long met = 0;
        for (Row r : rows.collectAsList()) {
            String origin = r.getAs("origin_sample_id");
            assertEquals(origin + "~mine", r.getAs("sample_id"));
            float[] features = Cells.floats(r.get(r.fieldIndex("features")));
            double l2 = 0;
            for (int j = 0; j < features.length; j++) {
                assertTrue(features[j] >= 0 && features[j] <= 1, "x + δ in [0, 1]");
                double d = (double) features[j] - x.get(origin)[j];
                l2 += d * d;
            }
            assertEquals(Math.sqrt(l2), (double) r.getAs("delta_l2"), 1e-9);
            boolean criterion = (double) r.getAs("loss_after") <= (double) r.getAs("loss_before");
            assertEquals(criterion, r.getAs("criterion_met"));
            met += criterion ? 1 : 0;
            assertEquals("exact", r.getAs("projection_mode"));
            assertEquals(4, (int) r.getAs("iterations"));
        }
        JsonNode metrics = Json.mapper().readTree(table.resolve(AttackStage.METRICS_FILE).toFile());
        assertEquals((double) met / TinyDatasets.TRAIN, metrics.get("asr").asDouble(), 1e-12);
        assertEquals(TinyDatasets.TRAIN, metrics.at("/mi/count").asLong());
        long histogram = metrics.at("/iterationsToSuccess/never").asLong();
        for (JsonNode n : metrics.at("/iterationsToSuccess/byIteration")) {
            histogram += n.asLong();
        }
        assertEquals(TinyDatasets.TRAIN, histogram);
        long units = 0;
        for (JsonNode e : metrics.get("executors")) {
            units += e.get("units").asLong();
        }
        assertEquals(WorkUnits.count(TinyDatasets.TRAIN, 16), units);
        assertTrue(Files.exists(table.resolve(Provenance.FILE)));
        assertFalse(Files.exists(dir.resolve("runs/p1/_staging").resolve("shards")));
    }

    @Test
    void aRestartAfterAFailureAttacksOnlyTheMissingUnitsAndEndsIdentical() throws IOException {
        Map<String, String> clean = reference();
        CliRun failed = attack("resume", "--partitions", "4", "--set", "testing.attack-failure.partitions=[1]",
                "--set", "testing.attack-failure.attempts=100");
        assertEquals(ExitCodes.STAGE_FAILURE, failed.code(), failed.toString());
        assertTrue(failed.err().contains("injected failure"), failed.err());
        assertFalse(Files.exists(table("resume", "mine-tiny")), "nothing published after a failure");
        Path work;
        try (var staged = Files.list(dir.resolve("runs/resume/_staging"))) {
            List<Path> folders = staged.toList();
            assertEquals(1, folders.size(), "the work folder with its committed units stays for the restart");
            work = folders.get(0);
        }
        // A job that died while writing the final table leaves it half-written; the restart must not trip on it.
        Files.writeString(Files.createDirectories(work.resolve("table")).resolve("part-00000.zstd.parquet"), "partial");
        CliRun resumed = attack("resume"); // the default: one partition per unit still to attack
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(resumed.out().contains("units resumed"), resumed.out());
        assertEquals(clean, Digests.parquetFiles(table("resume", "mine-tiny")));
        JsonNode metrics = Json.mapper().readTree(table("resume", "mine-tiny").resolve(AttackStage.METRICS_FILE).toFile());
        assertTrue(metrics.get("unitsResumed").asInt() >= 1);
    }

    @Test
    void gaussianRepeatsAreSeededCopiesWithTheirOwnIds() {
        CliRun run = attack("ga", "--method", "gaussian", "--sigma", "0.01", "--set", "attack.repeats=2");
        assertEquals(0, run.code(), run.toString());
        Dataset<Row> rows = spark.read().parquet(table("ga", "gaussian-0.01").toString());
        assertEquals(2L * TinyDatasets.TRAIN, rows.count());
        assertEquals(TinyDatasets.TRAIN, rows.filter("repeat = 1 and sample_id like '%~gaussian~r1'").count());
        Row stats = rows.selectExpr("avg(delta_l2)", "max(delta_linf)", "count_if(success != criterion_met)",
                "count_if(mi is not null or final_c is not null)").first();
        // 30 pixels of N(0, 0.01²) noise, clipped: ‖n‖ ≈ 0.01·√30 ≈ 0.055 before clipping shrinks it.
        assertTrue(stats.getDouble(0) > 0.02 && stats.getDouble(0) < 0.06, "mean ‖δ‖ " + stats.getDouble(0));
        assertTrue(stats.getDouble(1) < 0.06);
        assertEquals(0L, stats.getLong(2));
        assertEquals(0L, stats.getLong(3));
    }

    @Test
    void flipRotationRowsAreTheSeededTransformsOfTheirSamples() {
        CliRun run = attack("geo", "--method", "fliprot", "--max-degrees", "30", "--set", "attack.repeats=2");
        assertEquals(0, run.code(), run.toString());
        Dataset<Row> rows = spark.read().parquet(table("geo", "fliprot-30").toString());
        assertEquals(2L * TinyDatasets.TRAIN, rows.count());
        assertEquals(2L * TinyDatasets.TRAIN, rows.filter("method = 'fliprot' and profile = 'fliprot-30' "
                + "and sample_id like concat(origin_sample_id, '~fliprot~r', repeat)").count());
        Map<String, float[]> originals = new HashMap<>();
        for (Row sample : spark.read().parquet(dir.resolve("runs/geo/datasets/tiny").toString())
                .where("split = 'train'").select("sample_id", "features").collectAsList()) {
            originals.put(sample.getString(0), Cells.floats(sample.get(1)));
        }
        GeometricAugmentation fliprot = new GeometricAugmentation(true, 30, 2);
        for (Row row : rows.select("origin_sample_id", "seed", "repeat", "features").collectAsList()) {
            float[] expected = fliprot.draw(row.getLong(1), row.getInt(2)).apply(originals.get(row.getString(0)),
                    new int[] {6, 5, 1});
            assertArrayEquals(expected, Cells.floats(row.get(3)), row.getString(0));
        }
    }

    @Test
    void missingOrMismatchedModelsAreRejectedBeforeAnyCompute() throws IOException {
        CliRun missing = attack("nomodel", "--model", "sparse");
        assertEquals(ExitCodes.INVALID_INPUT, missing.code(), missing.toString());
        assertTrue(missing.err().contains(dir.resolve("runs/nomodel/models/sparse") + ": run nomodel has no published model"),
                missing.err());

        copyRun("shape");
        Path config = dir.resolve("runs/shape/models/dense").resolve(ModelStore.CONFIG);
        String text = Files.readString(config);
        assertTrue(text.contains("[6,5,1]") || text.contains("[ 6, 5, 1 ]"), text);
        Files.writeString(config, text.replace("[6,5,1]", "[5,6,1]").replace("[ 6, 5, 1 ]", "[ 5, 6, 1 ]"));
        Files.deleteIfExists(config.resolveSibling("." + ModelStore.CONFIG + ".crc")); // Hadoop's local checksum
        CliRun mismatch = attack("shape");
        assertEquals(ExitCodes.INVALID_INPUT, mismatch.code(), mismatch.toString());
        assertTrue(mismatch.err().contains("the model takes samples of shape [5, 6, 1]"), mismatch.err());
        assertFalse(Files.exists(dir.resolve("runs/shape/augmented")));
    }

    @Test
    void invalidDatasetRowsAreReportedByColumnAndNothingIsPublished() {
        copyRun("bad");
        Path datasetDir = dir.resolve("runs/bad/datasets/tiny");
        Dataset<Row> rows = spark.read().parquet(datasetDir.toString());
        Dataset<Row> broken = rows.withColumn("features", org.apache.spark.sql.functions.expr(
                "case when sample_id like '%00000003' then transform(features, v -> cast('NaN' as float)) "
                        + "when sample_id like '%00000004' then transform(features, v -> v + 2) else features end"));
        Dataset<Row> withDuplicate = broken.union(broken.filter("sample_id like '%00000005'"));
        Path rewritten = dir.resolve("bad-rows");
        withDuplicate.write().parquet(rewritten.toString());
        try (var files = Files.list(datasetDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".parquet")) {
                    Files.delete(p);
                }
            }
            try (var fresh = Files.list(rewritten)) {
                for (Path p : (Iterable<Path>) fresh::iterator) {
                    if (p.getFileName().toString().endsWith(".parquet")) {
                        Files.copy(p, datasetDir.resolve(p.getFileName()));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun run = attack("bad");
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().contains("features"), run.err());
        assertTrue(run.err().contains("NaN") || run.err().contains("nan"), run.err());
        assertTrue(run.err().contains("sample_id"), run.err());
        assertFalse(Files.exists(dir.resolve("runs/bad/augmented")));
    }

    @Test
    void theNotebookTransformerMakesTheStageRowsAtTheSameBatchSize() {
        // Batched GEMMs round differently for different batch sizes, so rows are compared at batch size 1 here;
        // the stage's own batches are fixed by its work units (see outputIsTheSameBytesForOneTwoAndFourPartitions).
        CliRun stage = attack("b1", "--batch-size", "1");
        assertEquals(0, stage.code(), stage.toString());
        Dataset<Row> train = spark.read().parquet(dir.resolve("runs/t/datasets/tiny").toString())
                .filter("split = 'train'").repartition(3);
        UaeAugmenter augmenter = new UaeAugmenter().setModelPath(dir.resolve("runs/t/models/dense").toString())
                .setAttackProfile("improved").setBatchSize(1)
                .setSettings("attack-profiles.improved.iterations=4", "attack-profiles.improved.mine-steps=2",
                        "attack-profiles.improved.k=8", "attack-profiles.improved.p=4",
                        "attack-profiles.improved.hidden=16", "attack-profiles.improved.tower-out=3");
        Dataset<Row> made = augmenter.transform(train);
        Dataset<Row> staged = spark.read().parquet(table("b1", "mine-tiny").toString());
        String[] compared = {"sample_id", "origin_sample_id", "features", "success", "criterion_met", "loss_before",
                "loss_after", "mi", "final_c", "first_success_iteration", "delta_l2", "seed"};
        Dataset<Row> a = made.selectExpr(Arrays.stream(compared).map(c -> c.equals("origin_sample_id")
                ? "sample_id as origin_sample_id" : "uae_" + c + " as " + c).toArray(String[]::new));
        Dataset<Row> b = staged.selectExpr(compared);
        assertEquals(TinyDatasets.TRAIN, a.count());
        assertEquals(0, a.except(b).count(), "other partitions, same rows");
        assertEquals(0, b.except(a).count());
    }

    @Test
    void theBenchmarkAttacksTheRunsTrainedModelOnItsImages() {
        CliRun bench = CliRun.of("bench-attack", "--profile", profile.toString(), "--from-run", "--model", "dense",
                "--attack-profile", "tiny", "--limit", "4", "--batch-size", "2", "--peak-sizes", "64");
        assertEquals(0, bench.code(), bench.toString());
        assertTrue(bench.out().contains("inputs: the first 4 training images of run t, its trained dense model"),
                bench.out());
        assertTrue(bench.out().lines().anyMatch(l -> l.strip().startsWith("2 ")), bench.out());
        CliRun missing = CliRun.of("bench-attack", "--profile", profile.toString(), "--from-run", "--model", "sparse",
                "--attack-profile", "tiny", "--limit", "4", "--batch-size", "2", "--peak-sizes", "64");
        assertEquals(ExitCodes.INVALID_INPUT, missing.code(), missing.toString());
        assertTrue(missing.err().contains("sparse"), missing.err());
    }

    @Test
    void theTransformerChecksItsInputBeforeAnyCompute() {
        Dataset<Row> train = spark.read().parquet(dir.resolve("runs/t/datasets/tiny").toString());
        UaeAugmenter augmenter = new UaeAugmenter().setModelPath(dir.resolve("runs/t/models/dense").toString());
        IllegalArgumentException noColumn = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> augmenter.copy(new org.apache.spark.ml.param.ParamMap()).setShapeCol("shape")
                        .transformSchema(train.drop("shape").schema()));
        assertTrue(noColumn.getMessage().contains("input column shape"), noColumn.getMessage());
        IllegalArgumentException wrongType = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> augmenter.transformSchema(train.withColumn("features", org.apache.spark.sql.functions
                        .expr("transform(features, v -> cast(v as string))")).schema()));
        assertTrue(wrongType.getMessage().contains("features must be array<float>, array<double> or vector, not "
                + "array<string>"), wrongType.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> augmenter.copy(new org.apache.spark.ml.param.ParamMap()).setMethod("fgsm"));
        IllegalArgumentException profile = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new UaeAugmenter().setModelPath("x").setMethod("mine").setAttackProfile("nope")
                        .transformSchema(train.schema()));
        assertTrue(profile.getMessage().contains("nope"), profile.getMessage());
        List<String> appended = Arrays.stream(TableValidator.structType(org.uaespark.data.TableSchema.load("augmented"))
                .fieldNames()).filter(c -> !List.of("origin_sample_id", "split", "shape", "label").contains(c))
                .map(c -> "uae_" + c).toList();
        List<String> expected = new ArrayList<>(Arrays.asList(train.schema().fieldNames()));
        expected.addAll(appended);
        assertEquals(expected, Arrays.asList(augmenter.transformSchema(train.schema()).fieldNames()),
                "the input's columns, then the augmented table's own with the prefix");
    }
}
