package org.uaespark.cli;

import java.util.HashMap;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import picocli.CommandLine.Command;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RetrainSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.ReportStage;
import org.uaespark.pipeline.SparkSessions;

/** {@code uae report}: the self-contained HTML report of an evaluated run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write <run>/report/index.html: the Table-2-style results next to the paper's and the",
                "compute-matched controls, error and ASR bars, MI and iterations-to-success histograms, training",
                "curves and UAE image grids (charts embedded, one file)."})
final class ReportCommand extends StageCommand {
    @Override
    String section() {
        return "retrain";
    }

    @Override
    public Integer call() {
        ConfigLoader.Loaded config = loadConfig(new HashMap<>());
        RunSettings run = RunSettings.from(config.config());
        SparkSession spark = SparkSessions.getOrCreate(run, "report");
        Path report = new ReportStage(spark, run, RetrainSettings.from(config.config()), config).run();
        out().println("report: " + report);
        out().flush();
        return ExitCodes.OK;
    }
}
