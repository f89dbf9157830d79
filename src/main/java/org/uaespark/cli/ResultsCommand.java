package org.uaespark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.uaespark.results.ResultsDocs;
import org.uaespark.results.ResultsFolder;
import org.uaespark.results.ResultsMarkdown;
import org.uaespark.results.RunRecord;

/**
 * {@code uae results}: publishes finished runs into the repository's {@code results/} folder and generates the
 * documents' result tables from it. Starts no Spark and loads no libtorch.
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        header = "Publish a finished run into results/ and generate the docs' result tables from results/.",
        description = {"record copies a run's metrics.json and writes its result.json (command, commits, machine,",
                "wall time); write its reading.md by hand. markdown prints the results document, or with --check",
                "exits 3 naming every generated file that differs, or with --write regenerates them."},
        subcommands = {ResultsCommand.Record.class, ResultsCommand.Markdown.class})
final class ResultsCommand extends CommandGroup {
    /** {@code uae results record}. */
    @Command(name = "record", mixinStandardHelpOptions = true,
            header = "Publish a finished run's metrics and provenance as results/NAME.")
    static final class Record implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "RUN_DIR", description = "The run directory (a local path), e.g. runs/quickstart.")
        Path runDir;

        @Option(names = "--name", required = true, description = "The results folder to write (results/NAME).")
        String name;

        @Option(names = "--command", required = true, description = "The exact command that made the run.")
        String command;

        @Option(names = "--wall-seconds", required = true, description = "The command's wall-clock seconds.")
        long wallSeconds;

        @Option(names = "--repo", defaultValue = ".", description = "The repository root (default: ${DEFAULT-VALUE}).")
        Path repo;

        @Override
        public Integer call() {
            RunRecord record = new ResultsFolder(repo.resolve(ResultsDocs.RESULTS)).record(runDir, name, command,
                    wallSeconds);
            PrintWriter out = spec.commandLine().getOut();
            out.println("recorded " + record.runId() + " as " + repo.resolve(ResultsDocs.RESULTS).resolve(name)
                    + " (code " + String.join(", ", record.commits()) + ")");
            return ExitCodes.OK;
        }
    }

    /** {@code uae results markdown}. */
    @Command(name = "markdown", mixinStandardHelpOptions = true,
            header = "Print, check or regenerate the docs' result tables from results/.")
    static final class Markdown implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ArgGroup
        Mode mode;

        @Option(names = "--repo", defaultValue = ".", description = "The repository root (default: ${DEFAULT-VALUE}).")
        Path repo;

        /** What to do with the generated documents. */
        static final class Mode {
            @Option(names = "--check", required = true,
                    description = "Exit 3, naming them, when generated files differ from what results/ generates.")
            boolean check;

            @Option(names = "--write", required = true, description = "Regenerate the files that differ.")
            boolean write;
        }

        @Override
        public Integer call() {
            ResultsDocs docs = new ResultsDocs(repo);
            PrintWriter out = spec.commandLine().getOut();
            if (mode == null) {
                out.print(ResultsMarkdown.document(new ResultsFolder(repo.resolve(ResultsDocs.RESULTS)).load(),
                        ResultsDocs.REGENERATE));
                out.flush();
                return ExitCodes.OK;
            }
            if (mode.write) {
                docs.write().forEach(f -> out.println("wrote " + f));
                return ExitCodes.OK;
            }
            List<Path> stale = docs.stale();
            if (stale.isEmpty()) {
                out.println("generated result tables are current");
                return ExitCodes.OK;
            }
            PrintWriter err = spec.commandLine().getErr();
            stale.forEach(f -> err.println("uae: " + f + " differs from what results/ generates; run "
                    + ResultsDocs.REGENERATE));
            return ExitCodes.INVALID_INPUT;
        }
    }
}
