package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.cli.ExitCodes;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.TorchScriptModel;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.ml.UaeAugmenter;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.Digests;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

/**
 * A user's TorchScript autoencoder ({@code src/test/resources/torchscript/tiny_ae.pt}, made by PyTorch) attacked by
 * {@code uae attack --model-path} on the tiny image dataset, with no model of the run trained: the table is
 * published under the file's name, the same bytes for any partitioning, its losses are the model's own, its
 * provenance carries the file's SHA-256; the transformer makes the same rows; and files that are not TorchScript,
 * do not fit the data or are missing fail with exit 3 naming the file, before any attack, publishing nothing.
 */
class UserModelAttackTest {
    @TempDir
    static Path dir;
    private static Path profile;
    private final SparkSession spark = SparkTestSession.get();

    @BeforeAll
    static void ingest() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        assertEquals(0, CliRun.of("ingest", "--profile", profile.toString()).code());
    }

    private static Path fixture(String name) {
        try {
            return Path.of(UserModelAttackTest.class.getResource("/torchscript/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CliRun attack(String runId, String... extra) {
        RunDirs.copy(dir.resolve("runs"), "t", runId);
        List<String> args = new ArrayList<>(List.of("attack", "--profile", profile.toString(), "--run-id", runId));
        args.addAll(RunDirs.TINY_ATTACK_ARGS);
        args.addAll(Arrays.asList(extra));
        return CliRun.of(args.toArray(new String[0]));
    }

    private Map<String, float[]> trainFeatures() {
        Map<String, float[]> x = new HashMap<>();
        for (Row r : spark.read().parquet(dir.resolve("runs/t/datasets/tiny").toString()).filter("split = 'train'")
                .collectAsList()) {
            x.put(r.getAs("sample_id"), Cells.floats(r.get(r.fieldIndex("features"))));
        }
        return x;
    }

    @Test
    void aTorchScriptModelsTableIsPublishedUnderItsNameTheSameForAnyPartitioning() throws Exception {
        Path model = fixture("tiny_ae.pt");
        CliRun one = attack("u1", "--model-path", model.toString(), "--partitions", "1");
        assertEquals(0, one.code(), one.toString());
        Path table = dir.resolve("runs/u1/augmented/tiny_ae/mine-tiny");
        assertTrue(one.out().contains(table.toString()), one.out());
        CliRun three = attack("u3", "--model-path", model.toString(), "--partitions", "3");
        assertEquals(0, three.code(), three.toString());
        assertEquals(Digests.parquetFiles(table), Digests.parquetFiles(dir.resolve("runs/u3/augmented/tiny_ae/mine-tiny")));

        Map<String, float[]> x = trainFeatures();
        List<Row> rows = spark.read().parquet(table.toString()).collectAsList();
        assertEquals(TinyDatasets.TRAIN, rows.size());
        assertEquals(TinyDatasets.TRAIN, rows.stream().map(r -> r.getAs("origin_sample_id")).distinct().count());
        try (TorchScriptModel check = TorchScriptModel.load(model, new int[] {6, 5, 1},
                TorchScriptModel.Criterion.MSE, Device.cpu())) {
            for (Row r : rows.subList(0, 20)) {
                float[] origin = x.get((String) r.getAs("origin_sample_id"));
                float[] moved = Cells.floats(r.get(r.fieldIndex("features")));
                assertEquals("tiny_ae", r.getAs("model"));
                for (float v : moved) {
                    assertTrue(v >= 0 && v <= 1, "x + δ in [0, 1]");
                }
                FloatMatrix before = new FloatMatrix(1, 30, origin);
                double lossBefore = check.perSample(before, before)[0];
                double lossAfter = check.perSample(before, new FloatMatrix(1, 30, moved))[0];
                // The stage evaluates the same graph in batches of up to 4: equal to float32 rounding of 30 terms.
                assertEquals(lossBefore, (double) r.getAs("loss_before"), 1e-6 * lossBefore + 1e-9);
                assertEquals(lossAfter, (double) r.getAs("loss_after"), 1e-6 * lossAfter + 1e-9);
                assertEquals((double) r.getAs("loss_after") <= (double) r.getAs("loss_before"),
                        r.getAs("criterion_met"));
            }
        }
        JsonNode provenance = Json.mapper().readTree(table.resolve(Provenance.FILE).toFile());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));
        assertEquals(sha, provenance.at("/model/sha256").asText(), provenance.toString());
        assertEquals("torchscript", provenance.at("/model/format").asText());
        assertEquals("mse", provenance.at("/model/criterion").asText());
        assertFalse(Files.exists(dir.resolve("runs/u1/models")), "no model of the run was needed or made");
    }

    @Test
    void theTransformerMakesTheStagesRowsAtBatchSizeOne() {
        Path model = fixture("tiny_ae.pt");
        CliRun stage = attack("b1", "--model-path", model.toString(), "--criterion", "bce", "--input-shape", "30",
                "--method", "l2", "--limit", "12", "--batch-size", "1");
        assertEquals(0, stage.code(), stage.toString());
        Dataset<Row> input = spark.read().parquet(dir.resolve("runs/t/datasets/tiny").toString())
                .filter("split = 'train'").orderBy("sample_id").limit(12);
        UaeAugmenter augmenter = new UaeAugmenter().setModelPath(model.toString()).setCriterion("bce")
                .setInputShape(30).setShapeCol("shape").setMethod("l2").setAttackProfile("improved").setBatchSize(1)
                .setSettings("attack-profiles.improved.iterations=4", "attack-profiles.improved.mine-steps=2",
                        "attack-profiles.improved.k=8", "attack-profiles.improved.p=4",
                        "attack-profiles.improved.hidden=16", "attack-profiles.improved.tower-out=3");
        Map<String, float[]> made = new HashMap<>();
        for (Row r : augmenter.transform(input).collectAsList()) {
            made.put(r.getAs("sample_id"), Cells.floats(r.get(r.fieldIndex("uae_features"))));
            assertEquals("tiny_ae", r.getAs("uae_model"));
        }
        List<Row> published = spark.read().parquet(dir.resolve("runs/b1/augmented/tiny_ae/l2-tiny").toString())
                .collectAsList();
        assertEquals(12, published.size());
        for (Row r : published) {
            assertArrayEquals(Cells.floats(r.get(r.fieldIndex("features"))), made.get((String) r.getAs("origin_sample_id")),
                    "sample " + r.getAs("origin_sample_id"));
        }
    }

    @Test
    void filesThatAreNotUsableModelsFailNamingTheFileAndPublishNothing() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("not_torchscript.pt", "is not a TorchScript model");
        cases.put("wrong_output.pt", "does not match the input shape");
        cases.put("wrong_input.pt", "fails on samples of shape [6, 5, 1]");
        int n = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String runId = "bad" + n++;
            Path file = fixture(c.getKey());
            CliRun run = attack(runId, "--model-path", file.toString());
            assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
            assertTrue(run.err().contains(file.toString()) && run.err().contains(c.getValue()), run.err());
            assertFalse(Files.exists(dir.resolve("runs").resolve(runId).resolve("augmented")), c.getKey());
        }
        CliRun missing = attack("missing", "--model-path", dir.resolve("nowhere.pt").toString());
        assertEquals(ExitCodes.INVALID_INPUT, missing.code(), missing.toString());
        assertTrue(missing.err().contains("nowhere.pt: no such TorchScript file"), missing.err());
        CliRun size = attack("size", "--model-path", fixture("tiny_ae.pt").toString(), "--input-shape", "7,4");
        assertEquals(ExitCodes.INVALID_INPUT, size.code(), size.toString());
        assertTrue(size.err().contains("input-shape [7, 4] holds 28 values") && size.err().contains("[6, 5, 1]"),
                size.err());
        assertFalse(Files.exists(dir.resolve("runs/size/augmented")));
    }

    @Test
    void theDiagnosticTraceFollowsAUserModelAndPublishesNothing() {
        CliRun trace = attack("trace", "--model-path", fixture("tiny_ae.pt").toString(), "--trace", "2");
        assertEquals(0, trace.code(), trace.toString());
        assertTrue(trace.out().contains("trace of tiny_ae/mine-tiny: 2 samples"), trace.out());
        assertFalse(Files.exists(dir.resolve("runs/trace/augmented")));
    }

    @Test
    void optionsOfAUserModelAreRefusedWhereTheyCannotApply() {
        CliRun stray = attack("stray", "--criterion", "bce");
        assertEquals(ExitCodes.USAGE, stray.code(), stray.toString());
        assertTrue(stray.err().contains("--model-path"), stray.err());
        CliRun criterion = attack("crit", "--model-path", fixture("tiny_ae.pt").toString(), "--criterion", "l1");
        assertEquals(ExitCodes.USAGE, criterion.code(), criterion.toString());
        assertTrue(criterion.err().contains("criterion must be mse or bce, not 'l1'"), criterion.err());
        CliRun grid = CliRun.of("run", "--profile", profile.toString(), "--run-id", "grid", "--set",
                "attack.model-path=" + fixture("tiny_ae.pt"));
        assertEquals(ExitCodes.USAGE, grid.code(), grid.toString());
        assertTrue(grid.err().contains("is for `uae attack` alone"), grid.err());
        assertFalse(Files.exists(dir.resolve("runs/grid")));
    }
}
