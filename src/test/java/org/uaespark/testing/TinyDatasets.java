package org.uaespark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small synthetic datasets on disk plus a profile that declares them, so a test drives the real CLI and
 * configuration path: {@code uae ingest --profile <dir>/profile.conf}.
 */
public final class TinyDatasets {
    /** Train images in the tiny IDX dataset. */
    public static final int TRAIN = 250;
    /** Test images in the tiny IDX dataset. */
    public static final int TEST = 60;
    /** Image height. */
    public static final int H = 6;
    /** Image width. */
    public static final int W = 5;
    /** Number of label classes (label i = i mod CLASSES). */
    public static final int CLASSES = 3;

    private TinyDatasets() {
    }

    /**
     * Writes the tiny IDX dataset ({@code tiny}: raw train files, gzipped test files) and a profile
     * declaring it with {@code rows-per-file = 100} and the given runs root; returns the profile path.
     */
    public static Path idxProfile(Path dir, Path runsRoot) {
        return idxProfile(dir, runsRoot, H, W);
    }

    /** As {@link #idxProfile(Path, Path)} with images of {@code h×w}. */
    public static Path idxProfile(Path dir, Path runsRoot, int h, int w) {
        IdxFiles.images(dir.resolve("train-images"), TRAIN, h, w, false);
        IdxFiles.labels(dir.resolve("train-labels"), TRAIN, CLASSES, false);
        IdxFiles.images(dir.resolve("test-images.gz"), TEST, h, w, true);
        IdxFiles.labels(dir.resolve("test-labels.gz"), TEST, CLASSES, true);
        return profile(dir, runsRoot, """
                datasets.tiny {
                  format = idx
                  source = "tiny synthetic IDX"
                  train { features = "%1$s/train-images", labels = "%1$s/train-labels" }
                  test { features = "%1$s/test-images.gz", labels = "%1$s/test-labels.gz" }
                  scaling = divide-255
                }
                ingest.dataset = tiny
                """.formatted(dir));
    }

    /** Writes {@code profile.conf} in {@code dir}: run id {@code t}, the runs root, rows-per-file 100, plus {@code body} under uae. */
    public static Path profile(Path dir, Path runsRoot, String body) {
        String text = "uae {\n  run-id = t\n  runs-root = \"" + runsRoot + "\"\n  ingest.rows-per-file = 100\n"
                + body.indent(2) + "}\n";
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("profile.conf"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
