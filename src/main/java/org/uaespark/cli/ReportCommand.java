package org.uaespark.cli;

import java.io.PrintWriter;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.ReportStage;

/** {@code uae report}: the self-contained HTML report of an evaluated run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write <run>/report/index.html: the Table-2-style results next to the paper's and the",
                "compute-matched controls, error and ASR bars, MI and iterations-to-success histograms, training",
                "curves and UAE image grids (charts embedded, one file)."})
final class ReportCommand extends GridCommand {
    @Override
    void runStage(SparkSession spark, RunSettings run, RetrainSettings grid, ConfigLoader.Loaded config, PrintWriter out) {
        Path report = new ReportStage(spark, run, grid, config).run();
        out.println("report: " + report);
    }
}
