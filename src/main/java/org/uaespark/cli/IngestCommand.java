package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.IngestSettings;
import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.IngestStage;
import org.uaespark.pipeline.RunContext;
import org.uaespark.pipeline.store.Provenance;

/** {@code uae ingest}: raw dataset files to the validated {@code dataset} Parquet table of a run. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        header = "Scale a raw dataset to [0,1]; publish the dataset table.",
        description = {"Read a dataset's raw files (IDX, CSV or Parquet), scale it into [0,1] and publish the",
                "'dataset' table at <runs-root>/<run-id>/datasets/<name>/ with a provenance sidecar."})
final class IngestCommand extends StageCommand {
    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset entry of uae.datasets (uae.ingest.dataset).")
    String dataset;

    @Option(names = "--limit-train", paramLabel = "N", description = "Keep the first N train rows, 0 = all.")
    Integer limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", description = "Keep the first N test rows, 0 = all.")
    Integer limitTest;

    @Override
    String section() {
        return "ingest";
    }

    @Override
    public Integer call() {
        Map<String, String> overrides = new HashMap<>();
        CommonOptions.putIfSet(overrides, "ingest.dataset", dataset);
        CommonOptions.putIfSet(overrides, "ingest.limit-train", limitTrain);
        CommonOptions.putIfSet(overrides, "ingest.limit-test", limitTest);
        ConfigLoader.Loaded config = loadConfig(overrides);
        RunSettings run = RunSettings.from(config.config());
        IngestSettings settings = IngestSettings.from(config.config());
        IngestStage.Result result;
        try (RunContext context = openRun(run, "ingest")) {
            result = new IngestStage(context, settings, config).run();
        }
        PrintWriter out = out();
        out.println(result.summary().render());
        out.println((result.reused() ? "dataset table (already published, kept): " : "dataset table: ")
                + result.table());
        out.println("provenance: " + result.table() + "/" + Provenance.FILE);
        out.flush();
        return ExitCodes.OK;
    }
}
