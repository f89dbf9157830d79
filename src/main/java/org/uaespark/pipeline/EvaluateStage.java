package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.attack.AttackMethod;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.data.Seeds;
import org.uaespark.data.TableSchema;
import org.uaespark.experiment.Arm;
import org.uaespark.experiment.Comparison;
import org.uaespark.experiment.ComparisonFamily;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.executor.CellScorer;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.SelectionScorer;
import org.uaespark.pipeline.store.Fingerprints;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.StageOutput;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * The {@code evaluate} stage: scores every retrained model of the grid on the test split by distributed scoring
 * (test rows partitioned across executors, each scoring its rows under every model, sums aggregated with Spark),
 * and writes {@code <run>/evaluation/metrics.json}: per model and arm the test per-pixel MSE of each repeat, mean
 * and standard deviation, the improvement over the original's mean ((orig − arm)/orig, positive = better, as
 * {@code src/site/markdown/paper-spec.md} §9), the ASR of the arm's augmentation under the original model, and the paper's Table 2
 * number next to it, and every arm's difference to each control (original, duplicate, original-2x) with Welch's 95 %
 * interval and p-value over the repeats ({@link Comparison}). A Table-2-style table is printed to the log.
 */
public final class EvaluateStage {
    /** The metrics file in the evaluation folder. */
    public static final String METRICS = "metrics.json";
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateStage.class);
    /** The arms every other arm is tested against, where the grid has them. */
    static final List<String> CONTROLS = List.of(Arm.Original.NAME, Arm.Duplicate.NAME,
            Arm.Original2x.NAME);

    private final SparkSession spark;
    private final RunSettings run;
    private final RetrainSettings settings;
    private final ConfigLoader.Loaded config;

    /**
     * What the stage produced.
     *
     * @param folder  the published evaluation folder
     * @param metrics the content of {@value #METRICS}
     */
    public record Result(Path folder, EvaluationMetrics metrics) {
    }

    /**
     * @param context  the job's Spark session and its hold on the run
     * @param settings the grid to evaluate (the retrain settings)
     * @param config   the full configuration, recorded in provenance
     */
    public EvaluateStage(RunContext context, RetrainSettings settings, ConfigLoader.Loaded config) {
        this.spark = context.spark();
        this.run = context.run();
        this.settings = settings;
        this.config = config;
    }

    /** What a cell's provenance says of its training: rows, epochs and the test error measured at training time. */
    private record Trained(String model, String arm, int repeat, String cell, String dir, double testMseAtTraining,
            int trainRows, int epochs, List<Integer> selectedFeatures, Double meanMaxProbability) {
        static Trained of(String model, String arm, int repeat, String cell, Path dir, Provenance.OfModel provenance) {
            Double atTraining = provenance.evaluation().testMse();
            return new Trained(model, arm, repeat, cell, dir.toString(), atTraining == null ? Double.NaN : atTraining,
                    provenance.training().trainRows(), provenance.training().epochs(),
                    provenance.training().selectedFeatures(), provenance.training().meanMaxProbability());
        }
    }

    /**
     * A grid cell with the test error the evaluate stage scored for it, its selection's scores if it selects
     * features and its linear evaluation if it is contrastive.
     */
    private record Scored(Trained cell, double testMse, SelectionAccuracy.Scores selection,
            LinearEvaluation.Scores linear) {
    }

    /**
     * Runs the stage. An evaluation already published from the same grid, dataset and models is kept; one made
     * from others is replaced (atomically) only with {@code on-existing = overwrite}.
     */
    public Result run() {
        RunLayout layout = RunLayout.of(run);
        TablePublisher publisher = new TablePublisher(spark.sparkContext().hadoopConfiguration());
        HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        Path datasetDir = layout.dataset(settings.dataset());
        spark.sparkContext().setJobGroup("evaluate-" + run.runId(), "evaluate the grid of run " + run.runId(), false);
        publisher.requirePublished(datasetDir, run.runId(), "dataset '" + settings.dataset() + "'", "uae ingest");
        List<ExecutorModels.Source> sources = new ArrayList<>();
        List<Trained> cells = new ArrayList<>();
        for (ModelKind kind : settings.models()) {
            for (Arm arm : settings.arms()) {
                for (int r = 0; r < arm.repeats(); r++) {
                    String name = arm.cellName(r);
                    Path dir = layout.retrained(kind.configName(), name);
                    if (!publisher.isPublished(dir)) {
                        throw new InputValidationException(dir + ": grid cell not trained; run `uae retrain` first");
                    }
                    Provenance.OfModel provenance = Provenance.read(publisher, dir, Provenance.OfModel.class);
                    sources.add(new ExecutorModels.Source(dir.toString(), provenance.fingerprint(),
                            settings.torchThreads(), hadoop));
                    cells.add(Trained.of(kind.configName(), arm.name(), r, name, dir, provenance));
                }
            }
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("models", settings.models());
        inputs.put("arms", settings.armNames());
        inputs.put("repeats", settings.repeats());
        inputs.put("evalBatchSize", settings.evalBatchSize());
        inputs.put("dataset", Provenance.read(publisher, datasetDir).fingerprint());
        inputs.put("cells", sources.stream().map(ExecutorModels.Source::fingerprint).toList());
        if (cells.stream().anyMatch(c -> c.selectedFeatures() != null)) {
            inputs.put("selection", settings.selection());
        }
        if (settings.models().contains(ModelKind.SIMCLR)) {
            inputs.put("linear", settings.linear());
        }
        String fingerprint = Fingerprints.of(inputs);
        return new StageOutput(publisher, layout.evaluation(), settings.onExisting(), fingerprint).keepOrBuild(layout,
                "evaluation", () -> new Result(layout.evaluation(),
                        publisher.readJson(new Path(layout.evaluation(), METRICS), EvaluationMetrics.class)),
                staged -> score(staged, inputs, fingerprint, sources, cells, datasetDir, layout, publisher));
    }

    /** Scores every cell on the test split across the executors and writes the metrics into {@code staged}. */
    private StageOutput.Built<Result> score(Path staged, Map<String, Object> inputs, String fingerprint,
            List<ExecutorModels.Source> sources, List<Trained> cells, Path datasetDir, RunLayout layout,
            TablePublisher publisher) {
        TableSchema schema = TableSchema.load("dataset");
        Dataset<Row> table = spark.read().schema(TableValidator.structType(schema)).parquet(datasetDir.toString());
        spark.sparkContext().setJobDescription("evaluate: score " + sources.size() + " models on the test split");
        Map<String, double[]> sums = testRows(table, sources, cells)
                .mapPartitionsToPair(new CellScorer(sources, settings.evalBatchSize(), settings.device()))
                .reduceByKey((a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]})
                .collectAsMap();
        List<SelectionScorer.Cell> selections = cells.stream().filter(c -> c.selectedFeatures() != null)
                .map(c -> new SelectionScorer.Cell(c.dir(), datasetDir.toString(),
                        c.selectedFeatures().stream().mapToInt(Integer::intValue).toArray(), settings.selection().trees(),
                        Seeds.mix(run.seed(), Seeds.key("selection"), Seeds.key(c.model() + "/" + c.cell()))))
                .toList();
        Map<String, SelectionAccuracy.Scores> accuracy = SelectionAccuracy.score(spark,
                new HadoopConf(spark.sparkContext().hadoopConfiguration()), table, selections,
                settings.selection());
        List<ExecutorModels.Source> contrastive = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (cells.get(i).model().equals(ModelKind.SIMCLR.configName())) {
                contrastive.add(sources.get(i));
            }
        }
        Map<String, LinearEvaluation.Scores> linear = LinearEvaluation.score(spark, table, contrastive, settings,
                run.seed());
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            double[] s = sums.get(sources.get(i).dir());
            if (s == null || s[1] == 0) {
                throw new InputValidationException(datasetDir + ": the test split is empty; nothing to evaluate");
            }
            Trained c = cells.get(i);
            scored.add(new Scored(c, s[0] / s[2], accuracy.get(c.dir()), linear.get(c.dir())));
        }
        EvaluationMetrics metrics = metrics(scored, layout, publisher, (long) sums.values().iterator().next()[1]);
        publisher.writeJson(new Path(staged, METRICS), metrics);
        LOG.info("test error ({}), Table 2 style:\n{}", metrics.metric(), table(metrics));
        return new StageOutput.Built<>(new Result(layout.evaluation(), metrics),
                Provenance.of("evaluate", "metrics", run.runId(), fingerprint).config(inputs, config.sources())
                        .runtime(spark));
    }

    /**
     * The test rows' features as the scorer reads them. A contrastive model's test loss is NT-Xent over blocks of its
     * training batch size, so then every partition holds one whole block of the test rows in sample-id order (the
     * same blocks its training-time score used); otherwise the table's own partitions.
     */
    private JavaRDD<float[]> testRows(Dataset<Row> table, List<ExecutorModels.Source> sources, List<Trained> cells) {
        Dataset<Row> test = table.filter(col("split").equalTo("test"));
        OptionalInt block = OptionalInt.empty();
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).model().equals(ModelKind.SIMCLR.configName())) {
                block = OptionalInt.of(new ModelStore(spark.sparkContext().hadoopConfiguration())
                        .readConfig(new Path(sources.get(i).dir())).recipe().batchSize());
                break;
            }
        }
        if (block.isEmpty()) {
            return test.select("features").javaRDD().map(r -> Cells.floats(r.get(0)));
        }
        return ContiguousLayout.arrange(test.select("sample_id", "features"), "sample_id", block.getAsInt()).javaRDD()
                .map(r -> Cells.floats(r.get(1)));
    }

    private EvaluationMetrics metrics(List<Scored> scored, RunLayout layout, TablePublisher publisher, long testRows) {
        Map<?, ?> paper = paperTable();
        Map<String, EvaluationMetrics.Model> models = new LinkedHashMap<>();
        for (ModelKind kind : settings.models()) {
            String model = kind.configName();
            Map<String, EvaluationMetrics.Arm> arms = new LinkedHashMap<>();
            Map<String, List<Scored>> byArm = new LinkedHashMap<>();
            for (String arm : settings.armNames()) {
                byArm.put(arm, scored.stream().filter(s -> s.cell().model().equals(model) && s.cell().arm().equals(arm)).toList());
            }
            double original = mean(byArm.get(Arm.Original.NAME));
            double duplicate = mean(byArm.get(Arm.Duplicate.NAME));
            // per metric, its table: arm -> control -> comparison (a metric only where every repeat of an arm has it)
            Map<String, Map<String, Map<String, Comparison>>> tables = new LinkedHashMap<>();
            for (String metric : List.of(EvaluationMetrics.Primary.TEST_ERROR, EvaluationMetrics.Primary.EXTRA_TREES,
                    EvaluationMetrics.Primary.LINEAR_ACCURACY)) {
                tables.put(metric, new LinkedHashMap<>());
            }
            for (Arm arm : settings.arms()) {
                List<Scored> repeats = byArm.get(arm.name());
                tables.get(EvaluationMetrics.Primary.TEST_ERROR).put(arm.name(),
                        versus(byArm, arm, Scored::testMse, true));
                if (repeats.stream().allMatch(r -> r.selection() != null)) {
                    tables.get(EvaluationMetrics.Primary.EXTRA_TREES).put(arm.name(),
                            versus(byArm, arm, r -> r.selection().extraTrees(), false));
                }
                if (repeats.stream().allMatch(r -> r.linear() != null)) {
                    tables.get(EvaluationMetrics.Primary.LINEAR_ACCURACY).put(arm.name(),
                            versus(byArm, arm, r -> r.linear().accuracy(), false));
                }
            }
            // the headline metric: a feature selector's classifier accuracy, a contrastive model's linear accuracy,
            // else the test error
            String headline = Stream.of(EvaluationMetrics.Primary.EXTRA_TREES, EvaluationMetrics.Primary.LINEAR_ACCURACY)
                    .filter(metric -> !tables.get(metric).isEmpty()).findFirst()
                    .orElse(EvaluationMetrics.Primary.TEST_ERROR);
            Optional<ComparisonFamily.Key> primary = primary(tables.get(headline));
            tables.replaceAll((metric, table) -> ComparisonFamily.adjust(table,
                    metric.equals(headline) ? primary : Optional.empty()));
            Map<String, Map<String, Comparison>> errors = tables.get(EvaluationMetrics.Primary.TEST_ERROR);
            Map<String, Map<String, Comparison>> extraTrees = tables.get(EvaluationMetrics.Primary.EXTRA_TREES);
            Map<String, Map<String, Comparison>> accuracy = tables.get(EvaluationMetrics.Primary.LINEAR_ACCURACY);
            for (Arm arm : settings.arms()) {
                List<Scored> repeats = byArm.get(arm.name());
                List<Double> values = repeats.stream().map(Scored::testMse).toList();
                double mean = mean(repeats);
                double std = Math.sqrt(values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
                        / Math.max(1, values.size() - 1));
                boolean augmented = arm.augmentation().isPresent();
                Double paperValue = paperValue(paper, model, arm.paperKey());
                Double paperOriginal = paperValue(paper, model, Arm.Original.NAME);
                arms.put(arm.name(), new EvaluationMetrics.Arm(asr(layout, publisher, model, arm),
                        repeats.get(0).cell().epochs(),
                        Double.isNaN(original) ? null : 100 * (original - mean) / original, mean, paperValue,
                        paperValue == null || paperOriginal == null ? null
                                : 100 * (paperOriginal - paperValue) / paperOriginal,
                        values.size() > 1 ? std : null, repeats.get(0).cell().trainRows(), values,
                        !augmented || Double.isNaN(duplicate) ? null : 100 * (duplicate - mean) / duplicate,
                        errors.get(arm.name()),
                        selection(byArm, arm, paperEntry(paper, model, "accuracy", arm.paperKey()),
                                extraTrees.get(arm.name())),
                        linear(byArm, arm, paperEntry(paper, model, "accuracy", arm.paperKey()),
                                paperEntry(paper, model, "loss", arm.paperKey()), accuracy.get(arm.name()))));
            }
            EvaluationMetrics.Primary declared = primary.map(k -> new EvaluationMetrics.Primary(headline, k.arm(),
                    k.control(), tables.get(headline).get(k.arm()).get(k.control()))).orElse(null);
            models.put(model, new EvaluationMetrics.Model(arms, declared));
        }
        List<EvaluationMetrics.Cell> cells = new ArrayList<>();
        for (Scored s : scored) {
            double atTraining = s.cell().testMseAtTraining();
            cells.add(new EvaluationMetrics.Cell(s.cell().arm(), s.cell().cell(), s.cell().model(), s.cell().repeat(),
                    s.testMse(), Double.isNaN(atTraining) ? null : atTraining));
        }
        return new EvaluationMetrics(cells, settings.dataset(),
                "(original mean - arm mean) / original mean x 100; positive = lower error",
                metricDescription(), models, run.runId(), testRows,
                "(duplicate mean - arm mean) / duplicate mean x 100 for augmented arms: the gain over "
                        + "the compute-matched control that trains on the same rows unperturbed");
    }

    /** What the test errors of the run's models measure. */
    private String metricDescription() {
        String reconstruction = "test per-pixel mean squared error";
        String contrastive = "test NT-Xent loss (inference mode, blocks of the training batch in sample-id order)";
        String measured = settings.models().stream().allMatch(k -> k == ModelKind.SIMCLR) ? contrastive
                : settings.models().contains(ModelKind.SIMCLR) ? reconstruction + " (simclr: " + contrastive + ")"
                : reconstruction;
        return measured + ", models retrained from scratch";
    }

    /**
     * How {@code arm}'s repeats compare on {@code value} with each control of the grid (original, duplicate,
     * original-2x) other than itself, and with its own controls (a stacked arm's base arm and its duplicate).
     */
    private static Map<String, Comparison> versus(Map<String, List<Scored>> byArm, Arm arm,
            Function<Scored, Double> value, boolean lowerIsBetter) {
        Map<String, Comparison> out = new LinkedHashMap<>();
        for (String control : Stream.concat(CONTROLS.stream(), arm.ownControls().stream()).toList()) {
            List<Scored> controlRepeats = byArm.get(control);
            if (!control.equals(arm.name()) && controlRepeats != null && !controlRepeats.isEmpty()) {
                out.put(control, Comparison.byRepeat(byRepeat(byArm.get(arm.name()), value),
                        byRepeat(controlRepeats, value), lowerIsBetter));
            }
        }
        return out;
    }

    /** Each repeat's {@code value}, keyed by its repeat index (the seed it shares with other arms' cells). */
    private static Map<Integer, Double> byRepeat(List<Scored> repeats, Function<Scored, Double> value) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (Scored r : repeats) {
            out.put(r.cell().repeat(), value.apply(r));
        }
        return out;
    }

    /**
     * The model's declared primary comparison in {@code table}: the grid's first MINE-UAE arm (not stacked) against
     * the better (by mean) of the compute-matched controls {@code duplicate} and {@code original-2x} present; empty
     * when the grid lacks either side.
     */
    private Optional<ComparisonFamily.Key> primary(Map<String, Map<String, Comparison>> table) {
        Optional<String> mine = settings.arms().stream()
                .filter(a -> a instanceof Arm.Augmented augmented && augmented.method().method()
                        .equals(AttackMethod.MINE.configName()))
                .map(Arm::name).filter(table::containsKey).findFirst();
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Comparison> versus = table.get(mine.get());
        return Stream.of(Arm.Duplicate.NAME, Arm.Original2x.NAME).filter(versus::containsKey)
                .min(Comparator.comparingDouble(control -> {
                    Comparison c = versus.get(control);
                    return c.lowerIsBetter() ? c.controlMean() : -c.controlMean();
                }))
                .map(control -> new ComparisonFamily.Key(mine.get(), control));
    }

    /** Table 3's columns of an arm whose models select features; null for other models. */
    private static EvaluationMetrics.Selection selection(Map<String, List<Scored>> byArm, Arm arm, Double paper,
            Map<String, Comparison> extraTreesVersus) {
        List<Scored> repeats = byArm.get(arm.name());
        if (repeats.stream().anyMatch(r -> r.selection() == null)) {
            return null;
        }
        List<Double> forest = repeats.stream().map(r -> r.selection().randomForest()).toList();
        return new EvaluationMetrics.Selection(
                EvaluationMetrics.Summary.of(repeats.stream().map(r -> r.selection().extraTrees()).toList()),
                repeats.stream().map(r -> r.cell().selectedFeatures()).toList(), paper,
                forest.contains(null) ? null : EvaluationMetrics.Summary.of(forest),
                extraTreesVersus, repeats.stream().anyMatch(r -> r.cell().meanMaxProbability() == null) ? null
                        : EvaluationMetrics.Summary.of(repeats.stream().map(r -> r.cell().meanMaxProbability()).toList()));
    }

    /** Table 4's columns of an arm whose models are contrastive; null for other models. */
    private EvaluationMetrics.Linear linear(Map<String, List<Scored>> byArm, Arm arm, Double paper,
            Double paperLoss, Map<String, Comparison> accuracyVersus) {
        List<Scored> repeats = byArm.get(arm.name());
        if (repeats.stream().anyMatch(r -> r.linear() == null)) {
            return null;
        }
        List<EvaluationMetrics.Pgd> pgd = new ArrayList<>();
        List<Double> epsilons = settings.linear().epsilons();
        for (int e = 0; e < epsilons.size() && repeats.get(0).linear().attacked() > 0; e++) {
            int at = e;
            pgd.add(new EvaluationMetrics.Pgd(epsilons.get(e), EvaluationMetrics.Summary.of(repeats.stream()
                    .map(r -> (double) r.linear().correct().get(at)).toList())));
        }
        return new EvaluationMetrics.Linear(
                EvaluationMetrics.Summary.of(repeats.stream().map(r -> r.linear().accuracy()).toList()),
                EvaluationMetrics.Summary.of(repeats.stream().map(r -> r.linear().crossEntropy()).toList()),
                repeats.get(0).linear().attacked(),
                EvaluationMetrics.Summary.of(repeats.stream().map(r -> (double) r.linear().cleanCorrect()).toList()),
                pgd, paper, paperLoss, accuracyVersus);
    }

    /** The mean test error of {@code repeats}; NaN for an arm not in the grid. */
    private static double mean(List<Scored> repeats) {
        return repeats == null ? Double.NaN : repeats.stream().mapToDouble(Scored::testMse).average().orElse(Double.NaN);
    }

    /** The ASR of an augmented arm's table ({@code _metrics.json}), or null for arms without one. */
    private static Double asr(RunLayout layout, TablePublisher publisher, String model, Arm arm) {
        Path metrics = new Path(layout.augmented(model, arm.name()), AttackStage.METRICS_FILE);
        if (arm.augmentation().isEmpty()) {
            return null;
        }
        return publisher.readJson(metrics, AttackMetrics.class).asr();
    }

    private static Double paperValue(Map<?, ?> paper, String model, String key) {
        Map<?, ?> row = (Map<?, ?>) ((Map<?, ?>) paper.get("models")).get(model);
        if (row == null) {
            return null;
        }
        Object value = row.get(key);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    /** The paper's {@code field} (accuracy, loss) of a model and method, where its table has one. */
    private static Double paperEntry(Map<?, ?> paper, String model, String field, String key) {
        Map<?, ?> row = (Map<?, ?>) ((Map<?, ?>) paper.get("models")).get(model);
        return row != null && row.get(field) instanceof Map<?, ?> entries
                && entries.get(key) instanceof Number n ? n.doubleValue() : null;
    }

    /**
     * The paper's numbers for the run's dataset ({@code paper/<dataset>.json}: Table 2 for MNIST and SVHN, Table 3
     * for the concrete AE's six datasets), or an empty table for a dataset the paper did not use.
     */
    private Map<?, ?> paperTable() {
        String resource = "paper/" + settings.dataset() + ".json";
        try (InputStream in = EvaluateStage.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Map.of("models", Map.of()) : Json.mapper().readValue(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The metrics as a text table: one row per model and arm. */
    public static String table(EvaluationMetrics metrics) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-12s %-18s %7s %6s %-22s %9s %9s %8s %10s %9s%n",
                "model", "arm", "rows", "epochs", "test error (mean ± std)", "vs orig", "vs dup", "ASR", "paper", "paper Δ"));
        metrics.models().forEach((model, m) -> m.arms().forEach((arm, e) -> out.append(String.format(Locale.ROOT,
                "%-12s %-18s %7s %6s %-22s %9s %9s %8s %10s %9s%n", model, arm, e.trainRows(), e.epochs(),
                String.format(Locale.ROOT, "%.6f", e.mean())
                        + (e.std() == null ? "" : String.format(Locale.ROOT, " ± %.6f", e.std())),
                percent(e.improvementPercent()), percent(e.vsDuplicatePercent()),
                e.asr() == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * e.asr()),
                e.paper() == null ? "" : String.format(Locale.ROOT, "%.5f", e.paper()),
                percent(e.paperImprovementPercent())))));
        metrics.models().forEach((model, m) -> m.arms().forEach((arm, e) -> e.versus().forEach((control, c) ->
                out.append(String.format(Locale.ROOT, "%-12s %-18s vs %-12s %s%n", model, arm, control,
                        c.describe())))));
        metrics.models().forEach((model, m) -> m.arms().forEach((arm, e) -> {
            if (e.selection() != null) {
                EvaluationMetrics.Summary et = e.selection().extraTrees();
                EvaluationMetrics.Summary rf = e.selection().randomForest();
                out.append(String.format(Locale.ROOT, "%-12s %-18s selected-feature accuracy: ExtraTrees %s%s%s%n",
                        model, arm, accuracy(et), rf == null ? "" : ", MLlib random forest " + accuracy(rf),
                        e.selection().paper() == null ? "" : String.format(Locale.ROOT, " (paper %.2f%%)",
                                100 * e.selection().paper())));
            }
        }));
        return out.toString();
    }

    /** An accuracy summary as a percentage with two decimals, ± the standard deviation over repeats. */
    static String accuracy(EvaluationMetrics.Summary s) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * s.mean())
                + (s.std() == null ? "" : String.format(Locale.ROOT, " ± %.2f", 100 * s.std()));
    }

    /** A signed percentage with one decimal, or an empty string for null. */
    static String percent(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%+.1f%%", value);
    }
}
