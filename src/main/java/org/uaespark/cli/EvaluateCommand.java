package org.uaespark.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Command;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.pipeline.EvaluateStage;
import org.uaespark.pipeline.Headline;
import org.uaespark.pipeline.RunContext;

/** {@code uae evaluate}: test error of every retrained model by distributed scoring, into metrics.json. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score the grid on the test split; write metrics.json.",
        description = {"Score every model of the retrain grid on the test split across the executors and write",
                "<run>/evaluation/metrics.json (mean and std over repeats, improvement over the original, ASR,",
                "the paper's Table 2 next to each number); print the Table-2-style table."})
final class EvaluateCommand extends DeviceGridCommand {
    @Override
    void runStage(RunContext context, RetrainSettings grid, ConfigLoader.Loaded config, PrintWriter out) {
        EvaluateStage.Result result = new EvaluateStage(context, grid, config).run();
        out.print(EvaluateStage.table(result.metrics()));
        out.println("metrics: " + result.folder() + "/" + EvaluateStage.METRICS);
        Headline.of(result.metrics()).forEach(out::println);
    }
}
