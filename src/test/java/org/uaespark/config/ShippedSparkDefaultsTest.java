package org.uaespark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * {@code conf/spark-defaults.conf} declares the Spark settings every job needs once: the launcher ({@code jobs/uae})
 * passes it to spark-submit and reads its values instead of repeating them, and the README's spark-submit line
 * passes the file instead of copying its lines. A value written a second time in either would drift from it.
 */
class ShippedSparkDefaultsTest {
    private static final Path PROJECT = Path.of(System.getProperty("uae.project.dir", "."));
    private static final List<String> ENVIRONMENT = List.of("OMP_NUM_THREADS", "MALLOC_ARENA_MAX",
            "THP_MEM_ALLOC_ENABLE", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_");

    private static Properties shipped() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(PROJECT.resolve("conf/spark-defaults.conf"))) {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void theFileHoldsEveryExecutorSettingAndTheSameJavaOptionsForDriverAndExecutors() throws IOException {
        Properties p = shipped();
        for (String variable : ENVIRONMENT) {
            assertTrue(p.containsKey("spark.executorEnv." + variable), variable);
        }
        String driver = p.getProperty("spark.driver.extraJavaOptions");
        assertEquals(driver, p.getProperty("spark.executor.extraJavaOptions"));
        for (String option : List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-XX:MaxDirectMemorySize=", "-XX:MinHeapFreeRatio=", "-XX:MaxHeapFreeRatio=", "-Duae.model-pool-mb=")) {
            assertTrue(driver.contains(option), option + " in " + driver);
        }
    }

    @Test
    void theLauncherAndTheReadmeReadTheFileInsteadOfRepeatingIt() throws IOException {
        String launcher = Files.readString(PROJECT.resolve("jobs/uae"));
        String readme = Files.readString(PROJECT.resolve("README.md"));
        assertTrue(launcher.contains("--properties-file \"$properties\""), "jobs/uae passes the file");
        assertTrue(readme.contains("--properties-file conf/spark-defaults.conf"), "the README's line passes the file");
        Properties p = shipped();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key);
            if (key.startsWith("spark.executorEnv.")) {
                String assignment = key.substring("spark.executorEnv.".length()) + "=" + value;
                assertFalse(launcher.contains(assignment) || launcher.contains(":-" + value + "}"),
                        "jobs/uae repeats " + key);
                assertFalse(readme.contains(key + "=" + value), "the README repeats " + key);
            } else if (key.endsWith(".extraJavaOptions")) {
                for (String option : value.split("\\s+")) {
                    assertFalse(launcher.contains(option), "jobs/uae repeats " + option + " of " + key);
                }
                assertFalse(readme.contains(key + "=\""), "the README repeats " + key);
            } else {
                assertFalse(launcher.contains(key), "jobs/uae repeats " + key);
                assertFalse(readme.contains(key + "=" + value), "the README repeats " + key);
            }
        }
    }
}
