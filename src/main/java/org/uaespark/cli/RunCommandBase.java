package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.uaespark.config.ConfigLoader;
import org.uaespark.config.RunSettings;
import org.uaespark.pipeline.RunContext;
import org.uaespark.pipeline.store.RunProfile;

/**
 * What every command on a run shares: the common options, the run's configuration (with the profile the run was
 * created with) and output.
 */
abstract class RunCommandBase implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommandBase.class);

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** The profile the configuration was loaded with: {@code --profile}, or the run's recorded one. */
    private String profile;

    /**
     * Loads the layered configuration with the common options and {@code stageOverrides} (keys under uae). For a
     * run created earlier, the profile is the one the run recorded ({@link RunProfile}): used when the command names
     * none, and a different one is refused.
     */
    ConfigLoader.Loaded loadConfig(Map<String, String> stageOverrides) {
        Map<String, String> overrides = common.overrides();
        if (compute() != null) {
            compute().addTo(overrides);
        }
        stageOverrides.forEach((key, value) -> CommonOptions.putIfSet(overrides, key, value));
        ConfigLoader.Loaded loaded = ConfigLoader.load(common.profile, System.getProperties(), overrides);
        RunSettings run = RunSettings.from(loaded.config());
        Optional<String> recorded = RunProfile.recorded(run);
        profile = common.profile;
        if (recorded.isPresent() && common.profile != null) {
            RunProfile.requireSame(run, common.profile, recorded.get());
        } else if (recorded.isPresent() && !recorded.get().isEmpty()) {
            profile = recorded.get();
            LOG.info("run {} was created with --profile {}; using it", run.runId(), profile);
            loaded = ConfigLoader.load(profile, System.getProperties(), overrides);
        }
        return loaded;
    }

    /** The seed and master options, for commands that compute; null for the read-only ones. */
    ComputeOptions compute() {
        return null;
    }

    /** Takes the run for this command ({@link RunContext}), recording its profile if the run is new. */
    RunContext openRun(RunSettings run, String command) {
        return RunContext.open(run, command, profile);
    }

    /** Where results are printed. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
