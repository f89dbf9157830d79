package org.uaespark.pipeline;

import org.uaespark.pipeline.store.UnitManifest;

/** Unit manifests for tests that commit shards by hand. */
final class TestManifests {
    private TestManifests() {
    }

    /** The manifest of unit {@code unit} holding {@code samples} samples (one row each), run on the driver. */
    static UnitManifest of(int unit, int samples) {
        return new UnitManifest(0, samples, "cpu()", "driver", "s" + unit, "localhost", -1, samples, samples, 0.5, unit);
    }
}
