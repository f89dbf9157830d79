package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.cli.ExitCodes;
import org.uaespark.pipeline.store.RunLock;
import org.uaespark.testing.CliRun;
import org.uaespark.testing.Digests;
import org.uaespark.testing.RunDirs;
import org.uaespark.testing.TinyDatasets;

/**
 * Two jobs started at once on one run id: one holds the run, the other is refused at once (exit 2, naming the
 * holder) without touching it; the holder's outputs are valid and byte-identical to a solo run's, and the refused
 * job, run again as a scheduler would, keeps them. Whole pipelines in two processes: {@code DriverDrillsIT}.
 */
class ConcurrentJobsTest {
    private static final String[] GRID = {"--set", "retrain.arms=[original, mine-tiny]", "--set",
            "retrain.repeats=1", "--set", "models.dense.latent=8", "--set", "models.dense.epochs=2", "--set",
            "models.dense.batch-size=25"};

    @TempDir
    static Path dir;
    private static Path profile;

    private static CliRun cli(String runId, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--profile", profile.toString(), "--run-id", runId));
        all.addAll(Arrays.asList(GRID));
        return CliRun.of(all.toArray(new String[0]));
    }

    @BeforeAll
    static void trainAModel() {
        profile = TinyDatasets.idxProfile(dir.resolve("src"), dir.resolve("runs"));
        RunDirs.append(profile, RunDirs.TINY_ATTACK_PROFILE);
        assertEquals(0, cli("t", "ingest").code());
        assertEquals(0, cli("t", "train", "--model", "dense").code());
    }

    /** Starts both commands at the same instant on threads of this JVM and returns their runs. */
    private static List<CliRun> together(String runId, String... args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<CliRun>> jobs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                jobs.add(pool.submit(() -> {
                    start.await();
                    return cli(runId, args);
                }));
            }
            start.countDown();
            List<CliRun> out = new ArrayList<>();
            for (Future<CliRun> job : jobs) {
                out.add(job.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** The holder succeeded and the other was refused naming it; returns the refused run. */
    private static CliRun oneHoldsTheOtherIsRefused(List<CliRun> runs, String command) {
        List<Integer> codes = runs.stream().map(CliRun::code).sorted().toList();
        assertEquals(List.of(ExitCodes.OK, ExitCodes.USAGE), codes, runs.toString());
        CliRun refused = runs.get(0).code() == ExitCodes.USAGE ? runs.get(0) : runs.get(1);
        assertTrue(refused.err().contains("is being written by " + command + " (host "), refused.err());
        return refused;
    }

    private static Map<String, String> outputs(String runId, String folder) {
        Map<String, String> out = Digests.dataFilesUnder(dir.resolve("runs").resolve(runId).resolve(folder));
        assertTrue(!out.isEmpty(), "no outputs under " + runId + "/" + folder);
        return out;
    }

    @Test
    void twoAttacksOnOneRun() throws Exception {
        RunDirs.copy(dir.resolve("runs"), "t", "attack-solo");
        RunDirs.copy(dir.resolve("runs"), "t", "attack-twins");
        assertEquals(0, cli("attack-solo", "attack", "--attack-profile", "tiny").code());
        oneHoldsTheOtherIsRefused(together("attack-twins", "attack", "--attack-profile", "tiny"), "attack");
        assertEquals(outputs("attack-solo", "augmented"), outputs("attack-twins", "augmented"));
        CliRun again = cli("attack-twins", "attack", "--attack-profile", "tiny");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("already published, kept"), again.out());
        assertTrue(Files.notExists(dir.resolve("runs/attack-twins").resolve(RunLock.FILE)), "released");
    }

    @Test
    void twoRetrainsOnOneRun() throws Exception {
        RunDirs.copy(dir.resolve("runs"), "t", "retrain-base");
        assertEquals(0, cli("retrain-base", "attack", "--attack-profile", "tiny").code());
        RunDirs.copy(dir.resolve("runs"), "retrain-base", "retrain-solo");
        RunDirs.copy(dir.resolve("runs"), "retrain-base", "retrain-twins");
        assertEquals(0, cli("retrain-solo", "retrain").code());
        oneHoldsTheOtherIsRefused(together("retrain-twins", "retrain"), "retrain");
        assertEquals(outputs("retrain-solo", "retrained"), outputs("retrain-twins", "retrained"));
        CliRun again = cli("retrain-twins", "retrain");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("2 already published and kept"), again.out());
    }
}
