package org.uaespark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.RunLock;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * {@code uae status} on a finished run, on a run whose attack failed part-way, and on a run a job holds: the state,
 * and each task of the plan published, in flight (with the attack's committed samples) or missing.
 */
class StatusTest {
    private static final String[] GRID = {"--set", "retrain.arms=[original, mine-tiny]", "--set", "retrain.repeats=2",
            "--set", "models.dense.latent=8", "--set", "models.dense.epochs=1", "--set", "models.dense.batch-size=25"};

    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void runs() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        CliRun done = cli("run", "--run-id", "done");
        assertEquals(0, done.code(), done.toString());
        // One partition, failing after its first committed unit: no other task is left running to commit more.
        CliRun failed = cli("run", "--run-id", "failed", "--set", "attack.partitions=1",
                "--set", "testing.attack-failure.partitions=[0]", "--set", "testing.attack-failure.attempts=100");
        assertEquals(ExitCodes.STAGE_FAILURE, failed.code(), failed.toString());
    }

    private static CliRun cli(String... args) {
        return CliRun.withShared(Arrays.asList(GRID), profile, args);
    }

    /** Task id to state, from {@code uae status --format json}. */
    private static Map<String, String> states(JsonNode status) {
        Map<String, String> states = new LinkedHashMap<>();
        status.get("tasks").forEach(t -> states.put(t.get("id").asText(), t.get("state").asText()));
        return states;
    }

    private static JsonNode status(String runId) throws IOException {
        return status(runId, ExitCodes.OK);
    }

    private static JsonNode status(String runId, int exitCode) throws IOException {
        CliRun status = cli("status", "--run-id", runId, "--format", "json");
        assertEquals(exitCode, status.code(), status.toString());
        return Json.mapper().readTree(status.out());
    }

    @Test
    void aFinishedRunIsCompleteWithEveryTaskPublished() throws IOException {
        JsonNode status = status("done");
        assertEquals("complete", status.get("state").asText(), status.toString());
        assertEquals(Map.of("ingest", "published", "train_dense", "published", "attack_dense_mine-tiny", "published",
                "retrain", "published", "evaluate", "published", "report", "published"), states(status));
        JsonNode retrain = status.get("tasks").get(3);
        assertEquals(4, retrain.get("done").asInt(), "2 arms x 2 repeats");
        assertEquals(TinyDatasets.TRAIN, status.get("tasks").get(2).get("total").asInt());
    }

    @Test
    void aFailedRunShowsWhatItsAttackCommittedAndHowToResume() throws IOException {
        JsonNode status = status("failed");
        assertEquals("stopped", status.get("state").asText());
        assertTrue(status.get("detail").asText().contains("`uae run --run-id failed` resumes it"), status.toString());
        Map<String, String> states = states(status);
        assertEquals("published", states.get("train_dense"));
        assertEquals("in flight", states.get("attack_dense_mine-tiny"));
        assertEquals("missing", states.get("retrain"));
        JsonNode attack = status.get("tasks").get(2);
        long committed = Files.list(dir.resolve("runs/failed/_staging")).filter(Files::isDirectory)
                .flatMap(work -> {
                    try {
                        return Files.list(work.resolve("shards"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).filter(f -> f.getFileName().toString().matches("unit-\\d+\\.json")).count();
        assertEquals(1, committed);
        assertTrue(attack.get("detail").asText().startsWith("1 units committed: "), attack.toString());
        assertTrue(attack.get("done").asLong() > 0 && attack.get("done").asLong() < TinyDatasets.TRAIN, attack.toString());
    }

    @Test
    void aRunAJobHoldsIsRunningAndStatusDoesNotWaitForIt() throws IOException {
        Path run = dir.resolve("runs/failed");
        try (RunLock held = RunLock.acquire(new Configuration(), new org.apache.hadoop.fs.Path(run.toString()), "attack",
                Duration.ofMinutes(10), Duration.ZERO)) {
            JsonNode status = status("failed");
            assertEquals("running", status.get("state").asText());
            assertTrue(status.get("detail").asText().startsWith("held by attack (host "), status.toString());
            CliRun text = cli("status", "--run-id", "failed");
            assertTrue(text.out().startsWith("run failed (" + run + "): running: held by attack"), text.out());
        }
    }

    /** A run that does not exist yet has not started: its own exit code (a sensor waits), every task missing. */
    @Test
    void anUnknownRunHasNotStarted() throws IOException {
        CliRun status = cli("status", "--run-id", "never");
        assertEquals(ExitCodes.NOT_STARTED, status.code(), status.toString());
        assertTrue(status.out().startsWith("run never ("), status.out());
        assertTrue(status.out().contains("): not started: there is no run never under"), status.out());
        assertTrue(status.out().contains("`uae run --run-id never` starts it"), status.out());
        JsonNode json = status("never", ExitCodes.NOT_STARTED);
        assertEquals("not started", json.get("state").asText());
        assertTrue(json.get("tasks").size() > 0);
        json.get("tasks").forEach(task -> assertEquals("missing", task.get("state").asText(), task.toString()));
    }
}
