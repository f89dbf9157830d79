package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.uaespark.cli.ExitCodes;
import org.uaespark.pipeline.store.Json;
import org.uaespark.testing.Launcher;
import org.uaespark.testing.TinyDatasets;

/**
 * {@code jobs/uae} hands a command's own {@code --master} to spark-submit (under spark-submit the application's
 * setting is ignored): the stage runs on that master and its provenance records it, whatever {@code UAE_MASTER}
 * says ({@code --master URL}, two words, is {@link YarnIT}'s reference run). A {@code yarn} master is
 * {@link YarnIT}'s; a {@code k8s://} one reaches Kubernetes' API server.
 */
class LauncherMasterIT {
    private static final Path PROJECT = Path.of(System.getProperty("uae.project.dir", "."));

    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void tinyProfile() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"--master=local[2], '', two"})
    void aCommandsMasterIsTheOneItRunsOnAndRecords(String option, String value, String runId) throws Exception {
        List<String> args = new ArrayList<>(List.of("ingest", "--profile", profile.toString(), "--run-id", runId, option));
        if (!value.isEmpty()) {
            args.add(value);
        }
        Launcher run = Launcher.run(Launcher.CHECKOUT, PROJECT, Map.of("UAE_MASTER", "local[3]"), 5, args);
        assertEquals(0, run.code(), run.output());
        String expected = value.isEmpty() ? option.substring("--master=".length()) : value;
        try (Stream<Path> files = Files.walk(dir.resolve("runs").resolve(runId))) {
            List<Path> provenance = files.filter(f -> f.getFileName().toString().equals("_provenance.json")).toList();
            assertTrue(!provenance.isEmpty(), "ingest published with provenance");
            for (Path file : provenance) {
                JsonNode master = Json.mapper().readTree(file.toFile()).findValue("sparkMaster");
                assertEquals(expected, master.asText(), file.toString());
            }
        }
    }

    /**
     * The launcher carries Spark's Kubernetes module: a {@code k8s://} master reaches the cluster's API server (here
     * one that does not answer) instead of failing to load the module's classes, and the stage fails with 4 (a
     * scheduler retries it). No Kubernetes cluster is tested here (src/site/markdown/operating.md, "Kubernetes").
     */
    @Test
    void aKubernetesMasterReachesTheApiServer() throws Exception {
        Launcher run = Launcher.run(Launcher.CHECKOUT, PROJECT, Map.of("UAE_MASTER", "k8s://https://127.0.0.1:1"), 5,
                List.of("ingest", "--profile", profile.toString(), "--run-id", "k8s"));
        assertEquals(ExitCodes.STAGE_FAILURE, run.code(), run.output());
        assertTrue(run.output().contains("Failed to connect to /127.0.0.1:1"), run.output());
        assertFalse(run.output().contains("Could not load KUBERNETES classes"), run.output());
        assertFalse(Files.exists(dir.resolve("runs/k8s/datasets/tiny")), "nothing published");
    }
}
