package org.uaespark.cli;

import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * Options of the commands that compute (the stages, {@code run}, the benchmarks) and of {@code plan}, which passes
 * them on to every task: the run's root seed and the Spark master. Read-only commands ({@code status},
 * {@code export}) do not take them.
 */
public final class ComputeOptions {
    @Option(names = "--seed", paramLabel = "N", description = "Root seed of the run (uae.seed).")
    Long seed;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (uae.spark.master), e.g. local[2]; jobs/uae passes it to spark-submit. Under "
                    + "your own spark-submit, its --master wins.")
    String master;

    /** Adds the configuration keys these options set to {@code overrides} (keys relative to {@code uae}). */
    Map<String, String> addTo(Map<String, String> overrides) {
        CommonOptions.putIfSet(overrides, "seed", seed);
        CommonOptions.putIfSet(overrides, "spark.master", master);
        return overrides;
    }

    /** Adds these options, as given, to a task's command-line {@code args}. */
    List<String> addTo(List<String> args) {
        CommonOptions.addIfSet(args, "--seed", seed);
        CommonOptions.addIfSet(args, "--master", master);
        return args;
    }
}
