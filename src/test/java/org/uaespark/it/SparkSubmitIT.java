package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.Submit;
import org.uaespark.testing.TinyDatasets;

/**
 * The shaded application jar run the way users run it: {@code org.apache.spark.deploy.SparkSubmit} on Spark's
 * own classpath (what a Spark distribution puts under {@code jars/}), from a working directory without the
 * project's {@code conf/}, so the jar must carry its configuration, schemas and DJL service files. (That separate
 * JVMs on other masters publish the same bytes is {@link YarnIT}'s and {@link AttackSubmitIT}'s.)
 */
class SparkSubmitIT {
    @TempDir
    Path dir;

    private Submit submit(String master, String... args) {
        return Submit.run(dir, List.of(), master, 4, args);
    }

    private Submit submit(List<String> sparkArgs, String master, String... args) {
        return Submit.run(dir, sparkArgs, master, 4, args);
    }

    @Test
    void sparkConfKeysReachTheConfiguration() throws Exception {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        Submit run = submit(List.of("--conf", "spark.uae.ingest.limit-train=50", "--conf", "spark.uae.run-id=conf"),
                "local[1]", "ingest", "--profile", profile.toString());
        assertEquals(0, run.code(), run.output());
        JsonNode provenance = new ObjectMapper().readTree(dir.resolve("runs/conf/datasets/tiny/_provenance.json").toFile());
        assertEquals(50, provenance.at("/summary/train/rows").asInt());
        assertEquals(TinyDatasets.TEST, provenance.at("/summary/test/rows").asInt());
        assertTrue(provenance.at("/configSources/2").asText().startsWith("spark conf: [ingest.limit-train, run-id]"),
                provenance.toString());
    }

    @Test
    void exitCodesSurviveSparkSubmit() throws Exception {
        Path profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        Files.delete(dir.resolve("src/train-labels"));
        Submit missing = submit("local[1]", "ingest", "--profile", profile.toString());
        assertEquals(3, missing.code(), missing.output());
        assertTrue(missing.output().contains(dir.resolve("src/train-labels") + ": file not found"), missing.output());
        assertFalse(Files.exists(dir.resolve("runs/t/datasets/tiny")));

        Submit usage = submit("local[1]", "ingest", "--profile", "no-such-profile");
        assertEquals(2, usage.code(), usage.output());
    }
}
