package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

import org.uaespark.testing.SparkTestSession;

/**
 * A job of one long partition reports while it runs: the items its task has counted reach the driver with the
 * executor's heartbeat, before the task ends; at the end the finished partition counts exactly its items.
 */
class JobProgressTest {
    /** Released by the test once the driver has seen the running task's count (local mode: one JVM). */
    private static final CountDownLatch SEEN = new CountDownLatch(1);

    @Test
    void aRunningPartitionsCountReachesTheDriverBeforeItEnds() throws Exception {
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        String description = "progress test " + System.nanoTime();
        try (JobProgress progress = new JobProgress(spark.sc(), description, "test", "items", Map.of(0, 10L))) {
            LongAccumulator inFlight = progress.inFlight();
            Thread job = new Thread(() -> {
                spark.setJobDescription(description);
                spark.parallelize(List.of(1), 1).foreach(x -> {
                    inFlight.add(4);
                    SEEN.await(60, TimeUnit.SECONDS);
                });
            });
            job.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (progress.current() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(4, progress.current(), "4 items counted by the running task, read from a heartbeat");
            assertTrue(job.isAlive(), "the task is still running");
            SEEN.countDown();
            job.join(TimeUnit.SECONDS.toMillis(60));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (progress.current() < 10 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertEquals(10, progress.current(), "the finished partition counts its items exactly");
        }
    }
}
