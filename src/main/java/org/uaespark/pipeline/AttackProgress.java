package org.uaespark.pipeline;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver-side progress of the attack job: a log line each time another twentieth of the samples is done (and at
 * the end) with partitions and samples done out of the totals, throughput since the job started and the ETA. It
 * listens to the job of one job group and counts a partition once, however many attempts (retries, speculative
 * copies) it took. The numbers are for people watching the log; the stage's metrics are computed from the written
 * output.
 */
final class AttackProgress extends SparkListener {
    private static final Logger LOG = LoggerFactory.getLogger(AttackProgress.class);
    /** Progress lines per job, at most (plus the last). */
    private static final int LINES = 20;
    private final String jobGroup;
    private final String label;
    private final Map<Integer, Long> samplesPerPartition;
    private final long total;
    private final Set<Integer> resultStages = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private long done;
    private long logged;
    private long started;

    /**
     * @param jobGroup            the Spark job group of the attack job
     * @param label               what is attacked, for the log lines
     * @param samplesPerPartition samples each partition attacks
     */
    AttackProgress(String jobGroup, String label, Map<Integer, Long> samplesPerPartition) {
        this.jobGroup = jobGroup;
        this.label = label;
        this.samplesPerPartition = Map.copyOf(samplesPerPartition);
        this.total = samplesPerPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart job) {
        if (jobGroup.equals(job.properties().getProperty("spark.jobGroup.id"))) {
            int last = -1;
            for (Object stage : scala.collection.JavaConverters.seqAsJavaList(job.stageIds())) {
                last = Math.max(last, (Integer) stage);
            }
            resultStages.add(last);
            started = System.nanoTime();
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd task) {
        int partition = task.taskInfo().index();
        if (!resultStages.contains(task.stageId()) || !task.taskInfo().successful() || !finished.add(partition)) {
            return;
        }
        done += samplesPerPartition.getOrDefault(partition, 0L);
        long step = LINES * done / Math.max(total, 1);
        if (step <= logged && finished.size() < samplesPerPartition.size()) {
            return;
        }
        logged = step;
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        Duration eta = Duration.ofSeconds(rate > 0 ? Math.round((total - done) / rate) : 0);
        LOG.info(String.format(Locale.ROOT, "%s: partition %d done (%d/%d partitions), %d/%d samples (%.1f%%), "
                        + "%.2f samples/s, ETA %s", label, partition, finished.size(), samplesPerPartition.size(), done,
                total, 100.0 * done / Math.max(total, 1), rate, ProgressTime.of(eta)));
    }
}
