package org.uaespark.pipeline.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ai.djl.Device;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import scala.Tuple2;

import org.uaespark.config.AttackStageSettings;
import org.uaespark.pipeline.store.ShardStore;
import org.uaespark.pipeline.store.UnitManifest;

/**
 * The attack task: walks its partition's samples (sorted by unit, then id), attacks each unit that is not yet
 * committed, and commits it as a shard with a manifest (executor, host, attempt, device, seconds). A retried or
 * resumed task skips committed units. The failure hook throws after the task's first commit on chosen
 * partitions and attempts, so tests can prove that retries and restarts lose and duplicate nothing.
 *
 * @param attacker        what to do to each unit's samples
 * @param shards          where units are committed
 * @param device          device of tasks without a Spark-assigned GPU
 * @param failPartitions  test hook: partitions that fail after their first commit
 * @param failAttempts    test hook: attempts below this number fail
 * @param progress        samples attacked so far by this task, batch by batch (the driver reads it from the
 *                        executors' heartbeats)
 */
public record UnitRunner(SampleAttacker attacker, ShardStore shards, String device, List<Integer> failPartitions,
        int failAttempts, LongAccumulator progress) implements VoidFunction<Iterator<Tuple2<WorkUnits.Key, InputSample>>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnitRunner.class);

    @Override
    public void call(Iterator<Tuple2<WorkUnits.Key, InputSample>> samples) {
        TaskContext task = TaskContext.get();
        List<InputSample> unit = new ArrayList<>();
        int current = -1;
        int committed = 0;
        while (samples.hasNext()) {
            Tuple2<WorkUnits.Key, InputSample> next = samples.next();
            if (next._1().unit() != current && !unit.isEmpty()) {
                committed += run(current, unit, task);
                unit.clear();
                injectFailure(task, committed);
            }
            current = next._1().unit();
            unit.add(next._2());
        }
        if (!unit.isEmpty()) {
            committed += run(current, unit, task);
            injectFailure(task, committed);
        }
    }

    private int run(int unit, List<InputSample> samples, TaskContext task) {
        if (shards.isComplete(unit)) {
            LOG.info("unit {} already committed; skipped", unit);
            return 0;
        }
        Device taskDevice = TaskDevices.current(device);
        long started = System.nanoTime();
        List<Row> rows = attacker.attack(samples, taskDevice, progress::add);
        double seconds = (System.nanoTime() - started) / 1e9;
        shards.commit(unit, rows, new UnitManifest(task == null ? 0 : task.attemptNumber(), attacker.batchSize(),
                taskDevice.toString(), SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId(),
                samples.get(0).sampleId(), hostName(), task == null ? -1 : task.partitionId(), rows.size(),
                samples.size(), seconds, unit));
        return 1;
    }

    private void injectFailure(TaskContext task, int committed) {
        if (task != null && committed == 1 && failPartitions.contains(task.partitionId())
                && task.attemptNumber() < failAttempts) {
            throw new IllegalStateException("injected failure (" + AttackStageSettings.FAILURE_HOOK + ") in partition "
                    + task.partitionId() + ", attempt " + task.attemptNumber() + ", after its first committed unit");
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
