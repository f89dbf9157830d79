package org.uaespark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * Options every stage command accepts. Each dedicated flag is a shorthand for one configuration key, and
 * {@code --set} reaches any key; both override profiles and {@code spark.uae.*} settings.
 */
public final class CommonOptions {
    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "Run profile: conf/NAME.conf (working directory first, then the copy in the jar) or a file.")
    String profile;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (uae.run-id): names the run directory.")
    String runId;

    @Option(names = "--runs-root", paramLabel = "DIR", description = "Folder or Hadoop URI of run directories (uae.runs-root).")
    String runsRoot;

    @Option(names = "--seed", paramLabel = "N", description = "Root seed of the run (uae.seed).")
    Long seed;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (uae.spark.master), e.g. local[2]; jobs/uae passes it to spark-submit. Under "
                    + "your own spark-submit, its --master wins.")
    String master;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override any key under uae, e.g. --set ingest.rows-per-file=5000. Repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    /** The CLI layer of the configuration: keys relative to {@code uae}. */
    Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>(set);
        putIfSet(out, "run-id", runId);
        putIfSet(out, "runs-root", runsRoot);
        putIfSet(out, "seed", seed);
        putIfSet(out, "spark.master", master);
        return out;
    }

    /**
     * These options but {@code --run-id}, as command-line arguments: what every task of a plan repeats, so that it
     * resolves the same configuration (a scheduler adds its own run id).
     */
    List<String> taskArguments() {
        List<String> args = new ArrayList<>();
        addIfSet(args, "--profile", profile);
        addIfSet(args, "--runs-root", runsRoot);
        addIfSet(args, "--seed", seed);
        addIfSet(args, "--master", master);
        set.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        return args;
    }

    private static void addIfSet(List<String> args, String option, Object value) {
        if (value != null) {
            args.addAll(List.of(option, value.toString()));
        }
    }

    static void putIfSet(Map<String, String> out, String key, Object value) {
        if (value != null) {
            out.put(key, value.toString());
        }
    }
}
