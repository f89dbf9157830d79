package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.uaespark.config.ConfigLoader;

/** What every stage command shares: the common options, {@code --overwrite}, configuration loading, output. */
abstract class StageCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--overwrite", description = "Replace the output if the run already holds one (on-existing = overwrite).")
    boolean overwrite;

    /** The configuration section of the stage, e.g. {@code ingest}: where {@code --overwrite} sets on-existing. */
    abstract String section();

    /** Loads the layered configuration with the common options and {@code stageOverrides} (keys under uae). */
    ConfigLoader.Loaded loadConfig(Map<String, String> stageOverrides) {
        Map<String, String> overrides = common.overrides();
        stageOverrides.forEach((key, value) -> CommonOptions.putIfSet(overrides, key, value));
        if (overwrite) {
            overrides.put(section() + ".on-existing", "overwrite");
        }
        return ConfigLoader.load(common.profile, System.getProperties(), overrides);
    }

    /** Where results are printed. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
