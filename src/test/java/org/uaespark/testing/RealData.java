package org.uaespark.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import org.uaespark.data.IdxReader;
import org.uaespark.data.RawSplit;
import org.uaespark.models.FloatMatrix;

/**
 * The real datasets fetched by {@code jobs/fetch-data}. A test that needs one is skipped when it is absent, unless
 * {@code UAE_REQUIRE_DATA=true} (CI sets it), which turns absence into a failure.
 */
public final class RealData {
    /** The text every skip message carries after the dataset's name (what {@link RealDataSkips} counts). */
    static final String SKIP_REASON = "data not fetched; run jobs/fetch-data";

    private RealData() {
    }

    /** The project's data folder. */
    public static Path dataDir() {
        return Path.of(System.getProperty("uae.project.dir", ".")).resolve("data").toAbsolutePath();
    }

    /** Skips (or, in CI, fails) the calling test unless {@code data/<folder>} was fetched completely. */
    public static void require(String folder) {
        boolean present = Files.exists(dataDir().resolve(folder).resolve(".complete"));
        if (!present && "true".equals(System.getenv("UAE_REQUIRE_DATA"))) {
            fail(dataDir().resolve(folder) + " is missing; run jobs/fetch-data");
        }
        Assumptions.assumeTrue(present, folder + " " + SKIP_REASON);
    }

    /** The first {@code rows} MNIST images of a split ("train" or "t10k"), scaled to [0, 1]. */
    public static FloatMatrix mnist(String split, int rows) {
        require("mnist");
        RawSplit images = IdxReader.readImages(dataDir().resolve("mnist/" + split + "-images-idx3-ubyte"), null, "mnist")
                .head(rows);
        int d = images.featureCount();
        float[] data = new float[rows * d];
        for (int i = 0; i < rows; i++) {
            float[] row = images.features(i);
            for (int j = 0; j < d; j++) {
                data[i * d + j] = row[j] / 255f;
            }
        }
        return new FloatMatrix(rows, d, data);
    }
}
