package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.RetrainStage;
import org.uaespark.pipeline.RunLayout;
import org.uaespark.pipeline.SparkSessions;

/** {@code uae retrain}: the experiment grid, one model trained from scratch per Spark task. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Train every model x arm (x seeded repeat) of the grid (uae.retrain) from scratch with the",
                "model's recipe, one Spark task per cell, and publish each at <run>/retrained/<model>/<cell>/.",
                "Arms: original, duplicate, original-2x and the model's augmented tables (mine-paper, gaussian-0.01, ...)."})
final class RetrainCommand extends StageCommand {
    @Option(names = "--models", paramLabel = "KIND,...", description = "Models of the grid (uae.retrain.models).")
    String models;

    @Option(names = "--arms", paramLabel = "ARM,...", description = "Arms of the grid (uae.retrain.arms).")
    String arms;

    @Override
    String section() {
        return "retrain";
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = new HashMap<>();
        CommonOptions.putIfSet(overrides, "retrain.models", models == null ? null : "[" + models + "]");
        CommonOptions.putIfSet(overrides, "retrain.arms", arms == null ? null : "[" + arms + "]");
        ConfigLoader.Loaded config = loadConfig(overrides);
        RunSettings run = RunSettings.from(config.config());
        SparkSession spark = SparkSessions.getOrCreate(run, "retrain");
        RetrainStage.Result result = new RetrainStage(spark, run, RetrainSettings.from(config.config()), config).run();
        PrintWriter out = out();
        out.println("retrained: " + result.trained().size() + " cell(s)" + (result.kept().isEmpty() ? ""
                : ", " + result.kept().size() + " already published and kept"));
        out.println("models: " + RunLayout.of(run).runDir() + "/retrained/");
        out.flush();
        return ExitCodes.OK;
    }
}
