package org.uaespark.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.testing.Digests;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.Submit;
import org.uaespark.testing.TinyDatasets;

/**
 * Whole drivers in separate JVMs: two {@code uae run} processes started together on one run id (one holds the run,
 * the other exits 2 at once), and a driver killed with {@code kill -9} in the middle of the retrain grid and of
 * evaluate. Run again, each leaves what was published, takes over the dead driver's lock, redoes the rest, and ends
 * with the same models and metrics as an uninterrupted run.
 */
class DriverDrillsIT {
    /** The tiny grid: six cells of ten epochs, so the retrain stage lasts a few seconds per wave of cells. */
    private static final String GRID = """
            uae.retrain { models = [dense], arms = [original, duplicate, mine-tiny], repeats = 2 }
            uae.models.dense { latent = 8, epochs = 10, batch-size = 25 }
            """;
    private static final int CELLS = 6;

    @TempDir
    static Path dir;
    private static Path profile;

    @BeforeAll
    static void runTheWholePipelineOnce() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE + GRID);
        Submit solo = uae("run", "solo");
        assertEquals(0, solo.code(), solo.output());
    }

    private static List<String> args(String command, String runId) {
        return List.of(command, "--profile", profile.toString(), "--run-id", runId);
    }

    private static Submit uae(String command, String runId) {
        return Submit.start(dir, List.of(), "local[2]", args(command, runId)).await(6);
    }

    private static Path run(String runId) {
        return dir.resolve("runs").resolve(runId);
    }

    /** A copy of the solo run without {@code folders} (and without what comes after them). */
    private static void copyWithout(String runId, String... folders) throws IOException {
        RunDirs.copy(dir.resolve("runs"), "solo", runId);
        for (String folder : folders) {
            try (Stream<Path> files = Files.walk(run(runId).resolve(folder))) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Map<String, String> digests(String runId, String folder) {
        return Digests.dataFilesUnder(run(runId).resolve(folder));
    }

    private static JsonNode metrics(String runId) throws IOException {
        return new ObjectMapper().readTree(run(runId).resolve("evaluation/metrics.json").toFile());
    }

    private static long publishedCells(String runId) {
        Path cells = run(runId).resolve("retrained/dense");
        if (!Files.isDirectory(cells)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(cells)) {
            return dirs.filter(d -> Files.exists(d.resolve("_SUCCESS"))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most two minutes) until {@code condition} holds while the driver runs, then kills it with SIGKILL. */
    private static void killWhen(Submit.Running driver, BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 1200 && !condition.getAsBoolean(); i++) {
            if (!driver.process().isAlive()) {
                throw new AssertionError("the driver ended before the drill:\n" + Files.readString(driver.log()));
            }
            Thread.sleep(100);
        }
        assertTrue(condition.getAsBoolean(), "the drill's moment never came:\n" + Files.readString(driver.log()));
        driver.process().destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        driver.process().waitFor();
    }

    @Test
    void twoPipelinesStartedTogetherOnOneRunIdLeaveOneSoloRunsOutputs() throws Exception {
        Submit.Running first = Submit.start(dir, List.of(), "local[2]", args("run", "twins"));
        Submit.Running second = Submit.start(dir, List.of(), "local[2]", args("run", "twins"));
        List<Submit> ended = List.of(first.await(6), second.await(6));
        List<Integer> codes = ended.stream().map(Submit::code).sorted().toList();
        assertEquals(List.of(0, 2), codes, ended.toString());
        Submit refused = ended.get(0).code() == 2 ? ended.get(0) : ended.get(1);
        assertTrue(refused.output().contains("is being written by run (host "), refused.output());
        for (String folder : List.of("datasets", "models", "augmented", "retrained")) {
            assertEquals(digests("solo", folder), digests("twins", folder), folder);
        }
        assertEquals(metrics("solo").get("cells"), metrics("twins").get("cells"));
        Submit again = uae("run", "twins");
        assertEquals(0, again.code(), again.output());
        assertTrue(again.output().contains("0 cell(s) trained, " + CELLS + " kept"), again.output());
    }

    @Test
    void aDriverKilledInTheRetrainGridIsResumedToTheSameModels() throws Exception {
        copyWithout("killed-retrain", "report", "evaluation", "retrained");
        Submit.Running driver = Submit.start(dir, List.of(), "local[2]", args("retrain", "killed-retrain"));
        killWhen(driver, () -> publishedCells("killed-retrain") >= 1);
        long published = publishedCells("killed-retrain");
        assertTrue(published < CELLS, "killed with cells still to train (" + published + " published)");
        assertTrue(Files.exists(run("killed-retrain").resolve("_lock")), "the dead driver's lock is left behind");

        Submit resumed = uae("retrain", "killed-retrain");
        assertEquals(0, resumed.code(), resumed.output());
        assertTrue(resumed.output().contains("which is no longer running"), "the stale lock was taken over");
        assertTrue(resumed.output().contains(published + " already published and kept"), resumed.output());
        assertEquals(digests("solo", "retrained"), digests("killed-retrain", "retrained"));
        assertFalse(Files.exists(run("killed-retrain").resolve("_staging")), "what the dead driver staged is gone");
        assertFalse(Files.exists(run("killed-retrain").resolve("_lock")));
    }

    @Test
    void aDriverKilledInEvaluateIsRerunToTheSameMetrics() throws Exception {
        copyWithout("killed-evaluate", "report", "evaluation");
        Submit.Running driver = Submit.start(dir, List.of(), "local[2]", args("evaluate", "killed-evaluate"));
        killWhen(driver, () -> logContains(driver, "holding run"));
        assertFalse(Files.exists(run("killed-evaluate").resolve("evaluation/metrics.json"))
                && !Files.exists(run("killed-evaluate").resolve("evaluation/_SUCCESS")), "nothing half-published");

        Submit rerun = uae("evaluate", "killed-evaluate");
        assertEquals(0, rerun.code(), rerun.output());
        JsonNode solo = metrics("solo");
        JsonNode again = metrics("killed-evaluate");
        assertEquals(solo.get("cells"), again.get("cells"));
        assertEquals(solo.get("models"), again.get("models"));
    }

    private static boolean logContains(Submit.Running driver, String text) {
        try {
            return Files.readString(driver.log()).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
