package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.ConfigurationException;
import org.uaespark.config.RunSettings;
import org.uaespark.config.TrainSettings;
import org.uaespark.models.ModelKind;
import org.uaespark.pipeline.RunContext;
import org.uaespark.pipeline.TrainStage;
import org.uaespark.pipeline.store.Provenance;

/** {@code uae train}: one model trained on a run's dataset table and published with its provenance. */
@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train one of the paper's autoencoders on the dataset.",
        description = {"Train one of the paper's models (sparse, dense, conv, adversarial, concrete, simclr) with its recipe",
                "(uae.models.<kind>) on the train split of the run's dataset table; publish it at",
                "<runs-root>/<run-id>/models/<kind>/ with its loss curve and test reconstruction error."})
final class TrainCommand extends StageCommand {
    @Option(names = "--model", paramLabel = "KIND", description = "sparse, dense, conv, adversarial or concrete (uae.train.model).")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset table of the run (uae.train.dataset).")
    String dataset;

    @Option(names = "--device", paramLabel = "NAME", description = "DJL device: cpu, gpu, gpu1, ... (uae.train.device).")
    String device;

    @Option(names = "--epochs", paramLabel = "N", description = "Override the recipe's epochs (uae.models.<kind>.epochs).")
    Integer epochs;

    @Override
    String section() {
        return "train";
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = new HashMap<>();
        CommonOptions.putIfSet(overrides, "train.model", model);
        CommonOptions.putIfSet(overrides, "train.dataset", dataset);
        CommonOptions.putIfSet(overrides, "train.device", device);
        ConfigLoader.Loaded config = loadConfig(overrides);
        RunSettings run = RunSettings.from(config.config());
        TrainSettings settings = TrainSettings.from(config.config());
        if (epochs != null) {
            if (epochs < 1) {
                throw new ConfigurationException("--epochs must be at least 1, got " + epochs);
            }
            settings = settings.withRecipe(settings.recipe().withEpochs(epochs));
        }
        TrainStage.Result result;
        try (RunContext context = openRun(run, "train")) {
            result = new TrainStage(context, settings, config).run();
        }
        PrintWriter out = out();
        ModelKind kind = settings.recipe().kind();
        out.printf(Locale.ROOT, "%s: train %s %.6f, test %s %.6f%s%n", kind.configName(), kind.lossName(),
                result.trainMse(), kind.lossName(), result.testMse(), kind == ModelKind.SIMCLR ? "" : " (per-pixel)");
        out.println((result.reused() ? "model (already published, kept): " : "model: ") + result.model());
        out.println("provenance: " + result.model() + "/" + Provenance.FILE);
        out.flush();
        return ExitCodes.OK;
    }
}
