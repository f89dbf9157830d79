package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.cli.ExitCodes;
import org.uaespark.experiment.Comparison;
import org.uaespark.models.Autoencoder;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.ComparisonChecks;
import org.uaespark.testing.Digests;
import org.uaespark.testing.Float32;
import org.uaespark.testing.JsonSchemaCheck;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * The retrain grid and its evaluation on the tiny dataset: arms get the rows they promise, the original arm at
 * the run seed reproduces the {@code train} stage's model bit for bit, distributed scoring agrees with the error
 * measured at training time, and the improvement and ASR in {@code metrics.json} follow from the stored values.
 */
class RetrainEvaluateTest {
    private static final String[] GRID = {"--set", "retrain.arms=[original, duplicate, original-2x, mine-tiny, gaussian-0.01]",
            "--set", "retrain.repeats=2", "--set", "models.dense.latent=8",
            "--set", "models.dense.epochs=2", "--set", "models.dense.batch-size=25"};

    @TempDir
    static Path dir;
    private static Path profile;

    /** {@code uae <command> <the grid> --profile … <args>}: a test's own {@code --set} keys win over the grid's. */
    private static CliRun cli(String... args) {
        return CliRun.withShared(Arrays.asList(GRID), profile, args);
    }

    @BeforeAll
    static void attackTheTinyDataset() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        assertEquals(0, cli("ingest").code());
        assertEquals(0, cli("train", "--model", "dense").code());
        CliRun mine = cli("attack", "--attack-profile", "tiny");
        assertEquals(0, mine.code(), mine.toString());
        CliRun gaussian = cli("attack", "--method", "gaussian", "--sigma", "0.01");
        assertEquals(0, gaussian.code(), gaussian.toString());
        CliRun retrain = cli("retrain");
        assertEquals(0, retrain.code(), retrain.toString());
        assertTrue(retrain.out().contains("retrained: 10 cell(s)"), retrain.out());
    }

    private static JsonNode provenance(String cell) throws IOException {
        return Json.mapper().readTree(dir.resolve("runs/t/retrained/dense").resolve(cell).resolve(Provenance.FILE).toFile());
    }

    @Test
    void everyArmTrainsOnTheRowsItPromises() throws IOException {
        int n = TinyDatasets.TRAIN;
        assertEquals(n, provenance("original-r0").at("/training/trainRows").asInt());
        assertEquals(n, provenance("original-r1").at("/training/trainRows").asInt());
        assertEquals(2 * n, provenance("duplicate-r1").at("/training/trainRows").asInt());
        assertEquals(n, provenance("original-2x-r1").at("/training/trainRows").asInt());
        assertEquals(4, provenance("original-2x-r0").at("/training/epochs").asInt());
        for (String cell : List.of("duplicate-r0", "original-2x-r0", "mine-tiny-r0")) {
            assertEquals(4L * n, provenance(cell).at("/training/samplesSeen").asLong(), cell + ": compute-matched");
            long steps = provenance(cell).at("/training/optimizerSteps").asLong();
            assertTrue(Math.abs(steps - provenance("duplicate-r0").at("/training/optimizerSteps").asLong()) <= 2,
                    cell + ": " + steps + " steps, the duplicate's up to a partial batch per epoch");
        }
        assertEquals(2, provenance("original-r0").at("/training/epochs").asInt());
        assertEquals(2 * n, provenance("mine-tiny-r0").at("/training/trainRows").asInt(), "one attack per sample");
        assertEquals(2 * n, provenance("mine-tiny-r1").at("/training/trainRows").asInt());
        assertEquals(2 * n, provenance("gaussian-0.01-r1").at("/training/trainRows").asInt());
        for (String arm : List.of("original", "duplicate", "original-2x", "mine-tiny", "gaussian-0.01")) {
            assertEquals(provenance("original-r1").at("/training/seed").asLong(),
                    provenance(arm + "-r1").at("/training/seed").asLong(), arm + ": repeat r trains with seed r");
        }
        assertTrue(provenance("original-r0").at("/training/seed").asLong()
                != provenance("original-r1").at("/training/seed").asLong());
    }

    @Test
    void withAttacksOnPartOfTrainTheDuplicateControlCopiesTheAttackedRows() throws IOException {
        int n = TinyDatasets.TRAIN;
        int attacked = 40;
        assertEquals(0, inPart("ingest").code());
        assertEquals(0, inPart("train", "--model", "dense").code());
        CliRun mine = inPart("attack", "--attack-profile", "tiny", "--limit", "" + attacked);
        assertEquals(0, mine.code(), mine.toString());
        CliRun gaussian = inPart("attack", "--method", "gaussian", "--sigma", "0.01", "--limit", "" + attacked);
        assertEquals(0, gaussian.code(), gaussian.toString());
        CliRun retrain = inPart("retrain", "--arms", "duplicate,mine-tiny,gaussian-0.01");
        assertEquals(0, retrain.code(), retrain.toString());
        Path cells = dir.resolve("runs/part/retrained/dense");
        for (String cell : List.of("duplicate-r0", "mine-tiny-r1", "gaussian-0.01-r0", "gaussian-0.01-r1")) {
            JsonNode training = Json.mapper().readTree(cells.resolve(cell).resolve(Provenance.FILE).toFile()).get("training");
            assertEquals(n + attacked, training.get("trainRows").asInt(), cell);
            assertEquals(attacked, training.get("appendedRows").asInt(), cell);
        }

        CliRun everySample = inPart("attack", "--method", "gaussian", "--sigma", "0.001");
        assertEquals(0, everySample.code(), everySample.toString());
        CliRun mismatched = inPart("retrain", "--arms", "duplicate,mine-tiny,gaussian-0.001");
        assertEquals(ExitCodes.INVALID_INPUT, mismatched.code(), mismatched.toString());
        assertTrue(mismatched.err().contains(dir.resolve("runs/part/augmented/dense/gaussian-0.001") + ": generated from "
                + n + " training samples"), mismatched.err());
        assertTrue(!Files.exists(cells.resolve("gaussian-0.001-r0")), "nothing trained after a failed check");
    }

    /** A command on the run {@code part} (the subcommand first, then its options). */
    /**
     * A profile's {@code append = criterion-met}: the arm appends only the rows that met the criterion, its row
     * count says so, the attack's metrics count them, and the cell is another cell (fingerprint) than with every row.
     */
    @Test
    void anArmAppendingOnlyTheRowsThatMetTheCriterionSaysHowManyItAppended() throws IOException {
        String[] run = {"--run-id", "met", "--set", "retrain.repeats=1", "--set", "attack-profiles.tiny.append=criterion-met"};
        assertEquals(0, cli(with(run, "ingest")).code());
        assertEquals(0, cli(with(run, "train", "--model", "dense")).code());
        assertEquals(0, cli(with(run, "attack", "--attack-profile", "tiny")).code());
        Path table = dir.resolve("runs/met/augmented/dense/mine-tiny");
        long met = org.uaespark.testing.SparkTestSession.get().read().parquet(table.toString())
                .filter("criterion_met").count();
        JsonNode attackMetrics = Json.mapper().readTree(table.resolve(AttackStage.METRICS_FILE).toFile());
        assertEquals(met, attackMetrics.get("rowsMeetingCriterion").asLong());
        assertTrue(met > 0 && met < TinyDatasets.TRAIN, "the test needs rows of each kind: " + met);
        CliRun retrain = cli(with(run, "retrain", "--arms", "duplicate,mine-tiny"));
        assertEquals(0, retrain.code(), retrain.toString());
        Path cells = dir.resolve("runs/met/retrained/dense");
        JsonNode onlyMet = Json.mapper().readTree(cells.resolve("mine-tiny").resolve(Provenance.FILE).toFile());
        assertEquals(TinyDatasets.TRAIN + met, onlyMet.at("/training/trainRows").asLong());
        assertEquals(met, onlyMet.at("/training/appendedRows").asLong());
        JsonNode duplicate = Json.mapper().readTree(cells.resolve("duplicate").resolve(Provenance.FILE).toFile());
        assertEquals(TinyDatasets.TRAIN, duplicate.at("/training/appendedRows").asLong(), "the control copies every "
                + "attacked row: its count says it appends more than the arm");
        CliRun bad = cli(with(new String[] {"--run-id", "met", "--set", "attack-profiles.tiny.append=some"}, "retrain",
                "--arms", "mine-tiny"));
        assertEquals(org.uaespark.cli.ExitCodes.USAGE, bad.code(), bad.toString());
        assertTrue(bad.err().contains("attack-profiles.tiny.append = some: expected all or criterion-met"), bad.err());
    }

    /** {@code args} followed by {@code common}. */
    private static String[] with(String[] common, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList(common));
        return all.toArray(new String[0]);
    }

    private static CliRun inPart(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--run-id", "part"));
        return cli(all.toArray(new String[0]));
    }

    @Test
    void theOriginalArmAtTheRunSeedIsTheTrainStagesModel() {
        assertEquals(Digests.sha256(dir.resolve("runs/t/models/dense").resolve(ModelStore.PARAMETERS)),
                Digests.sha256(dir.resolve("runs/t/retrained/dense/original-r0").resolve(ModelStore.PARAMETERS)));
    }

    @Test
    void aSecondRunKeepsThePublishedCells() {
        CliRun again = cli("retrain");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("retrained: 0 cell(s), 10 already published and kept"), again.out());
    }

    @Test
    void evaluateScoresTheSubgridItIsGivenAndReplacesAnotherGridsMetricsOnlyWhenTold() throws IOException {
        copyWithoutEvaluation("subgrid");
        CliRun run = cli("evaluate", "--arms", "original,duplicate", "--run-id", "subgrid");
        assertEquals(0, run.code(), run.toString());
        Path metricsFile = dir.resolve("runs/subgrid/evaluation").resolve(EvaluateStage.METRICS);
        JsonNode metrics = Json.mapper().readTree(metricsFile.toFile());
        assertEquals(4, metrics.get("cells").size(), "two repeats of the original and of the duplicate");
        java.util.Set<String> arms = new java.util.TreeSet<>();
        metrics.at("/models/dense/arms").fieldNames().forEachRemaining(arms::add);
        assertEquals(java.util.Set.of("original", "duplicate"), arms);

        assertEquals(0, cli("evaluate", "--arms", "original,duplicate", "--run-id", "subgrid").code(), "same grid: kept");
        CliRun wider = cli("evaluate", "--run-id", "subgrid");
        assertEquals(ExitCodes.USAGE, wider.code(), wider.toString());
        assertTrue(wider.err().contains(dir.resolve("runs/subgrid/evaluation") + " already exists but was built from "
                + "different inputs or settings"), wider.err());
        assertEquals(4, Json.mapper().readTree(metricsFile.toFile()).get("cells").size(), "left as it was");
        CliRun overwritten = cli("evaluate", "--run-id", "subgrid", "--overwrite");
        assertEquals(0, overwritten.code(), overwritten.toString());
        assertEquals(10, Json.mapper().readTree(metricsFile.toFile()).get("cells").size());
    }

    @Test
    void reportBeforeEvaluateAndEvaluateOfAnUntrainedCellAreNamed() {
        copyWithoutEvaluation("unevaluated");
        CliRun report = cli("report", "--run-id", "unevaluated");
        assertEquals(ExitCodes.INVALID_INPUT, report.code(), report.toString());
        assertTrue(report.err().contains("is not evaluated; run `uae evaluate` first"), report.err());
        CliRun untrained = cli("evaluate", "--run-id", "unevaluated", "--arms", "original,gaussian-0.001");
        assertEquals(ExitCodes.INVALID_INPUT, untrained.code(), untrained.toString());
        assertTrue(untrained.err().contains(dir.resolve("runs/unevaluated/retrained/dense/gaussian-0.001-r0")
                + ": grid cell not trained; run `uae retrain` first"), untrained.err());
        assertTrue(Files.notExists(dir.resolve("runs/unevaluated/evaluation")), "nothing published");
    }

    @Test
    void publishedOutputsAreNeverReplacedByDifferentOnesUnlessTold() {
        copyWithoutEvaluation("changed");
        CliRun attack = cli("attack", "--run-id", "changed", "--attack-profile", "tiny", "--set",
                "attack-profiles.tiny.iterations=3");
        assertEquals(ExitCodes.USAGE, attack.code(), attack.toString());
        assertTrue(attack.err().contains(dir.resolve("runs/changed/augmented/dense/mine-tiny")
                + " already exists but was built from different inputs or settings"), attack.err());
        CliRun retrain = cli("retrain", "--run-id", "changed", "--set", "models.dense.optimizer.learning-rate=0.001");
        assertEquals(ExitCodes.USAGE, retrain.code(), retrain.toString());
        assertTrue(retrain.err().contains("already exists but was built from different inputs or settings"), retrain.err());
        CliRun fail = cli("retrain", "--run-id", "changed", "--set", "retrain.on-existing=fail");
        assertEquals(ExitCodes.USAGE, fail.code(), fail.toString());
        assertTrue(fail.err().contains("already exists and on-existing = fail"), fail.err());
        CliRun repeats = cli("retrain", "--run-id", "changed", "--set", "retrain.repeats=3");
        assertEquals(ExitCodes.INVALID_INPUT, repeats.code(), repeats.toString());
        assertTrue(repeats.err().contains("holds 2 repeat(s) per sample but the grid needs 3 (uae.retrain.repeats, "
                + "uae.attack.repeats); re-run the attack with uae.attack.repeats = 3"), repeats.err());
        CliRun single = cli("retrain", "--run-id", "changed", "--set", "retrain.repeats=1");
        assertEquals(ExitCodes.INVALID_INPUT, single.code(), single.toString());
        assertTrue(single.err().contains("holds 2 repeat(s) per sample but the grid needs 1"), single.err());
        assertEquals(Digests.parquetFiles(dir.resolve("runs/t/augmented/dense/mine-tiny")),
                Digests.parquetFiles(dir.resolve("runs/changed/augmented/dense/mine-tiny")), "left as it was");
    }

    @Test
    void evaluatingAGridWithoutTestRowsIsNamed() {
        Path trainOnly = TinyDatasets.profile(dir.resolve("train-only"), dir.resolve("runs"), """
                datasets.trainonly {
                  format = idx
                  train { features = "%1$s/train-images", labels = "%1$s/train-labels" }
                  scaling = divide-255
                }
                ingest.dataset = trainonly
                """.formatted(dir.resolve("src")));
        String[] grid = {"--profile", trainOnly.toString(), "--run-id", "notest", "--set", "retrain.arms=[original]",
                "--set", "retrain.repeats=1", "--set", "models.dense.latent=4", "--set", "models.dense.epochs=1"};
        for (String command : new String[] {"ingest", "train", "retrain"}) {
            CliRun step = CliRun.of(concat(command, grid));
            assertEquals(0, step.code(), step.toString());
        }
        CliRun evaluate = CliRun.of(concat("evaluate", grid));
        assertEquals(ExitCodes.INVALID_INPUT, evaluate.code(), evaluate.toString());
        assertTrue(evaluate.err().contains("the test split is empty; nothing to evaluate"), evaluate.err());
        assertTrue(Files.notExists(dir.resolve("runs/notest/evaluation")));
    }

    private static String[] concat(String command, String[] args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(Arrays.asList(args));
        return all.toArray(new String[0]);
    }

    /** A copy of run t with its trained grid but no evaluation or report. */
    private static void copyWithoutEvaluation(String runId) {
        RunDirs.copy(dir.resolve("runs"), "t", runId);
        for (String folder : List.of("evaluation", "report")) {
            Path p = dir.resolve("runs").resolve(runId).resolve(folder);
            if (Files.exists(p)) {
                try (java.util.stream.Stream<Path> files = Files.walk(p)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    @Test
    void aMissingAugmentedTableIsNamed() {
        CliRun run = cli("retrain", "--arms", "original,l2-tiny");
        assertEquals(ExitCodes.INVALID_INPUT, run.code(), run.toString());
        assertTrue(run.err().contains(dir.resolve("runs/t/augmented/dense/l2-tiny") + ": arm 'l2-tiny'"), run.err());
    }

    @Test
    void evaluationScoresAcrossExecutorsAndDerivesTheTable() throws IOException {
        CliRun run = cli("evaluate");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("mine-tiny"), run.out());
        JsonNode metrics = Json.mapper().readTree(dir.resolve("runs/t/evaluation").resolve(EvaluateStage.METRICS).toFile());
        assertEquals(TinyDatasets.TEST, metrics.get("testRows").asInt());
        JsonNode schema = Json.mapper().readTree(Path.of(System.getProperty("uae.project.dir", "."))
                .resolve("data-schemas/metrics.schema.json").toFile());
        assertEquals(List.of(), JsonSchemaCheck.violations(schema, metrics));
        assertEquals(10, metrics.get("cells").size());
        for (JsonNode cell : metrics.get("cells")) {
            // Executors score the rows of their partitions in other batches than training did: rounding only.
            org.apache.hadoop.fs.Path modelDir = new org.apache.hadoop.fs.Path(dir.resolve("runs/t/retrained/dense")
                    .resolve(cell.get("cell").asText()).toString());
            double atTraining = cell.get("testMseAtTraining").asDouble();
            try (UnsupervisedModel model = new ModelStore(new Configuration()).load(modelDir, Device.cpu())) {
                assertEquals(atTraining, cell.get("testMse").asDouble(),
                        Float32.mseTolerance(atTraining, Float32.denseReconstructionBound((Autoencoder) model)),
                        "distributed scoring vs the error at training time");
            }
        }
        JsonNode arms = metrics.at("/models/dense/arms");
        JsonNode original = arms.get("original");
        double o0 = original.get("values").get(0).asDouble();
        double o1 = original.get("values").get(1).asDouble();
        assertEquals((o0 + o1) / 2, original.get("mean").asDouble(), 1e-15);
        assertEquals(Math.abs(o0 - o1) / Math.sqrt(2), original.get("std").asDouble(), 1e-12);
        JsonNode mine = arms.get("mine-tiny");
        double expected = 100 * (original.get("mean").asDouble() - mine.get("mean").asDouble()) / original.get("mean").asDouble();
        assertEquals(expected, mine.get("improvementPercent").asDouble(), 1e-9);
        JsonNode attackMetrics = Json.mapper().readTree(dir.resolve("runs/t/augmented/dense/mine-tiny")
                .resolve(AttackStage.METRICS_FILE).toFile());
        assertEquals(attackMetrics.get("asr").asDouble(), mine.get("asr").asDouble());
        assertTrue(mine.get("paper").isNull(), "the paper's MNIST numbers are not shown beside another dataset");
        double duplicate = arms.get("duplicate").get("mean").asDouble();
        assertEquals(100 * (duplicate - mine.get("mean").asDouble()) / duplicate, mine.get("vsDuplicatePercent").asDouble(), 1e-9);
        assertTrue(arms.get("duplicate").get("vsDuplicatePercent").isNull(), "only augmented arms are set against it");
        assertTrue(arms.get("original-2x").get("vsDuplicatePercent").isNull());
        int n = TinyDatasets.TRAIN;
        assertEquals(List.of(n, 2 * n, n, 2 * n, 2 * n), List.of(original.get("trainRows").asInt(),
                arms.get("duplicate").get("trainRows").asInt(), arms.get("original-2x").get("trainRows").asInt(),
                mine.get("trainRows").asInt(), arms.get("gaussian-0.01").get("trainRows").asInt()));
        assertEquals(4, arms.get("original-2x").get("epochs").asInt());
        assertEquals(2, mine.get("epochs").asInt());
        assertTrue(arms.get("duplicate").get("asr").isNull());
        assertTrue(arms.get("duplicate").get("paper").isNull(), "the paper has no compute-matched controls");
        Comparison versusDuplicate = Comparison.paired(values(mine), values(arms.get("duplicate")), true);
        JsonNode written = mine.at("/versus/duplicate");
        assertEquals(Comparison.PAIRED, written.get("test").asText(), "repeat r of every arm trains from one seed");
        assertEquals(versusDuplicate.pValue(), written.get("pValue").asDouble(), 1e-12);
        assertEquals(versusDuplicate.low(), written.get("low").asDouble(), 1e-15);
        ComparisonChecks.tableIsOneHolmFamily(arms, "/versus");
        JsonNode primary = metrics.at("/models/dense/primary");
        String better = arms.get("duplicate").get("mean").asDouble() <= arms.get("original-2x").get("mean").asDouble()
                ? "duplicate" : "original-2x";
        assertEquals(List.of("test error", "mine-tiny", better), List.of(primary.get("metric").asText(),
                primary.get("arm").asText(), primary.get("control").asText()),
                "MINE-UAE against the better compute-matched control");
        JsonNode declared = mine.at("/versus/" + better);
        assertTrue(declared.get("primary").asBoolean());
        assertEquals(1, declared.get("familySize").asInt(), "the primary comparison is tested alone");
        assertEquals(declared.get("pValue").asDouble(), declared.get("pAdjusted").asDouble());
        assertEquals(declared, primary.get("comparison"));
        String verdict = declared.get("verdict").asText();
        String headline = run.out().lines().filter(l -> l.startsWith("headline dense: ")).findFirst().orElseThrow();
        assertTrue(headline.contains("MINE-UAE (mine-tiny) changed the test error by "
                + String.format(java.util.Locale.ROOT, "%+.1f %%", declared.get("percent").asDouble()))
                && headline.contains("control " + better) && headline.contains(verdict.equals("gain") ? "real gain"
                        : verdict.equals("loss") ? "real loss" : verdict.equals("untested") ? "too few repeats"
                        : "no difference the test can tell from chance"), headline);
        java.util.Set<String> controls = new java.util.TreeSet<>();
        original.get("versus").fieldNames().forEachRemaining(controls::add);
        assertEquals(java.util.Set.of("duplicate", "original-2x"), controls, "every control but the arm itself");
        assertEquals(3, mine.get("versus").size());
    }

    private static List<Double> values(JsonNode arm) {
        List<Double> out = new ArrayList<>();
        arm.get("values").forEach(v -> out.add(v.asDouble()));
        return out;
    }

    @Test
    void theReportIsOneSelfContainedHtmlFileWithTheTableAndCharts() throws IOException {
        assertEquals(0, cli("evaluate").code());
        CliRun run = cli("report");
        assertEquals(0, run.code(), run.toString());
        Path index = dir.resolve("runs/t/report").resolve(ReportStage.INDEX);
        assertTrue(run.out().contains("report: " + index), run.out());
        String html = java.nio.file.Files.readString(index);
        assertTrue(html.contains("<td class=\"l\">mine-tiny</td>") && html.contains("<td class=\"l\">duplicate</td>"));
        assertTrue(java.util.regex.Pattern.compile("dense / mine-tiny: \\d+ of " + 2 * TinyDatasets.TRAIN
                + " rows met the criterion; the arm appends every row").matcher(html).find(), "the rows that met it");
        assertTrue(html.contains("<th>rows</th><th>epochs</th>") && html.contains("<th>vs duplicate</th>")
                && html.contains("<th>vs original-2x</th>"), "controls beside every arm");
        JsonNode metrics = Json.mapper().readTree(dir.resolve("runs/t/evaluation").resolve(EvaluateStage.METRICS).toFile());
        JsonNode mine = metrics.at("/models/dense/arms/mine-tiny");
        Comparison versusDuplicate = Json.mapper().treeToValue(mine.at("/versus/duplicate"), Comparison.class);
        String css = versusDuplicate.significant() ? (Comparison.GAIN.equals(versusDuplicate.verdict()) ? " class=\"better\""
                : " class=\"worse\"") : "";
        assertTrue(html.contains("<td" + css + " title=\"" + versusDuplicate.describe() + "\">"),
                "coloured by the adjusted verdict, the interval in the tooltip: " + versusDuplicate.describe());
        assertTrue(html.contains("<h2>Primary comparisons</h2>")
                && html.indexOf("<h2>Primary comparisons</h2>") < html.indexOf("<th>vs duplicate</th>"),
                "the primary comparison first");
        // error bars, ASR bars, then per model: curves, MI histogram, iterations histogram, image grid
        assertEquals(6, html.split("src=\"data:image/png;base64,", -1).length - 1);
        assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external resources");
        for (String png : html.split("src=\"data:image/png;base64,")) {
            if (png.startsWith("iVBOR")) {
                byte[] bytes = java.util.Base64.getDecoder().decode(png.substring(0, png.indexOf('"')));
                assertTrue(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes)).getWidth() > 50);
            }
        }
    }
}
