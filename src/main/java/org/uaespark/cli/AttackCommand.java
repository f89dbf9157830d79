package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.attack.ConvergedMine;
import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.Augmentations;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RunSettings;
import org.uaespark.config.ConfigurationException;
import org.uaespark.pipeline.AttackStage;
import org.uaespark.pipeline.AttackedModel;
import org.uaespark.pipeline.AttackTrace;
import org.uaespark.pipeline.RunContext;
import org.uaespark.pipeline.store.Provenance;

/** {@code uae attack}: the augmented table of one model, method and attack profile, made across the cluster. */
@Command(name = "attack", mixinStandardHelpOptions = true,
        header = "Make a model's augmented table: UAEs, noise or rotations.",
        description = "Attack every training sample of the run's dataset table with a trained model (MINE-UAE, "
                + "L2-UAE) or add Gaussian, rotated or mirrored-and-rotated copies, across Spark executors, and "
                + "publish the augmented table at <runs-root>/<run-id>/augmented/<model>/<method>-<attack-profile> "
                + "(gaussian-<sigma>, rotate-<degrees>, fliprot-<degrees>). A restart with the same run id resumes "
                + "from the committed work units.")
final class AttackCommand extends StageCommand {
    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset table of the run (uae.attack.dataset).")
    String dataset;

    @Option(names = "--model", paramLabel = "NAME", description = {"Trained model of the run (uae.attack.model); "
            + "with --model-path, the name the table is published under (default: the file's name without its "
            + "extension)."})
    String model;

    @Option(names = "--model-path", paramLabel = "FILE", description = {"Attack your own model instead: a TorchScript "
            + "file (torch.jit.script or torch.jit.trace, then .save) on any file system Spark reads "
            + "(uae.attack.model-path). Its table is the deliverable; retraining the model stays with you."})
    String modelPath;

    @Option(names = "--criterion", paramLabel = "mse|bce", description = {"With --model-path: how the model's output at "
            + "x' is compared with x, per sample (uae.attack.criterion; bce needs outputs in (0, 1))."})
    String criterion;

    @Option(names = "--input-shape", paramLabel = "D1,D2,...", split = ",", description = {"With --model-path: one "
            + "sample's shape as the model takes it, e.g. 1,28,28; the features are reshaped in row-major order "
            + "(uae.attack.input-shape; default: the samples' own shape, [H, W, C] for images)."})
    List<Integer> inputShape;

    @Option(names = "--method", paramLabel = "METHOD", completionCandidates = Methods.class,
            description = "One of ${COMPLETION-CANDIDATES} (uae.attack.method).")
    String method;

    /** The augmentation methods' spellings, for the help text. */
    static final class Methods implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Augmentations.METHODS.iterator();
        }
    }

    @Option(names = "--attack-profile", paramLabel = "NAME",
            description = "Entry of uae.attack-profiles: paper, improved, cpu, ... (uae.attack.profile).")
    String attackProfile;

    @Option(names = "--limit", paramLabel = "N", description = "Attack only the first N training samples by id (uae.attack.limit).")
    Integer limit;

    @Option(names = "--sigma", paramLabel = "S", description = "Gaussian augmentation noise (uae.attack.gaussian.sigma).")
    Double sigma;

    @Option(names = "--max-degrees", paramLabel = "DEG", description = "Largest rotation of rotate and fliprot "
            + "(uae.attack.geometric.max-degrees).")
    Double maxDegrees;

    @Option(names = "--stacked-on", paramLabel = "ARM", description = {"Attack the first retrain cell of a model-free "
            + "augmentation arm (rotate-15, fliprot-15, gaussian-0.01) instead of the trained model, for the grid's "
            + "stacked arm <ARM>~<method>-<profile> (uae.attack.stacked-on)."})
    String stackedOn;

    @Option(names = "--partitions", paramLabel = "N", description = "Spark partitions (uae.attack.partitions).")
    Integer partitions;

    @Option(names = "--device", paramLabel = "NAME", description = "DJL device of tasks without a Spark-assigned GPU: "
            + "cpu, gpu, gpu1, ... (uae.attack.device).")
    String device;

    @Option(names = "--batch-size", paramLabel = "N|auto", description = "Samples attacked together (uae.attack.batch-size).")
    String batchSize;

    @Option(names = "--trace", paramLabel = "N", description = {"Diagnose instead of attacking: run the MinMax attack "
            + "on the first N training samples on the driver and print, per iteration, the share meeting f <= 0 and "
            + "the mean hinge, c, |x'-x| and MINE estimate. Publishes nothing."})
    Integer trace;

    @Option(names = "--converge", paramLabel = "STEPS", description = {"With --trace (mine): also train a fresh copy "
            + "of the attack's MINE on each sample's (x, selected x') for STEPS steps, restarted, and print its "
            + "estimate beside the attack's."})
    Integer converge;

    @Option(names = "--converge-learning-rate", paramLabel = "LR", description = "Adam learning rate of --converge "
            + "(default: ${DEFAULT-VALUE}).")
    double convergeLearningRate = ConvergedMine.REFERENCE_LEARNING_RATE;

    @Option(names = "--converge-moving-average", paramLabel = "RATE", description = "Bias-correction rate of "
            + "--converge (default: ${DEFAULT-VALUE}).")
    double convergeMovingAverage = ConvergedMine.REFERENCE_MOVING_AVERAGE;

    @Option(names = "--converge-restarts", paramLabel = "N", description = "Initialisations of --converge "
            + "(default: ${DEFAULT-VALUE}).")
    int convergeRestarts = 3;

    @Option(names = "--trace-csv", paramLabel = "FILE", description = "With --trace: also write every sample's every "
            + "iteration (hinge, mi, c, distance, perturbation) to FILE as CSV.")
    java.nio.file.Path traceCsv;

    @Override
    String section() {
        return "attack";
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = new HashMap<>();
        CommonOptions.putIfSet(overrides, "attack.dataset", dataset);
        CommonOptions.putIfSet(overrides, "attack.model", model == null && modelPath != null ? defaultName(modelPath) : model);
        CommonOptions.putIfSet(overrides, "attack.model-path", modelPath);
        CommonOptions.putIfSet(overrides, "attack.device", device);
        CommonOptions.putIfSet(overrides, "attack.criterion", criterion);
        CommonOptions.putIfSet(overrides, "attack.input-shape", inputShape == null ? null : inputShape.toString());
        CommonOptions.putIfSet(overrides, "attack.method", method);
        CommonOptions.putIfSet(overrides, "attack.profile", attackProfile);
        CommonOptions.putIfSet(overrides, "attack.limit", limit);
        CommonOptions.putIfSet(overrides, "attack.gaussian.sigma", sigma);
        CommonOptions.putIfSet(overrides, "attack.geometric.max-degrees", maxDegrees);
        CommonOptions.putIfSet(overrides, "attack.stacked-on", stackedOn);
        CommonOptions.putIfSet(overrides, "attack.partitions", partitions);
        CommonOptions.putIfSet(overrides, "attack.batch-size", batchSize);
        ConfigLoader.Loaded config = loadConfig(overrides);
        RunSettings run = RunSettings.from(config.config());
        AttackStageSettings settings = AttackStageSettings.from(config.config());
        if (settings.userModel() == null && (criterion != null || inputShape != null)) {
            throw new ConfigurationException("--criterion and --input-shape describe a user's model: give its file "
                    + "with --model-path");
        }
        if (trace != null) {
            return trace(run, settings);
        }
        AttackStage.Result result;
        try (RunContext context = openRun(run, "attack")) {
            result = new AttackStage(context, settings, config).run();
        }
        PrintWriter out = out();
        Double asr = result.metrics().asr();
        out.printf(Locale.ROOT, "%s/%s: %d samples, ASR %s%s%n", settings.model(), settings.outputName(),
                result.samples(), asr == null ? "n/a" : String.format(Locale.ROOT, "%.4f", asr),
                result.unitsResumed() > 0 ? " (" + result.unitsResumed() + " units resumed)" : "");
        out.println((result.reused() ? "augmented table (already published, kept): " : "augmented table: ")
                + result.table());
        out.println("metrics: " + result.table() + "/" + AttackStage.METRICS_FILE);
        out.println("provenance: " + result.table() + "/" + Provenance.FILE);
        out.flush();
        return ExitCodes.OK;
    }

    private static String defaultName(String modelPath) {
        try {
            return AttackedModel.nameOf(new org.apache.hadoop.fs.Path(modelPath));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("--model-path: " + e.getMessage() + "; give one, or --model NAME", e);
        }
    }

    private Integer trace(RunSettings run, AttackStageSettings settings) {
        if (trace < 1) {
            throw new ConfigurationException("--trace must be at least 1, got " + trace);
        }
        ConvergedMine.Budget budget = null;
        if (converge != null) {
            try {
                budget = new ConvergedMine.Budget(converge, convergeLearningRate, convergeMovingAverage,
                        convergeRestarts, Math.max(1, Math.min(50, converge / 10)));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("--converge: " + e.getMessage());
            }
        }
        AttackTrace result;
        try (RunContext context = openRun(run, "attack --trace")) {
            result = AttackTrace.run(context, settings, trace, budget);
        }
        PrintWriter out = out();
        out.printf(Locale.ROOT, "trace of %s/%s: ", settings.model(), settings.outputName());
        out.print(result.summary());
        out.print(result.referenceSummary());
        if (traceCsv != null) {
            try (java.io.Writer csv = java.nio.file.Files.newBufferedWriter(traceCsv)) {
                result.writeCsv(csv);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + traceCsv, e);
            }
            out.println("trace: " + traceCsv);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
