package org.uaespark.cli;

import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.uaespark.config.ConfigLoader;

/** What every stage command adds to a command on a run: the seed and master, and {@code --overwrite} of the stage's output. */
abstract class StageCommand extends RunCommandBase {
    @Mixin
    ComputeOptions compute;

    @Option(names = "--overwrite", description = "Replace the output if the run already holds one (on-existing = overwrite).")
    boolean overwrite;

    @Override
    ComputeOptions compute() {
        return compute;
    }

    /** The configuration section of the stage, e.g. {@code ingest}: where {@code --overwrite} sets on-existing. */
    abstract String section();

    /** The run's configuration with {@code stageOverrides}, and with {@code --overwrite}: on-existing = overwrite. */
    @Override
    ConfigLoader.Loaded loadConfig(Map<String, String> stageOverrides) {
        Map<String, String> overrides = new HashMap<>(stageOverrides);
        if (overwrite) {
            overrides.put(section() + ".on-existing", "overwrite");
        }
        return super.loadConfig(overrides);
    }
}
