package org.uaespark.pipeline.store;

import java.util.function.Supplier;

import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.ConfigurationException;
import org.uaespark.config.OnExisting;

/**
 * The publication skeleton every stage follows for one output at {@link #target()}: keep an output already
 * published from identical inputs (same fingerprint; {@link OnExisting} decides otherwise), else check that the
 * run is writable, build the output in a staging folder, write its provenance beside it, mark it complete and
 * publish it atomically; on any failure the staging folder is discarded (a full disk is named as such) and
 * nothing is published. A stage supplies only how to build its output ({@link Build}).
 *
 * @param publisher   the run's storage operations
 * @param target      where the output is published
 * @param policy      what to do when the run already holds an output there
 * @param fingerprint hash of everything that determines the output (configuration and input fingerprints)
 */
public record StageOutput(TablePublisher publisher, Path target, OnExisting policy, String fingerprint) {
    private static final Logger LOG = LoggerFactory.getLogger(StageOutput.class);

    /** How a stage builds its output into a staging folder: the data, and the provenance that describes it. */
    @FunctionalInterface
    public interface Build<R> {
        /** Writes the output's files into {@code staged} (which may not exist yet). */
        Built<R> into(Path staged) throws Exception;
    }

    /**
     * What a build made.
     *
     * @param result     what the stage returns
     * @param provenance the output's sidecar, written as {@value Provenance#FILE}
     */
    public record Built<R>(R result, Provenance provenance) {
    }

    /**
     * Keeps an identical published output ({@code kept}'s result), or builds one in a new staging folder of the run
     * named after {@code label} and publishes it.
     */
    public <R> R keepOrBuild(RunLayout layout, String label, Supplier<R> kept, Build<R> build) {
        if (kept()) {
            return kept.get();
        }
        publisher.requireWritable(layout);
        return publish(publisher.newStagingDir(layout, label), build);
    }

    /**
     * Whether the published output is identical (same fingerprint) and is kept; false when the stage should build
     * it (absent, or to be overwritten); a {@link ConfigurationException} when it exists and must not be replaced.
     */
    public boolean kept() {
        if (!publisher.isPublished(target)) {
            return false;
        }
        switch (policy) {
            case OVERWRITE:
                LOG.info("{} exists and will be replaced (on-existing = overwrite)", target);
                return false;
            case FAIL:
                throw new ConfigurationException(target + " already exists and on-existing = fail; "
                        + "use a new --run-id or on-existing = overwrite");
            default:
                if (!fingerprint.equals(Provenance.read(publisher, target).fingerprint())) {
                    throw new ConfigurationException(target + " already exists but was built from different inputs "
                            + "or settings; use a new --run-id, or --overwrite to replace it");
                }
                LOG.info("{} already published from identical inputs and settings; keeping it", target);
                return true;
        }
    }

    /** Builds the output into {@code staged}, writes its provenance, publishes it; discards it on any failure. */
    public <R> R publish(Path staged, Build<R> build) {
        try {
            Built<R> built = build.into(staged);
            publisher.writeJson(new Path(staged, Provenance.FILE), built.provenance().asMap());
            if (!publisher.isPublished(staged)) {
                publisher.markComplete(staged);
            }
            publisher.publish(staged, target, policy == OnExisting.OVERWRITE);
            return built.result();
        } catch (Exception | FSError e) {
            throw publisher.discardAfter(staged, e);
        }
    }
}
