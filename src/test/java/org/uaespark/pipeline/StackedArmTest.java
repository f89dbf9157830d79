package org.uaespark.pipeline;

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
import java.util.stream.StreamSupport;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.cli.ExitCodes;
import org.uaespark.experiment.Comparison;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.ComparisonChecks;
import org.uaespark.testing.Float32;
import org.uaespark.testing.JsonSchemaCheck;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.SparkTestSession;
import org.uaespark.testing.TinyDatasets;

/**
 * The paper's appendix B.5 comparison as a grid arm: {@code uae run} with {@code rotate-15~mine-tiny} trains the
 * rotation arm first, makes the UAEs against its first cell, then trains the stacked cells on train + rotations + UAEs;
 * {@code rotate-15~duplicate} is its compute-matched control, and both are tested against their base arm.
 */
class StackedArmTest {
    private static final int ATTACKED = 30;
    private static final String[] GRID = {"--set",
            "retrain.arms=[original, duplicate, rotate-15, rotate-15~mine-tiny, rotate-15~duplicate]",
            "--set", "retrain.repeats=2", "--set", "attack.limit=" + ATTACKED, "--set", "models.dense.latent=8",
            "--set", "models.dense.epochs=1", "--set", "models.dense.batch-size=25"};

    @TempDir
    static Path dir;
    private static Path profile;
    private static CliRun run;
    private static SparkSession spark;

    /** {@code uae <command> <the grid> --profile … <args>}: a test's own {@code --set} keys win over the grid's. */
    private static CliRun cli(String... args) {
        return CliRun.withShared(Arrays.asList(GRID), profile, args);
    }

    @BeforeAll
    static void runTheGrid() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        run = cli("run");
        spark = SparkTestSession.get();
    }

    private static Path run(String path) {
        return dir.resolve("runs/t").resolve(path);
    }

    private static JsonNode json(Path file) throws IOException {
        return Json.mapper().readTree(file.toFile());
    }

    @Test
    void theUaesAreMadeAgainstTheRotationArmsFirstCell() throws IOException {
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("attack dense/rotate-15~mine-tiny: ASR"), run.out());
        Path rotationModel = run("retrained/dense/rotate-15-r0");
        JsonNode table = json(run("augmented/dense/rotate-15~mine-tiny").resolve(Provenance.FILE));
        assertEquals(json(rotationModel.resolve(Provenance.FILE)).get("fingerprint").asText(),
                table.at("/model/fingerprint").asText());

        // Recompute the attacked model's loss at each origin sample with both models: the UAEs' loss_before is the
        // rotation model's, not the trained model's.
        Map<String, float[]> samples = new HashMap<>();
        for (Row row : spark.read().parquet(run("datasets/tiny").toString()).where("split = 'train'")
                .select("sample_id", "features").collectAsList()) {
            samples.put(row.getString(0), Cells.floats(row.get(1)));
        }
        List<Row> uaes = spark.read().parquet(run("augmented/dense/rotate-15~mine-tiny").toString())
                .select("origin_sample_id", "loss_before", "repeat").orderBy("sample_id").collectAsList();
        assertEquals(2 * ATTACKED, uaes.size(), "two seeded attacks per attacked sample");
        int d = samples.values().iterator().next().length;
        float[] x = new float[uaes.size() * d];
        for (int i = 0; i < uaes.size(); i++) {
            System.arraycopy(samples.get(uaes.get(i).getString(0)), 0, x, i * d, d);
        }
        FloatMatrix origins = new FloatMatrix(uaes.size(), d, x);
        ModelStore store = new ModelStore(new Configuration());
        try (UnsupervisedModel rotation = store.load(new org.apache.hadoop.fs.Path(rotationModel.toString()), Device.cpu());
                UnsupervisedModel trained = store.load(new org.apache.hadoop.fs.Path(run("models/dense").toString()),
                        Device.cpu())) {
            double[] underRotation = rotation.perSample(origins, origins);
            double[] underTrained = trained.perSample(origins, origins);
            double bound = Float32.denseReconstructionBound((Autoencoder) rotation);
            int apart = 0;
            for (int i = 0; i < uaes.size(); i++) {
                double lossBefore = uaes.get(i).getDouble(1);
                assertEquals(underRotation[i], lossBefore, Float32.mseTolerance(underRotation[i], bound),
                        uaes.get(i).getString(0));
                apart += Math.abs(underTrained[i] - lossBefore) > Float32.mseTolerance(underTrained[i], bound) ? 1 : 0;
            }
            assertTrue(apart > uaes.size() / 2, "the trained model scores the samples differently: " + apart);
        }
    }

    @Test
    void stackedCellsAppendTheirRepeatOfTheBaseRowsAndOfTheirOwn() throws IOException {
        assertEquals(0, run.code(), run.toString());
        int n = TinyDatasets.TRAIN;
        Map<String, Integer> rows = Map.of("original-r1", n, "duplicate-r1", n + ATTACKED, "rotate-15-r1", n + ATTACKED,
                "rotate-15~mine-tiny-r0", n + 2 * ATTACKED, "rotate-15~mine-tiny-r1", n + 2 * ATTACKED,
                "rotate-15~duplicate-r1", n + 2 * ATTACKED);
        for (Map.Entry<String, Integer> cell : rows.entrySet()) {
            assertEquals(cell.getValue().intValue(),
                    json(run("retrained/dense").resolve(cell.getKey()).resolve(Provenance.FILE)).at("/training/trainRows")
                            .asInt(), cell.getKey());
        }
        JsonNode uaes = json(run("retrained/dense/rotate-15~mine-tiny-r1").resolve(Provenance.FILE)).at("/config/appended");
        assertEquals(List.of(run("augmented/dense/rotate-15") + "@1:false",
                run("augmented/dense/rotate-15~mine-tiny") + "@1:false"), described(uaes));
        JsonNode copies = json(run("retrained/dense/rotate-15~duplicate-r0").resolve(Provenance.FILE)).at("/config/appended");
        assertEquals(List.of(run("augmented/dense/rotate-15") + "@0:false", run("augmented/dense/rotate-15") + "@-1:true"),
                described(copies), "the stacked duplicate copies the samples the tables were made from");
    }

    private static List<String> described(JsonNode appended) {
        return StreamSupport.stream(appended.spliterator(), false)
                .map(a -> a.get("table").asText() + "@" + a.get("repeat").asInt() + ":" + a.get("copy").asBoolean())
                .toList();
    }

    @Test
    void stackedArmsAreTestedAgainstTheirBaseArmAndItsDuplicate() throws IOException {
        assertEquals(0, run.code(), run.toString());
        JsonNode metrics = json(run("evaluation").resolve(EvaluateStage.METRICS));
        JsonNode schema = json(Path.of(System.getProperty("uae.project.dir", ".")).resolve("data-schemas/metrics.schema.json"));
        assertEquals(List.of(), JsonSchemaCheck.violations(schema, metrics));
        JsonNode arms = metrics.at("/models/dense/arms");
        JsonNode stacked = arms.get("rotate-15~mine-tiny");
        List<String> controls = new ArrayList<>();
        stacked.get("versus").fieldNames().forEachRemaining(controls::add);
        assertEquals(List.of("duplicate", "original", "rotate-15", "rotate-15~duplicate"), controls.stream().sorted().toList());
        for (String control : List.of("rotate-15", "rotate-15~duplicate")) {
            Comparison expected = Comparison.paired(values(stacked), values(arms.get(control)), true);
            JsonNode got = stacked.at("/versus/" + control.replace("/", "~1"));
            assertEquals(expected.difference(), got.get("difference").asDouble(), 1e-15, control);
            assertEquals(expected.pValue(), got.get("pValue").isNull() ? null : got.get("pValue").asDouble(), control);
        }
        assertFalse(arms.get("rotate-15").get("versus").has("rotate-15~duplicate"), "only stacked arms test their base");
        ComparisonChecks.tableIsOneHolmFamily(arms, "/versus");
        String html = Files.readString(run("report").resolve(ReportStage.INDEX));
        assertTrue(html.contains("<th>vs base arm</th>"), "a column for the stacked arms' own controls");
        assertTrue(html.contains(">rotate-15~duplicate: "), "each own control named in its cell");
    }

    private static List<Double> values(JsonNode arm) {
        return StreamSupport.stream(arm.get("values").spliterator(), false).map(JsonNode::asDouble).toList();
    }

    @Test
    void aRerunKeepsEverythingAndMissingInputsNameTheCommandThatMakesThem() throws IOException {
        assertEquals(0, run.code(), run.toString());
        CliRun again = cli("run");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("attack dense/rotate-15~mine-tiny: ASR") && again.out().contains("(kept)"),
                again.out());
        assertTrue(again.out().contains("retrain: 0 cell(s) trained")
                && !again.out().matches("(?s).*retrain: [1-9].*"), "no cell retrained:\n" + again.out());

        assertEquals(0, cli("ingest", "--run-id", "bare").code());
        assertEquals(0, cli("train", "--run-id", "bare", "--model", "dense").code());
        CliRun early = cli("attack", "--run-id", "bare", "--attack-profile", "tiny", "--stacked-on", "rotate-15");
        assertEquals(ExitCodes.INVALID_INPUT, early.code(), early.toString());
        assertTrue(early.err().contains(dir.resolve("runs/bare/retrained/dense/rotate-15-r0")
                + ": run bare has no published retrain cell 'rotate-15-r0'"), early.err());
        assertFalse(Files.exists(dir.resolve("runs/bare/augmented/dense/rotate-15~mine-tiny")), "nothing published");
        assertEquals(0, cli("attack", "--run-id", "bare", "--method", "rotate").code());
        CliRun grid = cli("retrain", "--run-id", "bare");
        assertEquals(ExitCodes.INVALID_INPUT, grid.code(), grid.toString());
        assertTrue(grid.err().contains("run `uae attack --model dense --set attack.method=mine "
                + "--set attack.profile=tiny --stacked-on rotate-15` for it first"), grid.err());
    }

    @Test
    void oneAttackPerSampleServesEveryCellOfTheArm() throws IOException {
        CliRun once = cli("run", "--run-id", "once", "--set", "attack.repeats=1",
                "--set", "retrain.arms=[original, mine-tiny]");
        assertEquals(0, once.code(), once.toString());
        Path cells = dir.resolve("runs/once/retrained/dense");
        JsonNode r0 = json(cells.resolve("mine-tiny-r0").resolve(Provenance.FILE));
        JsonNode r1 = json(cells.resolve("mine-tiny-r1").resolve(Provenance.FILE));
        assertEquals(TinyDatasets.TRAIN + ATTACKED, r0.at("/training/trainRows").asInt());
        assertEquals(TinyDatasets.TRAIN + ATTACKED, r1.at("/training/trainRows").asInt());
        assertEquals(-1, r1.at("/config/appended/0/repeat").asInt(), "the whole one-repeat table");
        assertTrue(r0.at("/training/seed").asLong() != r1.at("/training/seed").asLong(), "seeded by training only");
        assertEquals(ATTACKED, spark.read().parquet(dir.resolve("runs/once/augmented/dense/mine-tiny").toString()).count());
    }
}
