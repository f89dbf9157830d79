package org.uaespark.config;

import java.util.List;
import java.util.Locale;

import com.typesafe.config.Config;

import org.uaespark.attack.Augmentation;

/**
 * Settings of the {@code attack} stage ({@code uae.attack}).
 *
 * @param augmentation    how the rows are made: a MinMax attack with its profile, or Gaussian noise
 * @param dataset         the run's dataset table to attack (train split)
 * @param model           the run's trained model to attack
 * @param limit           attack only the first N training samples by id (0 = all)
 * @param samplesPerUnit  mean samples per work unit (commit and resume granularity)
 * @param partitions      Spark partitions (0 = automatic)
 * @param batchSize       samples attacked together (0 = chosen from the memory budget)
 * @param maxBatchSize    cap of the automatic batch size
 * @param memoryBudgetMb  per-task memory budget of the automatic batch size
 * @param device          DJL device of tasks without a Spark-assigned GPU
 * @param torchThreads    PyTorch intra-op threads per executor JVM
 * @param rowsPerFile     rows per output Parquet file
 * @param onExisting      policy when the run already holds this output
 * @param failPartitions  test hook ({@value #FAILURE_HOOK}, not in the shipped configuration): partitions whose
 *                        tasks fail after their first committed unit
 * @param failAttempts    test hook: attempts (0, 1, …) below this number fail
 */
public record AttackStageSettings(Augmentation augmentation, String dataset, String model, int limit,
        int samplesPerUnit, int partitions, int batchSize, int maxBatchSize, int memoryBudgetMb, String device,
        int torchThreads, int rowsPerFile, OnExisting onExisting, List<Integer> failPartitions, int failAttempts) {
    /** Where tests set the failure-injection hook (absent from conf/defaults.conf: nothing to set in production). */
    public static final String FAILURE_HOOK = "uae.testing.attack-failure";

    public AttackStageSettings {
        atLeast("limit", limit, 0);
        atLeast("partitions", partitions, 0);
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch-size must be auto or a positive number, got " + batchSize);
        }
        atLeast("samples-per-unit", samplesPerUnit, 1);
        atLeast("max-batch-size", maxBatchSize, 1);
        atLeast("memory-budget-mb", memoryBudgetMb, 1);
        atLeast("torch-threads", torchThreads, 1);
        atLeast("rows-per-file", rowsPerFile, 1);
        failPartitions = List.copyOf(failPartitions);
    }

    /** These settings for another model of the run and another augmentation (a cell of the grid). */
    public AttackStageSettings with(String otherModel, Augmentation otherAugmentation) {
        return new AttackStageSettings(otherAugmentation, dataset, otherModel, limit, samplesPerUnit, partitions,
                batchSize, maxBatchSize, memoryBudgetMb, device, torchThreads, rowsPerFile, onExisting, failPartitions,
                failAttempts);
    }

    /** The name of the output under {@code <run>/augmented/<model>/}: the augmentation's name. */
    public String outputName() {
        return augmentation.outputName();
    }

    /**
     * Parses a {@code batch-size} value: {@code auto} (0) or a positive number.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static int batchSize(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("batch-size must be auto or a positive number, got '" + value + "'");
    }

    private static void atLeast(String key, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(key + " must be at least " + least + ", got " + value);
        }
    }

    /** Reads {@code uae.attack} and the augmentation it describes ({@link Augmentations#ofAttackSection}). */
    public static AttackStageSettings from(Config config) {
        Augmentation augmentation = Augmentations.ofAttackSection(config);
        return Settings.read("uae.attack", () -> {
            Config a = config.getConfig("uae.attack");
            return new AttackStageSettings(augmentation, a.getString("dataset"), a.getString("model"),
                    a.getInt("limit"), a.getInt("samples-per-unit"), a.getInt("partitions"),
                    batchSize(a.getString("batch-size")), a.getInt("max-batch-size"),
                    a.getInt("memory-budget-mb"), a.getString("device"), a.getInt("torch-threads"),
                    a.getInt("rows-per-file"), OnExisting.fromConfig(a.getString("on-existing")),
                    config.hasPath(FAILURE_HOOK + ".partitions") ? config.getIntList(FAILURE_HOOK + ".partitions")
                            : List.of(),
                    config.hasPath(FAILURE_HOOK + ".attempts") ? config.getInt(FAILURE_HOOK + ".attempts") : 0);
        });
    }
}
