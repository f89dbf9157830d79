package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.RunContext;

/**
 * A stage over the experiment grid ({@code uae.retrain}): {@code retrain}, {@code evaluate} and {@code report}
 * share the grid options, the configuration and the Spark session; each subclass runs its stage and prints what
 * it produced.
 */
abstract class GridCommand extends StageCommand {
    @Option(names = "--models", paramLabel = "KIND,...", description = "Models of the grid (uae.retrain.models).")
    String models;

    @Option(names = "--arms", paramLabel = "ARM,...", description = "Arms of the grid (uae.retrain.arms).")
    String arms;

    /** The grid's device, for the commands that train or score ({@code retrain}, {@code evaluate}); else null. */
    String device() {
        return null;
    }

    @Override
    String section() {
        return "retrain";
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = new HashMap<>();
        CommonOptions.putIfSet(overrides, "retrain.models", models == null ? null : "[" + models + "]");
        CommonOptions.putIfSet(overrides, "retrain.arms", arms == null ? null : "[" + arms + "]");
        CommonOptions.putIfSet(overrides, "retrain.device", device());
        ConfigLoader.Loaded config = loadConfig(overrides);
        RunSettings run = RunSettings.from(config.config());
        PrintWriter out = out();
        try (RunContext context = openRun(run, getClass().getAnnotation(Command.class).name())) {
            runStage(context, RetrainSettings.from(config.config()), config, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Runs the stage on {@code grid} and prints its outcome to {@code out}. */
    abstract void runStage(RunContext context, RetrainSettings grid, ConfigLoader.Loaded config, PrintWriter out);
}
