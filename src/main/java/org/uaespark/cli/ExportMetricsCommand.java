package org.uaespark.cli;

import java.util.HashMap;

import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;

import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.RunExport;
import org.uaespark.pipeline.RunInspection;
import org.uaespark.pipeline.store.RunLayout;

/** {@code uae export metrics}: the run's metrics files as one JSON document. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        header = "Print the run's metrics as one JSON document.",
        description = {"{\"evaluation\": <evaluation/metrics.json, null before evaluate>, \"attacks\": {\"<model>/<arm>\":",
                "<that augmented table's _metrics.json>, ...}}. Starts no Spark."})
final class ExportMetricsCommand extends RunCommandBase {
    @Override
    public Integer call() {
        RunSettings run = RunSettings.from(loadConfig(new HashMap<>()).config());
        RunLayout layout = RunLayout.of(run);
        Configuration hadoop = new Configuration();
        if (!new RunInspection(hadoop, layout).exists()) {
            throw new org.uaespark.data.InputValidationException("there is no run " + run.runId() + " under "
                    + run.runsRoot());
        }
        PlanCommand.printJson(out(), new RunExport(layout, hadoop).metrics());
        out().flush();
        return ExitCodes.OK;
    }
}
