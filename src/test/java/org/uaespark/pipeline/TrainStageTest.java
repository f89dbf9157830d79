package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.cli.ExitCodes;
import org.uaespark.data.InputValidationException;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.Reconstruction;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.Float32;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

class TrainStageTest {
    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    private Path runs() {
        return dir.resolve("runs");
    }

    private Path profile() {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), runs());
        assertEquals(0, CliRun.of("ingest", "--profile", profile.toString()).code());
        return profile;
    }

    private static CliRun train(Path profile, String... extra) {
        String[] base = {"train", "--profile", profile.toString(), "--set", "models.dense.latent=8"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    private FloatMatrix split(String name) {
        List<Row> rows = spark.read().parquet(runs().resolve("t/datasets/tiny").toString())
                .filter("split = '" + name + "'").orderBy("sample_id").select("features").collectAsList();
        int cols = rows.get(0).getList(0).size();
        float[] data = new float[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            List<Float> values = rows.get(i).getList(0);
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = values.get(j);
            }
        }
        return new FloatMatrix(rows.size(), cols, data);
    }

    @Test
    void trainedModelIsPublishedAndReloadsToItsRecordedError() throws IOException {
        Path profile = profile();
        CliRun run = train(profile, "--model", "dense", "--epochs", "3");
        assertEquals(0, run.code(), run.toString());
        Path model = runs().resolve("t/models/dense");
        assertTrue(run.out().contains("model: " + model), run.out());
        for (String file : List.of("_SUCCESS", ModelStore.CONFIG, ModelStore.PARAMETERS, Provenance.FILE)) {
            assertTrue(Files.exists(model.resolve(file)), file);
        }
        JsonNode provenance = Json.mapper().readTree(model.resolve(Provenance.FILE).toFile());
        assertEquals(3, provenance.at("/training/epochLoss").size());
        assertEquals(TinyDatasets.TRAIN, provenance.at("/training/trainRows").asInt());
        assertEquals("DENSE", provenance.at("/config/model/recipe/kind").asText());
        assertEquals(3, provenance.at("/config/model/recipe/epochs").asInt());
        assertEquals(List.of(6, 5, 1).toString(), provenance.at("/config/model/inputShape").toString().replace(",", ", "));
        double recorded = provenance.at("/evaluation/testMse").asDouble();

        try (UnsupervisedModel loaded = new ModelStore(spark.sparkContext().hadoopConfiguration())
                .load(new org.apache.hadoop.fs.Path(model.toString()), Device.cpu())) {
            assertEquals(8, loaded.config().recipe().latent());
            // Exactly, when evaluated as recorded (same rows, order and batch size; batching changes float sums).
            assertEquals(recorded, loaded.meanLoss(split("test"),
                    provenance.at("/evaluation/batchSize").asInt()), 0.0);
            // Batches of 7 order the float32 sums of every forward pass differently: rounding only.
            assertEquals(recorded, loaded.meanLoss(split("test"), 7),
                    Float32.mseTolerance(recorded, Float32.denseReconstructionBound((Autoencoder) loaded)));
        }
        assertFalse(Files.exists(runs().resolve("t/_staging")));
    }

    @Test
    void rerunsKeepAnIdenticalModelAndRefuseAChangedOne() {
        Path profile = profile();
        assertEquals(0, train(profile, "--model", "dense", "--epochs", "1").code());
        CliRun same = train(profile, "--model", "dense", "--epochs", "1");
        assertEquals(0, same.code(), same.toString());
        assertTrue(same.out().contains("already published, kept"), same.out());
        CliRun changed = train(profile, "--model", "dense", "--epochs", "2");
        assertEquals(ExitCodes.USAGE, changed.code(), changed.toString());
        assertEquals(0, train(profile, "--model", "dense", "--epochs", "2", "--overwrite").code());
    }

    @Test
    void aDatasetShapeTheModelCannotTakeIsInvalidInput() {
        Path profile = profile();
        CliRun run = train(profile, "--model", "conv", "--epochs", "1");
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().contains("samples of shape [6, 5, 1] do not fit model conv"), run.err());
        assertFalse(Files.exists(runs().resolve("t/models")));
    }

    @Test
    void anUnusableDeviceIsAConfigurationError() {
        Path profile = profile();
        CliRun run = train(profile, "--model", "dense", "--set", "train.device=gpu3");
        assertEquals(ExitCodes.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("uae.train.device: device gpu3 requested but PyTorch sees 0 GPU(s)"), run.err());
    }

    @Test
    void aMissingDatasetIsInvalidInput() {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), runs());
        CliRun run = train(profile, "--model", "dense");
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().contains("has no published dataset 'tiny'; run `uae ingest` first"), run.err());
    }

    @Test
    void anEmptyTrainSplitIsInvalidInput() throws IOException {
        Path profile = profile();
        Path table = runs().resolve("t/datasets/tiny");
        Path testOnly = dir.resolve("test-only");
        spark.read().parquet(table.toString()).filter("split = 'test'").write().parquet(testOnly.toString());
        Path provenance = Files.copy(table.resolve(Provenance.FILE), dir.resolve("provenance.json"));
        org.apache.commons.io.FileUtils.deleteDirectory(table.toFile());
        Files.move(testOnly, table);
        Files.copy(provenance, table.resolve(Provenance.FILE));
        CliRun run = train(profile, "--model", "dense");
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().contains("the train split is empty"), run.err());
        assertFalse(Files.exists(runs().resolve("t/models/dense")));
    }

    @Test
    void missingOrCorruptModelFoldersAreInvalidInput() throws IOException {
        Path profile = profile();
        assertEquals(0, train(profile, "--model", "dense", "--epochs", "1").code());
        ModelStore store = new ModelStore(spark.sparkContext().hadoopConfiguration());
        Path model = runs().resolve("t/models/dense");

        InputValidationException missing = assertThrows(InputValidationException.class,
                () -> store.load(new org.apache.hadoop.fs.Path(dir.resolve("nowhere").toString()), Device.cpu()));
        assertTrue(missing.getMessage().contains("no such model folder"), missing.getMessage());

        Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
        Files.copy(model.resolve(ModelStore.CONFIG), corrupt.resolve(ModelStore.CONFIG));
        byte[] parameters = Files.readAllBytes(model.resolve(ModelStore.PARAMETERS));
        Files.write(corrupt.resolve(ModelStore.PARAMETERS), java.util.Arrays.copyOf(parameters, parameters.length / 3));
        InputValidationException truncated = assertThrows(InputValidationException.class,
                () -> store.load(new org.apache.hadoop.fs.Path(corrupt.toString()), Device.cpu()));
        assertTrue(truncated.getMessage().contains(ModelStore.PARAMETERS + ": corrupt or mismatched parameters"),
                truncated.getMessage());

        Files.delete(corrupt.resolve(ModelStore.CONFIG));
        InputValidationException incomplete = assertThrows(InputValidationException.class,
                () -> store.load(new org.apache.hadoop.fs.Path(corrupt.toString()), Device.cpu()));
        assertTrue(incomplete.getMessage().contains("incomplete model folder"), incomplete.getMessage());

        Files.writeString(corrupt.resolve(ModelStore.CONFIG), "{\"recipe\": 3}");
        InputValidationException badConfig = assertThrows(InputValidationException.class,
                () -> store.load(new org.apache.hadoop.fs.Path(corrupt.toString()), Device.cpu()));
        assertTrue(badConfig.getMessage().contains(ModelStore.CONFIG + ": not a model configuration"),
                badConfig.getMessage());
    }
}
