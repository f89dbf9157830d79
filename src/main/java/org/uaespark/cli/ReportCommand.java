package org.uaespark.cli;

import java.io.PrintWriter;

import org.apache.hadoop.fs.Path;

import picocli.CommandLine.Command;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.pipeline.ReportStage;
import org.uaespark.pipeline.RunContext;

/** {@code uae report}: the self-contained HTML report of an evaluated run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Write the HTML report: results, controls, charts, UAEs.",
        description = {"Write <run>/report/index.html: the Table-2-style results next to the paper's and the",
                "compute-matched controls, error and ASR bars, MI and iterations-to-success histograms, training",
                "curves and UAE image grids (charts embedded, one file)."})
final class ReportCommand extends GridCommand {
    @Override
    void runStage(RunContext context, RetrainSettings grid, ConfigLoader.Loaded config, PrintWriter out) {
        Path report = new ReportStage(context, grid, config).run();
        out.println("report: " + report);
    }
}
