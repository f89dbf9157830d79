package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.uaespark.pipeline.store.Json;
import org.uaespark.testing.TinyDatasets;

/**
 * {@code jobs/uae} hands a command's own {@code --master} to spark-submit (under spark-submit the application's
 * setting is ignored): the stage runs on that master and its provenance records it, whatever {@code UAE_MASTER}
 * says.
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
    @CsvSource({"--master, local[1], one", "--master=local[2], '', two"})
    void aCommandsMasterIsTheOneItRunsOnAndRecords(String option, String value, String runId) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("jobs/uae").toString(), "ingest", "--profile",
                profile.toString(), "--run-id", runId, option));
        if (!value.isEmpty()) {
            command.add(value);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        builder.environment().put("UAE_MASTER", "local[3]");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the launcher ended");
        assertEquals(0, process.exitValue(), output);
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
}
