package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.uaespark.config.ConfigurationException;
import org.uaespark.data.InputValidationException;
import org.uaespark.pipeline.store.Json;
import org.uaespark.pipeline.store.RunLock;

/** The run directory's single-writer lock: refusal while the holder lives, takeover once it is dead. */
class RunLockTest {
    private static final Duration STALE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private RunLock acquire(String command) {
        return RunLock.acquire(new Configuration(), new org.apache.hadoop.fs.Path(dir.resolve("run").toString()), command,
                STALE, Duration.ZERO);
    }

    private Path lockFile() {
        return dir.resolve("run").resolve(RunLock.FILE);
    }

    private void writeLock(String host, long pid, String processStart) throws IOException {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), Json.mapper().writeValueAsString(new RunLock.Holder(host, pid, processStart,
                "retrain", "2026-01-01T00:00:00Z", "their-token")));
    }

    @Test
    void aSecondJobIsRefusedWithTheHoldersNameAndGetsTheRunOnceItIsReleased() throws IOException {
        try (RunLock held = acquire("attack")) {
            assertEquals("attack", held.holder().command());
            ConfigurationException refused = assertThrows(ConfigurationException.class, () -> acquire("retrain"));
            assertTrue(refused.getMessage().contains("is being written by attack (host "
                    + InetAddress.getLocalHost().getHostName() + ", pid " + ProcessHandle.current().pid()),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("use another --run-id"), refused.getMessage());
            assertEquals("attack", Json.mapper().readTree(lockFile().toFile()).get("command").asText());
        }
        assertFalse(Files.exists(lockFile()), "released");
        try (RunLock again = acquire("retrain")) {
            assertEquals("retrain", again.holder().command());
        }
    }

    @Test
    void ofManyJobsStartedAtOnceExactlyOneHoldsTheRunAndTheOthersNameIt() throws Exception {
        int jobs = 8;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs);
        List<java.util.concurrent.Future<RunLock>> attempts = new java.util.ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            attempts.add(pool.submit(() -> {
                start.await();
                return acquire("attack");
            }));
        }
        start.countDown();
        List<RunLock> held = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<RunLock> attempt : attempts) {
            try {
                held.add(attempt.get());
            } catch (java.util.concurrent.ExecutionException e) {
                // A half-written lock would be read by someone: every refusal must name the holder.
                assertTrue(e.getCause() instanceof ConfigurationException, e.getCause().toString());
                assertTrue(e.getCause().getMessage().contains("is being written by attack (host "),
                        e.getCause().getMessage());
            }
        }
        pool.shutdown();
        assertEquals(1, held.size(), "one holder");
        held.get(0).close();
        try (Stream<Path> left = Files.list(dir.resolve("run"))) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).toList(),
                    "no lock and no temporary file left");
        }
    }

    @Test
    void aJobAllowedToWaitGetsTheRunWhenTheHolderReleasesIt() throws Exception {
        RunLock held = acquire("attack");
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        releaser.start();
        long started = System.nanoTime();
        try (RunLock waited = RunLock.acquire(new Configuration(),
                new org.apache.hadoop.fs.Path(dir.resolve("run").toString()), "retrain", STALE, Duration.ofMinutes(1))) {
            assertEquals("retrain", waited.holder().command());
            assertTrue(System.nanoTime() - started >= 1_000_000_000L, "it waited for the release");
        }
        releaser.join();
        try (RunLock again = acquire("attack")) {
            ConfigurationException late = assertThrows(ConfigurationException.class, () -> RunLock.acquire(
                    new Configuration(), new org.apache.hadoop.fs.Path(dir.resolve("run").toString()), "retrain", STALE,
                    Duration.ofMillis(300)));
            assertTrue(late.getMessage().contains("is being written by attack"), late.getMessage());
        }
    }

    @Test
    void aLockLeftByADeadProcessOnThisHostIsTakenOver() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        writeLock(InetAddress.getLocalHost().getHostName(), finished.pid(), "2026-01-01T00:00:00Z");
        try (RunLock taken = acquire("run")) {
            assertEquals(taken.holder().token(), Json.mapper().readTree(lockFile().toFile()).get("token").asText());
        }
    }

    @Test
    void aReusedPidDoesNotKeepADeadHoldersLock() throws Exception {
        // Our own PID, but a process start time that is not ours: the PID was reused after the holder died.
        writeLock(InetAddress.getLocalHost().getHostName(), ProcessHandle.current().pid(), "2001-01-01T00:00:00Z");
        try (RunLock taken = acquire("run")) {
            assertEquals("run", taken.holder().command());
        }
    }

    @Test
    void anotherHostsLockCountsUntilItsHeartbeatIsStale() throws Exception {
        writeLock("some-other-host", 4242, "2026-01-01T00:00:00Z");
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> acquire("attack"));
        assertTrue(refused.getMessage().contains("host some-other-host, pid 4242"), refused.getMessage());
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(STALE).minusSeconds(60)));
        try (RunLock taken = acquire("attack")) {
            assertEquals("attack", taken.holder().command());
        }
    }

    @Test
    void releasingLeavesALockThatIsNoLongerThisJobs() throws IOException {
        RunLock mine = acquire("attack");
        writeLock("some-other-host", 4242, "");
        mine.close();
        assertTrue(Files.exists(lockFile()), "another job's lock is not deleted");
    }

    @Test
    void anUnwritableRunDirectoryIsAnInputError() throws IOException {
        // A runs root that is a file (permissions do not stop root, which CI may run as).
        Path notAFolder = Files.writeString(dir.resolve("runs-root"), "x");
        InputValidationException error = assertThrows(InputValidationException.class, () -> RunLock.acquire(
                new Configuration(), new org.apache.hadoop.fs.Path(notAFolder.resolve("run").toString()), "ingest",
                STALE, Duration.ZERO));
        assertTrue(error.getMessage().contains(notAFolder.resolve("run") + " is not writable"), error.getMessage());
    }
}
