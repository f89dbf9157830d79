package org.uaespark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * Options every command on a run's configuration accepts: which profile, run and runs root, and {@code --set} for
 * any key. Each dedicated flag is a shorthand for one configuration key; both override profiles and
 * {@code spark.uae.*} settings. Commands that compute add {@link ComputeOptions}.
 */
public final class CommonOptions {
    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "Run profile: conf/NAME.conf (working directory first, then the copy in the jar) or a file.")
    String profile;

    @Option(names = "--run-id", paramLabel = "ID", description = "Run id (uae.run-id): names the run directory.")
    String runId;

    @Option(names = "--runs-root", paramLabel = "DIR", description = "Folder or Hadoop URI of run directories (uae.runs-root).")
    String runsRoot;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override any key under uae, e.g. --set ingest.rows-per-file=5000. Repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    /** The CLI layer of the configuration: keys relative to {@code uae}. */
    Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>(set);
        putIfSet(out, "run-id", runId);
        putIfSet(out, "runs-root", runsRoot);
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
        set.forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
        return args;
    }

    static void addIfSet(List<String> args, String option, Object value) {
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
