package org.uaespark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsDeclareEveryIngestKey() {
        Config c = ConfigLoader.load(null, new Properties(), Map.of()).config();
        assertEquals("mnist", c.getString("uae.ingest.dataset"));
        assertEquals(0, c.getInt("uae.ingest.limit-train"));
        assertEquals("data/mnist/train-images-idx3-ubyte", c.getString("uae.datasets.mnist.train.features"));
    }

    @Test
    void layersOverrideInOrderProfileThenSparkConfThenCommandLine() throws IOException {
        Path profile = Files.writeString(dir.resolve("p.conf"),
                "uae { ingest { limit-train = 10, limit-test = 20, rows-per-file = 30 } }");
        ConfigLoader.Loaded loaded = ConfigLoader.load(profile.toString(),
                props("spark.uae.ingest.limit-test", "21", "spark.uae.ingest.rows-per-file", "31", "spark.app.name", "x"),
                Map.of("ingest.rows-per-file", "32"));
        Config c = loaded.config();
        assertEquals(10, c.getInt("uae.ingest.limit-train"));
        assertEquals(21, c.getInt("uae.ingest.limit-test"));
        assertEquals(32, c.getInt("uae.ingest.rows-per-file"));
        assertEquals(4, loaded.sources().size(), loaded.sources().toString());
        assertTrue(loaded.sources().get(1).contains(profile.toString()));
    }

    @Test
    void namedProfilesComeFromConf() {
        Config c = ConfigLoader.load("quickstart", new Properties(), Map.of()).config();
        assertEquals("quickstart", c.getString("uae.run-id"));
        assertEquals(2000, c.getInt("uae.ingest.limit-train"));
    }

    @Test
    void dataDirOverrideMovesEveryDatasetPath() {
        Config c = ConfigLoader.load(null, props("spark.uae.data-dir", "/mnt/raw"), Map.of()).config();
        assertEquals("/mnt/raw/fashion-mnist/t10k-labels-idx1-ubyte.gz",
                c.getString("uae.datasets.fashion-mnist.test.labels"));
    }

    @Test
    void overrideValuesKeepTheirType() {
        Config c = ConfigLoader.load(null, new Properties(), Map.of("spark.master", "local[2]",
                "runs-root", "hdfs://nn:8020/runs", "datasets.digits.shape", "[4, 16]", "seed", "17",
                "data-dir", "/a//b")).config();
        assertEquals("local[2]", c.getString("uae.spark.master"));
        assertEquals("hdfs://nn:8020/runs", c.getString("uae.runs-root"));
        assertEquals(List.of(4, 16), c.getIntList("uae.datasets.digits.shape"));
        assertEquals(17L, c.getLong("uae.seed"));
        assertEquals("/a//b", c.getString("uae.data-dir"));
    }

    @Test
    void unknownProfileIsAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ConfigLoader.load("no-such-profile", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("unknown profile 'no-such-profile'"), e.getMessage());
    }

    @Test
    void unparsableProfileIsAConfigurationError() throws IOException {
        Path profile = Files.writeString(dir.resolve("broken.conf"), "uae { ingest { ");
        assertThrows(ConfigurationException.class, () -> ConfigLoader.load(profile.toString(), new Properties(), Map.of()));
    }
}
