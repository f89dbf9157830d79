package org.uaespark.pipeline;

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

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.cli.ExitCodes;
import org.uaespark.experiment.Comparison;
import org.uaespark.models.ConcreteAutoencoder;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.ComparisonChecks;
import org.uaespark.testing.JsonSchemaCheck;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * Table 3 end to end on a flat tabular dataset (CSV with missing values, shape [d]): {@code uae run} with the
 * concrete autoencoder through ingest (class-mean imputation), train, attack, retrain, evaluate (reconstruction
 * error and the selected-feature accuracy) and the report, which must draw flat samples.
 */
class ConcreteTabularTest {
    private static final int ROWS = 240;
    private static final int FEATURES = 12;
    private static final int SELECTED = 4;

    @TempDir
    static Path dir;
    private static Path profile;
    private static CliRun run;

    /**
     * A generated table: 3 classes; features 0-3 carry the class (class mean plus noise), the rest are noise; every
     * 17th row misses one feature (an empty cell, NA or ?).
     */
    private static Path table() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < FEATURES; j++) {
            csv.append("f").append(j).append(',');
        }
        csv.append("class\n");
        String[] markers = {"", "NA", "?"};
        for (int r = 0; r < ROWS; r++) {
            int label = r % 3;
            for (int j = 0; j < FEATURES; j++) {
                double value = (j < 4 ? label * 2.0 : 0) + random.nextGaussian();
                csv.append(r % 17 == 0 && j == r % FEATURES ? markers[r % 3]
                        : String.format(Locale.ROOT, "%.4f", value)).append(',');
            }
            csv.append(label).append('\n');
        }
        return Files.writeString(dir.resolve("tab.csv"), csv.toString());
    }

    private static CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--profile", profile.toString()));
        return CliRun.of(all.toArray(new String[0]));
    }

    @BeforeAll
    static void runTheWholePipeline() throws IOException {
        Path csv = table();
        profile = TinyDatasets.profile(dir.resolve("src"), dir.resolve("runs"), """
                datasets.tab {
                  format = csv
                  source = "generated tabular rows"
                  train { features = "%s" }
                  test-fraction = 0.25
                  scaling = minmax
                  csv { header = names, label-column = class, impute = class-mean }
                }
                ingest.dataset = tab
                train.model = concrete
                models.concrete { latent = %d, hidden = 16, epochs = 6, selection-tries = 1 }
                retrain {
                  models = [concrete]
                  arms = [original, duplicate, original-2x, mine-tiny, l2-tiny, gaussian-0.01]
                  repeats = 2
                  selection { trees = 10, forest-max-depth = 5, forest-partitions = 3 }
                }
                """.formatted(csv, SELECTED));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        run = cli("run");
    }

    @Test
    void theWholePipelineRunsOnFlatSamplesAndDrawsThemInTheReport() throws IOException {
        assertEquals(0, run.code(), run.toString());
        String html = Files.readString(dir.resolve("runs/t/report").resolve(ReportStage.INDEX));
        assertTrue(html.contains("concrete: selected features (Table 3)"), "the Table 3 section");
        assertTrue(html.contains("<th>ExtraTrees accuracy</th>"));
        assertTrue(html.contains("mine-tiny: x, x + δ"), "flat UAEs drawn as a wrapped grid");
    }

    @Test
    void metricsCarryEachArmsSelectionsAndAccuraciesAndNoPaperNumbersForAnotherDataset() throws IOException {
        assertEquals(0, run.code(), run.toString());
        JsonNode metrics = Json.mapper().readTree(dir.resolve("runs/t/evaluation").resolve(EvaluateStage.METRICS)
                .toFile());
        JsonNode schema = Json.mapper().readTree(Path.of(System.getProperty("uae.project.dir", "."))
                .resolve("data-schemas/metrics.schema.json").toFile());
        assertEquals(List.of(), JsonSchemaCheck.violations(schema, metrics));
        JsonNode arms = metrics.at("/models/concrete/arms");
        ComparisonChecks.tableIsOneHolmFamily(arms, "/selection/extraTreesVersus");
        ComparisonChecks.tableIsOneHolmFamily(arms, "/versus");
        assertEquals("ExtraTrees accuracy", metrics.at("/models/concrete/primary/metric").asText(),
                "a feature selector's primary comparison is on its headline metric");
        assertEquals("mine-tiny", metrics.at("/models/concrete/primary/arm").asText());
        for (String arm : List.of("original", "duplicate", "original-2x", "mine-tiny", "l2-tiny", "gaussian-0.01")) {
            JsonNode selection = arms.get(arm).get("selection");
            int repeats = 2;
            assertEquals(repeats, selection.at("/extraTrees/values").size(), arm);
            if (!arm.equals("duplicate")) {
                List<Double> armAccuracy = new ArrayList<>();
                List<Double> duplicateAccuracy = new ArrayList<>();
                selection.at("/extraTrees/values").forEach(v -> armAccuracy.add(v.asDouble()));
                arms.at("/duplicate/selection/extraTrees/values").forEach(v -> duplicateAccuracy.add(v.asDouble()));
                JsonNode written = selection.at("/extraTreesVersus/duplicate");
                assertEquals(Comparison.paired(armAccuracy, duplicateAccuracy, false).pValue(),
                        written.get("pValue").isNull() ? null : written.get("pValue").asDouble(), arm);
                assertTrue(!written.get("lowerIsBetter").asBoolean(), arm + ": accuracy, higher is better");
            }
            assertEquals(repeats, selection.at("/randomForest/values").size(), arm);
            assertEquals(repeats, selection.at("/meanMaxProbability/values").size(), arm);
            for (JsonNode p : selection.at("/meanMaxProbability/values")) {
                assertTrue(p.asDouble() > 1.0 / FEATURES && p.asDouble() <= 1, arm + ": a mean of largest probabilities "
                        + "lies between uniform and one, not " + p);
            }
            assertEquals(repeats, selection.get("features").size(), arm);
            for (JsonNode features : selection.get("features")) {
                assertEquals(SELECTED, features.size());
                features.forEach(f -> assertTrue(f.asInt() >= 0 && f.asInt() < FEATURES, arm + ": " + f));
            }
            for (JsonNode accuracy : selection.at("/extraTrees/values")) {
                assertTrue(accuracy.asDouble() >= 0 && accuracy.asDouble() <= 1, arm + ": " + accuracy);
            }
            assertTrue(arms.get(arm).get("paper").isNull(), "the paper has no numbers for this dataset");
            assertTrue(selection.get("paper").isNull());
        }
        double asr = arms.at("/mine-tiny/asr").asDouble(-1);
        assertTrue(asr >= 0 && asr <= 1, "an ASR is reported: " + asr);
    }

    @Test
    void theSelectionInTheMetricsIsTheOneTheRetrainedModelMakes() throws IOException {
        assertEquals(0, run.code(), run.toString());
        JsonNode features = Json.mapper().readTree(dir.resolve("runs/t/evaluation").resolve(EvaluateStage.METRICS)
                .toFile()).at("/models/concrete/arms/mine-tiny/selection/features/0");
        Path cell = dir.resolve("runs/t/retrained/concrete/mine-tiny-r0");
        try (UnsupervisedModel model = new ModelStore(new Configuration()).load(
                new org.apache.hadoop.fs.Path(cell.toString()), Device.cpu())) {
            int[] selected = ((ConcreteAutoencoder) model).selectedFeatures();
            for (int i = 0; i < selected.length; i++) {
                assertEquals(selected[i], features.get(i).asInt());
            }
        }
    }

    @Test
    void aTraceFollowsEveryIterationOfTheFirstSamplesAndPublishesNothing() throws IOException {
        assertEquals(0, run.code(), run.toString());
        Path csv = dir.resolve("trace.csv");
        CliRun trace = cli("attack", "--method", "mine", "--attack-profile", "tiny", "--trace", "3", "--trace-csv",
                csv.toString());
        assertEquals(0, trace.code(), trace.toString());
        assertTrue(trace.out().contains("trace of concrete/mine-tiny: 3 samples, delta0 ~ U(-"), trace.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("sample_id,iteration,hinge,mi,c,distance,perturbation", lines.get(0));
        assertEquals(1 + 3 * 4, lines.size(), "3 samples x 4 iterations of the tiny profile");
        CliRun gaussian = cli("attack", "--method", "gaussian", "--trace", "3");
        assertEquals(ExitCodes.USAGE, gaussian.code(), gaussian.toString());
        assertTrue(gaussian.err().contains("--trace follows a MinMax attack"), gaussian.err());
    }

    @Test
    void rotationsOfFlatRowsAreRejectedBeforeAnyCompute() {
        assertEquals(0, run.code(), run.toString());
        CliRun rotate = cli("attack", "--method", "rotate");
        assertEquals(ExitCodes.INVALID_INPUT, rotate.code(), rotate.toString());
        assertTrue(rotate.err().contains(dir.resolve("runs/t/datasets/tab") + ": rotate-15 needs image samples of shape "
                + "[H, W, C], but the samples have shape [" + FEATURES + "]"), rotate.err());
        assertFalse(Files.exists(dir.resolve("runs/t/augmented/concrete/rotate-15")), "nothing published");

        CliRun planned = cli("run", "--run-id", "flatrot", "--set", "retrain.arms=[original, rotate-15]");
        assertEquals(ExitCodes.INVALID_INPUT, planned.code(), planned.toString());
        assertTrue(planned.err().contains("rotate-15 needs image samples"), planned.err());
        assertFalse(Files.exists(dir.resolve("runs/flatrot/models")), "the run stops before training");
    }

    @Test
    void missingValuesWithoutAnImputeRuleAreRejectedNamingTheCell() throws IOException {
        Path strict = TinyDatasets.profile(dir.resolve("strict"), dir.resolve("strict-runs"), """
                datasets.tab {
                  format = csv
                  train { features = "%s" }
                  test-fraction = 0.25
                  scaling = minmax
                  csv { header = names, label-column = class }
                }
                ingest.dataset = tab
                """.formatted(dir.resolve("tab.csv")));
        CliRun ingest = CliRun.of("ingest", "--profile", strict.toString());
        assertEquals(ExitCodes.INVALID_INPUT, ingest.code(), ingest.toString());
        assertTrue(ingest.err().contains("tab.csv: missing value '' at record 2, column 1 'f0'; set csv.impute"),
                ingest.err());
        assertFalse(Files.exists(dir.resolve("strict-runs/t/datasets/tab")), "nothing published");
    }
}
