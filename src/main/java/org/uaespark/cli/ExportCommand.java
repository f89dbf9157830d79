package org.uaespark.cli;

import picocli.CommandLine.Command;

/**
 * {@code uae export}: reads a run's results out for other tools (pandas, a notebook, a spreadsheet) without a Parquet
 * reader: {@code uae export uaes} prints UAEs next to their originals in the source's units, {@code uae export
 * metrics} the run's metrics files as one JSON document. Reads through Hadoop's file systems, so any runs root works.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Print a run's UAEs (next to their originals, in your units) or its metrics.",
        description = {"Reads only. `uae export uaes` prints the rows of an augmented table joined to the training",
                "rows they were made from, both mapped back to the source's units (JSON lines or CSV);",
                "`uae export metrics` prints the evaluation's metrics.json and every augmented table's",
                "_metrics.json as one JSON document."},
        subcommands = {ExportUaesCommand.class, ExportMetricsCommand.class})
final class ExportCommand {
}
