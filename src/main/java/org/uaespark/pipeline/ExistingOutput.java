package org.uaespark.pipeline;

import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.uaespark.config.ConfigurationException;
import org.uaespark.config.OnExisting;

/** Applies a stage's {@link OnExisting} policy when its output is already published in the run. */
final class ExistingOutput {
    private static final Logger LOG = LoggerFactory.getLogger(ExistingOutput.class);

    private ExistingOutput() {
    }

    /**
     * Decides what to do with {@code target}: returns true when the published output is identical (same
     * fingerprint) and is to be kept, false when the stage should build it (absent, or to be overwritten), and
     * throws a {@link ConfigurationException} when it exists and must not be replaced.
     */
    static boolean keep(TablePublisher publisher, Path target, OnExisting policy, String fingerprint) {
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
}
