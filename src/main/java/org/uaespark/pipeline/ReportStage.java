package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.MinMaxAugmentation;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.data.InputValidationException;
import org.uaespark.experiment.Arm;
import org.uaespark.experiment.Comparison;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.executor.Cells;
import org.uaespark.pipeline.store.Fingerprints;
import org.uaespark.pipeline.store.Provenance;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.RuntimeVersions;
import org.uaespark.pipeline.store.StageOutput;
import org.uaespark.pipeline.store.TablePublisher;
import org.uaespark.report.Charts;
import org.uaespark.report.ImageGrid;

/**
 * The {@code report} stage: one self-contained HTML file ({@code <run>/report/index.html}, charts embedded as PNG)
 * with the Table-2-style results next to the paper's numbers and the compute-matched controls, bar charts of the
 * test error per model and arm and of the ASR per augmentation, histograms of the MINE estimate and of the
 * iterations to first success, the per-epoch training curves of the grid, and image grids (x, x + δ, |δ|
 * magnified) of a few UAEs per model.
 */
public final class ReportStage {
    /** The report file in the report folder. */
    public static final String INDEX = "index.html";
    private static final Logger LOG = LoggerFactory.getLogger(ReportStage.class);
    private static final int EXAMPLES = 6;

    private final SparkSession spark;
    private final RunSettings run;
    private final RetrainSettings settings;
    private final ConfigLoader.Loaded config;

    /**
     * @param context  the job's Spark session and its hold on the run
     * @param settings the grid that was evaluated
     * @param config   the full configuration, recorded in provenance
     */
    public ReportStage(RunContext context, RetrainSettings settings, ConfigLoader.Loaded config) {
        this.spark = context.spark();
        this.run = context.run();
        this.settings = settings;
        this.config = config;
    }

    /**
     * Writes and publishes the report; returns the path of {@value #INDEX}. A report already published from the
     * same evaluation and grid is kept; one from another is replaced only with {@code on-existing = overwrite}.
     */
    public Path run() {
        RunLayout layout = RunLayout.of(run);
        TablePublisher publisher = new TablePublisher(spark.sparkContext().hadoopConfiguration());
        Path metricsFile = new Path(layout.evaluation(), EvaluateStage.METRICS);
        if (!publisher.isPublished(layout.evaluation())) {
            throw new InputValidationException(metricsFile + ": run " + run.runId() + " is not evaluated; run `uae evaluate` first");
        }
        spark.sparkContext().setJobGroup("report-" + run.runId(), "report of run " + run.runId(), false);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("evaluation", Provenance.read(publisher, layout.evaluation()).fingerprint());
        inputs.put("models", settings.models());
        inputs.put("arms", settings.armNames());
        String fingerprint = Fingerprints.of(inputs);
        return new StageOutput(publisher, layout.report(), settings.onExisting(), fingerprint).keepOrBuild(layout,
                "report", () -> new Path(layout.report(), INDEX),
                staged -> write(staged, metricsFile, inputs, fingerprint, layout, publisher));
    }

    /** Writes the report's page into {@code staged}. */
    private StageOutput.Built<Path> write(Path staged, Path metricsFile, Map<String, Object> inputs, String fingerprint,
            RunLayout layout, TablePublisher publisher) throws IOException {
        EvaluationMetrics metrics = publisher.readJson(metricsFile, EvaluationMetrics.class);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>uae-spark report: ")
                .append(escape(run.runId())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.better{color:#0a6e0a}.worse{color:#a31515}")
                .append("img{max-width:100%;border:1px solid #eee;margin:4px 0}figcaption{font-size:90%;color:#555}")
                .append("</style></head><body>\n");
        html.append("<h1>uae-spark report — run ").append(escape(run.runId())).append("</h1>\n");
        html.append("<p>Dataset <b>").append(escape(metrics.dataset())).append("</b>, ")
                .append(metrics.testRows()).append(" test rows. Metric: ").append(escape(metrics.metric()))
                .append(". Improvement: ").append(escape(metrics.improvement()))
                .append(". <b>duplicate</b> (train ∪ an unperturbed copy of the rows the augmented arms were made from: "
                        + "the same rows and steps) and <b>original-2x</b> (twice the epochs) are compute-matched "
                        + "controls: an augmented arm's gain is real only where it beats them. Every <i>vs</i> column is "
                        + "the difference of means relative to that control, tested over the seeded repeats (paired "
                        + "where the cells share their seeds by repeat, as a grid's do; Welch's test otherwise), "
                        + "with the raw p-value and the Holm-adjusted one over every comparison of its table: green "
                        + "(gain) or red (loss) only where the adjusted p-value is below 5 %, uncoloured otherwise; "
                        + "the cell's tooltip gives the unadjusted 95 % interval. The primary comparison of each "
                        + "model, declared before the run, is tested alone and shown first. Paper: Hsu et al.'s number for this dataset, "
                        + "model and method where it has one (Table 2: MNIST, SVHN; Table 3: the concrete AE's "
                        + "datasets), else blank.</p>\n");
        html.append(primaryTable(metrics));
        html.append(resultsTable(metrics));
        html.append(selectionSection(metrics));
        html.append(contrastiveSection(metrics));
        Map<String, Map<String, Double>> mse = new LinkedHashMap<>();
        Map<String, Map<String, Double>> asr = new LinkedHashMap<>();
        forEachArm(metrics, (model, arm, entry) -> {
            mse.computeIfAbsent(arm, k -> new LinkedHashMap<>()).put(model, entry.mean());
            if (entry.asr() != null) {
                asr.computeIfAbsent(arm, k -> new LinkedHashMap<>()).put(model, 100 * entry.asr());
            }
        });
        html.append(figure(Charts.bars("Test error per model and arm", "test error (see the metric above)", mse),
                "Mean test error over repeats: per-pixel MSE for the autoencoders, NT-Xent for simclr."));
        if (!asr.isEmpty()) {
            html.append(figure(Charts.bars("Attack success rate under the original model", "ASR (%)", asr),
                    "ASR: share of training samples whose augmentation does not raise the original model's loss."));
        }
        for (ModelKind kind : settings.models()) {
            html.append(modelSection(layout, publisher, kind.configName()));
        }
        html.append("<p><small>Generated by uae-spark ").append(escape(RuntimeVersions.code().toString()))
                .append(".</small></p></body></html>\n");

        Path page = new Path(staged, INDEX);
        try (OutputStream out = page.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(page, true)) {
            out.write(html.toString().getBytes(StandardCharsets.UTF_8));
        }
        Path index = new Path(layout.report(), INDEX);
        LOG.info("report: {}", index);
        return new StageOutput.Built<>(index, Provenance.of("report", "html", run.runId(), fingerprint)
                .config(inputs, config.sources()).runtime(spark));
    }

    private interface ArmVisitor {
        void visit(String model, String arm, EvaluationMetrics.Arm entry);
    }

    /** Visits the metrics of every model and arm in the grid's order (the JSON file's keys are sorted). */
    private void forEachArm(EvaluationMetrics metrics, ArmVisitor visitor) {
        for (ModelKind kind : settings.models()) {
            Map<String, EvaluationMetrics.Arm> arms = metrics.models().get(kind.configName()).arms();
            for (String arm : settings.armNames()) {
                visitor.visit(kind.configName(), arm, arms.get(arm));
            }
        }
    }

    private String resultsTable(EvaluationMetrics metrics) {
        StringBuilder t = new StringBuilder("<table><tr><th class=\"l\">model</th><th class=\"l\">arm</th>"
                + "<th>rows</th><th>epochs</th><th>test error (mean ± std)</th><th>repeats</th>" + versusHeaders("")
                + "<th>ASR</th><th>paper</th><th>paper vs original</th></tr>\n");
        forEachArm(metrics, (model, arm, e) -> t.append("<tr><td class=\"l\">").append(escape(model))
                .append("</td><td class=\"l\">").append(escape(arm))
                .append("</td><td>").append(e.trainRows()).append("</td><td>").append(e.epochs())
                .append("</td><td>").append(String.format(Locale.ROOT, "%.6f", e.mean()))
                .append(e.std() == null ? "" : String.format(Locale.ROOT, " ± %.6f", e.std()))
                .append("</td><td>").append(e.values().size()).append("</td>").append(versusCells(e.versus()))
                .append("<td>").append(e.asr() == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * e.asr()))
                .append("</td><td>").append(e.paper() == null ? "" : String.format(Locale.ROOT, "%.5f", e.paper()))
                .append("</td><td>").append(EvaluateStage.percent(e.paperImprovementPercent())).append("</td></tr>\n"));
        return t.append("</table>\n").toString();
    }

    /**
     * Headers of {@link #versusCells}: one per control, prefixed with what is compared, and one for the stacked arms'
     * own controls where the grid has stacked arms.
     */
    private String versusHeaders(String what) {
        StringBuilder h = new StringBuilder();
        for (String control : EvaluateStage.CONTROLS) {
            h.append("<th>").append(what).append("vs ").append(escape(control)).append("</th>");
        }
        if (hasOwnControls()) {
            h.append("<th>").append(what).append("vs base arm</th>");
        }
        return h.toString();
    }

    private boolean hasOwnControls() {
        return settings.arms().stream().anyMatch(arm -> !arm.ownControls().isEmpty());
    }

    /**
     * One cell per control: the difference in percent of the control's mean and the p-value, coloured by the
     * verdict (only a significant difference is coloured), the interval in the tooltip; empty where the arm is the
     * control or the grid lacks it. Then, where the grid has stacked arms, one cell with the comparisons against
     * the arm's own controls (its base arm, its base arm's duplicate), each named.
     */
    private String versusCells(Map<String, Comparison> versus) {
        StringBuilder cells = new StringBuilder();
        for (String control : EvaluateStage.CONTROLS) {
            Comparison c = versus.get(control);
            cells.append(c == null ? "<td></td>" : "<td" + verdictClass(c) + " title=\"" + escape(c.describe()) + "\">"
                    + difference(c) + "</td>");
        }
        if (hasOwnControls()) {
            cells.append("<td>");
            versus.forEach((control, c) -> {
                if (!EvaluateStage.CONTROLS.contains(control)) {
                    cells.append("<span").append(verdictClass(c)).append(" title=\"").append(escape(c.describe()))
                            .append("\">").append(escape(control)).append(": ").append(difference(c)).append("</span><br>");
                }
            });
            cells.append("</td>");
        }
        return cells.toString();
    }

    /** The CSS class attribute of a comparison's verdict: coloured only when significant. */
    private static String verdictClass(Comparison c) {
        return Comparison.GAIN.equals(c.verdict()) ? " class=\"better\""
                : Comparison.LOSS.equals(c.verdict()) ? " class=\"worse\"" : "";
    }

    /**
     * The difference in percent of the control's mean, with the raw p-value and the adjusted one (or "primary")
     * where there is a test.
     */
    private static String difference(Comparison c) {
        if (c.pValue() == null) {
            return String.format(Locale.ROOT, "%+.2f%%", c.percent());
        }
        return String.format(Locale.ROOT, "%+.2f%%<br><small>p = %.2g, %s</small>", c.percent(), c.pValue(),
                c.primary() ? "primary" : String.format(Locale.ROOT, "adj. %.2g", c.pAdjusted()));
    }

    /**
     * Each model's declared primary comparison (MINE-UAE against the better compute-matched control), in one
     * table before the others; nothing where no model has one.
     */
    private String primaryTable(EvaluationMetrics metrics) {
        StringBuilder t = new StringBuilder();
        for (ModelKind kind : settings.models()) {
            EvaluationMetrics.Primary p = metrics.models().get(kind.configName()).primary();
            if (p == null) {
                continue;
            }
            Comparison c = p.comparison();
            t.append("<tr><td class=\"l\">").append(escape(kind.configName())).append("</td><td class=\"l\">")
                    .append(escape(p.metric())).append("</td><td class=\"l\">").append(escape(p.arm()))
                    .append(" vs ").append(escape(p.control())).append("</td><td").append(verdictClass(c)).append(">")
                    .append(escape(c.describe())).append("</td></tr>\n");
        }
        return t.isEmpty() ? "" : "<h2>Primary comparisons</h2>\n<table><tr><th class=\"l\">model</th>"
                + "<th class=\"l\">metric</th><th class=\"l\">comparison</th><th class=\"l\">difference [95 % interval], "
                + "test, p, verdict</th></tr>\n" + t + "</table>\n";
    }

    /**
     * Table 3 for the feature-selecting models: per arm the reconstruction error, the classifiers' accuracy on the
     * selected features (mean ± std over repeats), the ASR and the paper's numbers; and each arm's per-feature
     * selection frequency across its repeats drawn on the sample grid (white = selected by every repeat).
     */
    private String selectionSection(EvaluationMetrics metrics) {
        StringBuilder s = new StringBuilder();
        int[] shape = null;
        for (ModelKind kind : settings.models()) {
            Map<String, EvaluationMetrics.Arm> arms = metrics.models().get(kind.configName()).arms();
            if (arms.values().stream().anyMatch(a -> a.selection() == null)) {
                continue;
            }
            String model = kind.configName();
            s.append("<h2>").append(escape(model)).append(": selected features (Table 3)</h2>\n<table><tr>")
                    .append("<th class=\"l\">arm</th><th>test MSE (mean ± std)</th>").append(versusHeaders("MSE "))
                    .append("<th>ExtraTrees accuracy</th>").append(versusHeaders("accuracy "))
                    .append("<th>MLlib random forest accuracy</th><th>mean max selection probability</th>")
                    .append("<th>ASR</th><th>paper MSE</th><th>paper accuracy</th></tr>\n");
            List<float[]> maps = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            if (shape == null) {
                shape = Cells.ints(spark.read().parquet(RunLayout.of(run).dataset(settings.dataset()).toString())
                        .select("shape").first().get(0));
            }
            int d = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            for (String arm : settings.armNames()) {
                EvaluationMetrics.Arm e = arms.get(arm);
                EvaluationMetrics.Selection sel = e.selection();
                s.append("<tr><td class=\"l\">").append(escape(arm)).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.6f", e.mean()))
                        .append(e.std() == null ? "" : String.format(Locale.ROOT, " ± %.6f", e.std()))
                        .append("</td>").append(versusCells(e.versus()))
                        .append("<td>").append(EvaluateStage.accuracy(sel.extraTrees()))
                        .append("</td>").append(versusCells(sel.extraTreesVersus()))
                        .append("<td>").append(sel.randomForest() == null ? "" : EvaluateStage.accuracy(sel.randomForest()))
                        .append("</td><td>").append(sel.meanMaxProbability() == null ? ""
                                : String.format(Locale.ROOT, "%.4f", sel.meanMaxProbability().mean()))
                        .append("</td><td>").append(e.asr() == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * e.asr()))
                        .append("</td><td>").append(e.paper() == null ? "" : String.format(Locale.ROOT, "%.5f", e.paper()))
                        .append("</td><td>").append(sel.paper() == null ? ""
                                : String.format(Locale.ROOT, "%.2f%%", 100 * sel.paper()))
                        .append("</td></tr>\n");
                float[] frequency = new float[d];
                for (List<Integer> features : sel.features()) {
                    for (int f : new TreeSet<>(features)) {
                        frequency[f] += 1f / sel.features().size();
                    }
                }
                maps.add(frequency);
                names.add(arm + " (" + sel.features().size() + ")");
                titles.add(arm);
            }
            s.append("</table>\n");
            s.append(figure(ImageGrid.panels(maps, titles, shape, 4, Math.min(maps.size(), 4)), model + ": how often each "
                    + "feature is selected across an arm's repeats, white = by every repeat; panels left to right, "
                    + "top to bottom: " + String.join(", ", names) + " (repeats in brackets)."));
        }
        return s.toString();
    }

    /**
     * Table 4 for the contrastive models: per arm the test NT-Xent, the linear classifier's test accuracy and
     * cross-entropy on the frozen encoder, the ASR and the paper's numbers; then the PGD check (appendix B.11): how
     * many of the seeded test subset stay correctly classified at each ε, as a table and a curve.
     */
    private String contrastiveSection(EvaluationMetrics metrics) {
        StringBuilder s = new StringBuilder();
        for (ModelKind kind : settings.models()) {
            Map<String, EvaluationMetrics.Arm> arms = metrics.models().get(kind.configName()).arms();
            if (arms.values().stream().anyMatch(a -> a.linear() == null)) {
                continue;
            }
            String model = kind.configName();
            s.append("<h2>").append(escape(model)).append(": linear evaluation (Table 4)</h2>\n<table><tr>")
                    .append("<th class=\"l\">arm</th><th>test NT-Xent (mean ± std)</th>").append(versusHeaders("NT-Xent "))
                    .append("<th>linear accuracy</th>").append(versusHeaders("accuracy "))
                    .append("<th>linear cross-entropy</th><th>ASR</th>")
                    .append("<th>paper accuracy</th><th>paper loss</th></tr>\n");
            Map<String, double[]> curves = new LinkedHashMap<>();
            StringBuilder pgd = new StringBuilder();
            int attacked = 0;
            for (String arm : settings.armNames()) {
                EvaluationMetrics.Arm e = arms.get(arm);
                EvaluationMetrics.Linear lin = e.linear();
                s.append("<tr><td class=\"l\">").append(escape(arm)).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.4f", e.mean()))
                        .append(e.std() == null ? "" : String.format(Locale.ROOT, " ± %.4f", e.std()))
                        .append("</td>").append(versusCells(e.versus()))
                        .append("<td>").append(EvaluateStage.accuracy(lin.accuracy()))
                        .append("</td>").append(versusCells(lin.accuracyVersus()))
                        .append("<td>").append(String.format(Locale.ROOT, "%.4f", lin.crossEntropy().mean()))
                        .append(lin.crossEntropy().std() == null ? ""
                                : String.format(Locale.ROOT, " ± %.4f", lin.crossEntropy().std()))
                        .append("</td><td>").append(e.asr() == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * e.asr()))
                        .append("</td><td>").append(lin.paper() == null ? ""
                                : String.format(Locale.ROOT, "%.2f%%", 100 * lin.paper()))
                        .append("</td><td>").append(lin.paperLoss() == null ? ""
                                : String.format(Locale.ROOT, "%.5f", lin.paperLoss()))
                        .append("</td></tr>\n");
                attacked = lin.attacked();
                if (!lin.pgd().isEmpty()) {
                    double[] counts = new double[lin.pgd().size() + 1];
                    counts[0] = lin.cleanCorrect().mean();
                    pgd.append("<tr><td class=\"l\">").append(escape(arm)).append("</td><td>")
                            .append(String.format(Locale.ROOT, "%.1f", counts[0])).append("</td>");
                    for (int i = 0; i < lin.pgd().size(); i++) {
                        EvaluationMetrics.Summary c = lin.pgd().get(i).correct();
                        counts[i + 1] = c.mean();
                        pgd.append("<td>").append(String.format(Locale.ROOT, "%.1f", c.mean()))
                                .append(c.std() == null ? "" : String.format(Locale.ROOT, " ± %.1f", c.std()))
                                .append("</td>");
                    }
                    curves.put(arm, counts);
                    pgd.append("</tr>\n");
                }
            }
            s.append("</table>\n<p>Test NT-Xent: inference mode, each row's content-seeded view pair, blocks of the "
                    + "training batch in sample-id order. Linear evaluation: Spark MLlib multinomial logistic "
                    + "regression on the frozen encoder's pooled features of the clean train rows (the paper trains a "
                    + "linear head with Nesterov SGD); the paper's \"loss\" is most likely that classifier's test "
                    + "cross-entropy (spec 10.14), its numbers are CIFAR-10's. Where the views and the head depart "
                    + "from SimCLR's code: saturation blends a colour with its luma (SimCLR scales S in HSV; "
                    + "neither touches one-channel images), the crop's aspect ratio is log-uniform in [3/4, 4/3] with "
                    + "the area uniform in [0.08, 1], 10 tries (TensorFlow's sampler: uniform ratio, uniform integer "
                    + "height, 100 tries), and the head's kernels start from a truncated normal (SimCLR: untruncated, "
                    + "same standard deviation 0.01).</p>\n");
            if (!curves.isEmpty()) {
                List<EvaluationMetrics.Pgd> points = arms.get(settings.armNames().get(0)).linear().pgd();
                double[] x = new double[points.size() + 1];
                s.append("<h3>PGD robustness (appendix B.11)</h3>\n<table><tr><th class=\"l\">arm</th><th>ε = 0</th>");
                for (int i = 0; i < points.size(); i++) {
                    x[i + 1] = points.get(i).epsilon255();
                    double e = x[i + 1];
                    s.append("<th>ε = ").append(e == Math.rint(e) ? Long.toString((long) e) : Double.toString(e))
                            .append("/255</th>");
                }
                s.append("</tr>\n").append(pgd).append("</table>\n");
                s.append(figure(Charts.curves(model + ": correctly classified under L∞ PGD", "ε (/255)",
                        "correct of " + attacked, x, curves), "Correct counts of the seeded " + attacked
                        + "-image test subset after PGD on the linear classifier's cross-entropy through the frozen "
                        + "encoder (random start, " + settings.linear().pgdSteps() + " steps of "
                        + settings.linear().pgdStepSize() + " × sign of the gradient), mean over each arm's repeats."));
            }
        }
        return s.toString();
    }

    private String modelSection(RunLayout layout, TablePublisher publisher, String model) {
        StringBuilder s = new StringBuilder("<h2>").append(escape(model)).append("</h2>\n");
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (Arm arm : settings.arms()) {
            String cell = arm.cellName(0);
            Provenance.OfModel provenance = Provenance.read(publisher, layout.retrained(model, cell),
                    Provenance.OfModel.class);
            curves.put(cell, provenance.training().epochLoss().stream().mapToDouble(Double::doubleValue).toArray());
        }
        s.append(figure(Charts.lines(model + ": training loss per epoch", "epoch", "training loss", curves),
                "Training loss of each arm (first repeat), from the retrained models' provenance."));
        for (Arm augmented : settings.arms()) {
            if (!(augmented.augmentation().orElse(null) instanceof MinMaxAugmentation minMax)) {
                continue;
            }
            String arm = augmented.name();
            Path table = layout.augmented(model, arm);
            AttackMetrics metrics = publisher.readJson(new Path(table, AttackStage.METRICS_FILE), AttackMetrics.class);
            AttackMetrics.Histogram attack = metrics.iterationsToSuccess();
            if (metrics.rowsMeetingCriterion() != null) {
                s.append("<p>").append(escape(model + " / " + arm)).append(": ").append(metrics.rowsMeetingCriterion())
                        .append(" of ").append(metrics.rows()).append(" rows met the criterion; the arm appends ")
                        .append(minMax.appendsOnlyCriterionMet() ? "only those" : "every row (append = all)")
                        .append(".</p>\n");
            }
            Dataset<Row> rows = spark.read().parquet(table.toString());
            if (minMax.settings().method() == AttackMethod.MINE) {
                double[] mi = rows.filter(col("mi").isNotNull()).select("mi").collectAsList().stream()
                        .mapToDouble(r -> r.getDouble(0)).toArray();
                s.append(figure(Charts.histogram(model + " / " + arm + ": MINE estimate at the selected iterate",
                        "MI estimate", mi, 40), "MI estimate I(x, x+δ) of every UAE (lower = less similar)."));
            }
            Map<String, Map<String, Double>> iterations = new LinkedHashMap<>();
            Map<String, Double> counts = new LinkedHashMap<>();
            attack.byIteration().keySet().stream().map(Integer::parseInt).sorted()
                    .forEach(k -> counts.put(Integer.toString(k), (double) attack.byIteration().get(Integer.toString(k))));
            counts.put("never", (double) attack.never());
            iterations.put(arm, counts);
            s.append(figure(Charts.bars(model + " / " + arm + ": iterations to first success", "samples", iterations),
                    "Outer MinMax iteration at which each sample first met the success rule."));
            s.append(figure(examples(layout, table), model + " / " + arm + ": x, x + δ and |δ| × 10 for the first "
                    + EXAMPLES + " training samples by id."));
        }
        return s.toString();
    }

    private byte[] examples(RunLayout layout, Path table) {
        Dataset<Row> uaes = spark.read().parquet(table.toString()).orderBy("sample_id").limit(EXAMPLES)
                .select(col("origin_sample_id"), col("features").as("perturbed"), col("shape"));
        Dataset<Row> originals = spark.read().parquet(layout.dataset(settings.dataset()).toString())
                .select(col("sample_id").as("origin_sample_id"), col("features").as("original"));
        List<ImageGrid.Example> examples = new ArrayList<>();
        int[] shape = null;
        for (Row r : uaes.join(originals, "origin_sample_id").orderBy("origin_sample_id").collectAsList()) {
            shape = Cells.ints(r.get(r.fieldIndex("shape")));
            examples.add(new ImageGrid.Example(Cells.floats(r.get(r.fieldIndex("original"))),
                    Cells.floats(r.get(r.fieldIndex("perturbed")))));
        }
        return ImageGrid.render(examples, shape == null ? new int[] {1, 1, 1} : shape, 4, 10);
    }

    private static String figure(byte[] png, String caption) {
        return "<figure><img alt=\"" + escape(caption) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"><figcaption>" + escape(caption) + "</figcaption></figure>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
