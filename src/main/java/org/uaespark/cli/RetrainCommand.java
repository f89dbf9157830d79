package org.uaespark.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.pipeline.RetrainStage;
import org.uaespark.pipeline.RunContext;
import org.uaespark.pipeline.store.RunLayout;

/** {@code uae retrain}: the experiment grid, one model trained from scratch per Spark task. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        header = "Train the grid (models x arms x repeats) across executors.",
        description = {"Train every model x arm (x seeded repeat) of the grid (uae.retrain) from scratch with the",
                "model's recipe, one Spark task per cell, and publish each at <run>/retrained/<model>/<cell>/.",
                "Arms: original, duplicate, original-2x and the model's augmented tables (mine-paper, gaussian-0.01, ...)."})
final class RetrainCommand extends DeviceGridCommand {
    @Override
    void runStage(RunContext context, RetrainSettings grid, ConfigLoader.Loaded config, PrintWriter out) {
        RetrainStage.Result result = new RetrainStage(context, grid, config).run();
        out.println("retrained: " + result.trained().size() + " cell(s)" + (result.kept().isEmpty() ? ""
                : ", " + result.kept().size() + " already published and kept"));
        out.println("models: " + RunLayout.of(context.run()).runDir() + "/retrained/");
    }
}
