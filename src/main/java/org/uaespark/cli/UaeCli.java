package org.uaespark.cli;

import java.io.PrintWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.uaespark.config.ConfigurationException;
import org.uaespark.data.InputValidationException;
import org.uaespark.nativeenv.NativeEnvironment;
import org.uaespark.pipeline.DriverExit;
import org.uaespark.pipeline.SparkSessions;
import org.uaespark.pipeline.store.NoSpaceLeftException;

/**
 * The {@code uae} command line: one subcommand per pipeline stage. Runs the same way under spark-submit
 * ({@code --class org.uaespark.cli.UaeCli}), from a plain JVM, or in-process through {@link #execute}.
 * Exit codes are those of {@link ExitCodes}.
 */
@Command(name = "uae", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {InitCommand.class, IngestCommand.class, TrainCommand.class, AttackCommand.class, RetrainCommand.class,
                EvaluateCommand.class, ReportCommand.class, RunCommand.class, PlanCommand.class, StatusCommand.class,
                BenchCommand.class, BenchAttackCommand.class, MineCheckCommand.class, DoctorCommand.class,
                ResultsCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class},
        description = {"uae-spark: unsupervised adversarial examples (MINE + MinMax) as data",
                "augmentation, as a Spark batch pipeline: ingest -> train -> attack ->",
                "retrain -> evaluate -> report, or all of them: run; plan prints run's tasks as",
                "commands for schedulers, status what a run holds; init a starter profile for",
                "your own CSV table; doctor the native settings",
                "chosen for this machine; results the published runs and their tables.",
                "Details: uae COMMAND --help."},
        footer = {"", "Exit codes: 0 ok, 2 usage or configuration error, 3 input validation failed,",
                "4 stage failure."})
public final class UaeCli extends CommandGroup {
    private static final Logger LOG = LoggerFactory.getLogger(UaeCli.class);
    /** What never loads libtorch: no native settings to apply (and no probe to wait for). */
    private static final java.util.Set<String> WITHOUT_TORCH = java.util.Set.of("doctor", "help", "init", "plan",
            "results", "status", "-h", "--help", "-V", "--version");

    /**
     * Entry point: applies this machine's native settings before anything loads libtorch (not for the commands
     * that never load it), runs the command, stops Spark, ends with the command's code ({@link DriverExit}: in YARN's
     * cluster mode through the application's final status).
     *
     * @throws Exception Spark's exception carrying the exit code, in YARN's cluster mode only
     */
    public static void main(String[] args) throws Exception {
        int code;
        try {
            if (args.length > 0 && !WITHOUT_TORCH.contains(args[0])) {
                NativeEnvironment.prepare();
            }
            code = execute(args);
        } catch (Throwable t) {
            LOG.error("uae failed", t);
            System.err.println("uae: stage failed: " + t);
            code = ExitCodes.STAGE_FAILURE;
        }
        SparkSessions.stopActive();
        DriverExit.exit(code);
    }

    /** Runs the command in this JVM and returns its exit code; leaves any Spark session running. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, writing results to {@code out} and errors and usage to {@code err}. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new UaeCli()).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true); // --format json or JSON
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter usageErr = e.getCommandLine().getErr();
            usageErr.println("uae: " + e.getMessage());
            e.getCommandLine().usage(usageErr);
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter errors = commandLine.getErr();
            int code = exitCodeOf(e);
            if (code == ExitCodes.STAGE_FAILURE) {
                LOG.error("stage failed", e);
            }
            errors.println("uae: " + describe(code) + ": " + explanation(e).getMessage());
            errors.flush();
            return code;
        });
        return cli.execute(args);
    }

    /** Exit code for a failure: the first validation or configuration error in its cause chain decides. */
    static int exitCodeOf(Throwable e) {
        Throwable t = explanation(e);
        if (t instanceof InputValidationException) {
            return ExitCodes.INVALID_INPUT;
        }
        if (t instanceof ConfigurationException || t instanceof com.typesafe.config.ConfigException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.STAGE_FAILURE;
    }

    /**
     * The exception whose message a user needs: a validation or configuration error or a full disk, wrapped by
     * Spark or not, else {@code e}.
     */
    private static Throwable explanation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputValidationException || t instanceof ConfigurationException
                    || t instanceof com.typesafe.config.ConfigException || t instanceof NoSpaceLeftException) {
                return t;
            }
        }
        return e;
    }

    private static String describe(int code) {
        return switch (code) {
            case ExitCodes.INVALID_INPUT -> "input validation failed";
            case ExitCodes.USAGE -> "configuration error";
            default -> "stage failed";
        };
    }
}
