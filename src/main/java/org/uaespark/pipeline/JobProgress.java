package org.uaespark.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Tuple4;
import scala.collection.JavaConverters;

/**
 * Driver-side progress of one long Spark job (an attack, the retrain grid, the evaluation's scoring): a log line
 * each time another twentieth of the work is done, and at least every 30 seconds while it runs, with the items done
 * out of the total, the partitions finished, the rate since the job started and the ETA in minutes and seconds.
 *
 * <p>A finished partition counts its items exactly, once, however many attempts it took. Within a running
 * partition the count comes from an accumulator the tasks add to as they go ({@link #inFlight()}), read from the
 * executors' heartbeats (every {@code spark.executor.heartbeatInterval}, 10 s by default): so a job of one long
 * partition reports as it goes, not only when it ends. The numbers are for people watching the log; the stages'
 * metrics are computed from their written outputs.
 */
final class JobProgress extends SparkListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);
    /** Lines per job at a steady rate: one per twentieth. */
    private static final int STEPS = 20;
    /** The longest silence while the job runs. */
    private static final long QUIET_NANOS = Duration.ofSeconds(30).toNanos();

    private final SparkContext spark;
    private final String description;
    private final String label;
    private final String unit;
    private final Map<Integer, Long> itemsPerPartition;
    private final long total;
    private final LongAccumulator inFlight;
    private final Set<Integer> resultStages = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private final Map<Long, Long> running = new HashMap<>();
    private long done;
    private long step;
    private long started;
    private long lastLine;

    /**
     * Watches the job whose description ({@code SparkContext.setJobDescription}) is {@code description}, from now
     * until {@link #close()}.
     *
     * @param label             what the job does, at the start of each line
     * @param unit              what is counted, e.g. {@code samples}
     * @param itemsPerPartition items each partition processes
     */
    JobProgress(SparkContext spark, String description, String label, String unit,
            Map<Integer, Long> itemsPerPartition) {
        this.spark = spark;
        this.description = description;
        this.label = label;
        this.unit = unit;
        this.itemsPerPartition = Map.copyOf(itemsPerPartition);
        this.total = itemsPerPartition.values().stream().mapToLong(Long::longValue).sum();
        this.inFlight = spark.longAccumulator("progress: " + description);
        spark.addSparkListener(this);
    }

    /** {@code partitions} partitions of one item each (a grid cell, a selection), as {@code parallelize} makes them. */
    static Map<Integer, Long> onePerPartition(int partitions) {
        Map<Integer, Long> out = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            out.put(p, 1L);
        }
        return out;
    }

    /** The accumulator a task adds its items to as it processes them, for progress within a partition. */
    LongAccumulator inFlight() {
        return inFlight;
    }

    @Override
    public void close() {
        spark.removeSparkListener(this);
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart job) {
        if (description.equals(job.properties().getProperty(org.apache.spark.SparkContext$.MODULE$.SPARK_JOB_DESCRIPTION()))) {
            int last = -1;
            for (Object stage : JavaConverters.seqAsJavaList(job.stageIds())) {
                last = Math.max(last, (Integer) stage);
            }
            resultStages.add(last);
            started = System.nanoTime();
            lastLine = started;
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd task) {
        if (!resultStages.contains(task.stageId())) {
            return;
        }
        running.remove(task.taskInfo().taskId());
        int partition = task.taskInfo().index();
        if (task.taskInfo().successful() && finished.add(partition)) {
            done += itemsPerPartition.getOrDefault(partition, 0L);
            report();
        }
    }

    @Override
    public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> task
                : JavaConverters.seqAsJavaList(update.accumUpdates())) {
            if (!resultStages.contains((Integer) task._2())) {
                continue;
            }
            for (AccumulableInfo info : JavaConverters.seqAsJavaList(task._4())) {
                if (info.id() == inFlight.id() && info.update().isDefined()) {
                    running.put((Long) task._1(), ((Number) info.update().get()).longValue());
                }
            }
        }
        if (!resultStages.isEmpty()) {
            report();
        }
    }

    /** The items done: those of the finished partitions and, from the last heartbeats, of the running ones. */
    synchronized long current() {
        return Math.min(total, done + running.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Logs a line when another twentieth is done, when the job ends, or after {@link #QUIET_NANOS} of silence. */
    private void report() {
        long now = System.nanoTime();
        long current = current();
        long currentStep = STEPS * current / Math.max(total, 1);
        boolean end = finished.size() == itemsPerPartition.size();
        if (currentStep <= step && !end && now - lastLine < QUIET_NANOS) {
            return;
        }
        step = Math.max(step, currentStep);
        lastLine = now;
        double seconds = (now - started) / 1e9;
        double rate = current / Math.max(seconds, 1e-9);
        Duration eta = Duration.ofSeconds(rate > 0 ? Math.round((total - current) / rate) : 0);
        LOG.info(String.format(Locale.ROOT, "%s: %d/%d %s (%.1f%%), %d/%d partitions done, %.2f %s/s, ETA %s", label,
                current, total, unit, 100.0 * current / Math.max(total, 1), finished.size(), itemsPerPartition.size(),
                rate, unit, rate > 0 ? ProgressTime.of(eta) : "unknown yet"));
    }
}
