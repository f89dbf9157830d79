package org.uaespark.config;

import java.util.List;
import java.util.Locale;

import com.typesafe.config.Config;

import org.uaespark.attack.Augmentation;
import org.uaespark.experiment.Arm;
import org.uaespark.models.TorchScriptModel;

/**
 * Settings of the {@code attack} stage ({@code uae.attack}).
 *
 * @param augmentation    how the rows are made: a MinMax attack with its profile, or Gaussian noise
 * @param dataset         the run's dataset table to attack (train split)
 * @param model           the run's trained model to attack
 * @param stackedOn       null, or the model-free augmentation arm whose first retrain cell of {@code model} is
 *                        attacked instead (a stacked arm's table, {@code <base>~<method>-<profile>})
 * @param userModel       null, or a user's TorchScript model attacked instead of the run's ({@code model} then only
 *                        names the output folder)
 * @param limit           attack only the first N training samples by id (0 = all)
 * @param samplesPerUnit  mean samples per work unit (commit and resume granularity)
 * @param partitions      Spark partitions (0 = one per unit still to attack)
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
public record AttackStageSettings(Augmentation augmentation, String dataset, String model, Arm.Augmented stackedOn,
        UserModel userModel, int limit,
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
        if (userModel != null && stackedOn != null) {
            throw new IllegalArgumentException("model-path and stacked-on exclude each other: a stacked table is made "
                    + "against a model the grid retrained");
        }
    }

    /**
     * A user's TorchScript model ({@code uae.attack.model-path}, {@code criterion}, {@code input-shape}).
     *
     * @param path       the TorchScript file, on any file system Spark reads
     * @param criterion  how its output at x′ is compared with x: {@code mse} or {@code bce}
     * @param inputShape one sample's shape as the model takes it; empty: the samples' own shape
     */
    public record UserModel(String path, String criterion, List<Integer> inputShape) {
        public UserModel {
            if (path.isBlank()) {
                throw new IllegalArgumentException("model-path must name a TorchScript file");
            }
            TorchScriptModel.Criterion.of(criterion);
            if (inputShape.stream().anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("input-shape must be positive numbers, got " + inputShape);
            }
            inputShape = List.copyOf(inputShape);
        }
    }

    /**
     * These settings for another model of the run and another arm of the grid: its augmentation, made against the
     * trained model or, for a stacked arm, against its base arm's first cell.
     */
    public AttackStageSettings with(String otherModel, Arm arm) {
        return new AttackStageSettings(arm.augmentation().orElseThrow(() -> new IllegalArgumentException(
                "arm '" + arm.name() + "' has no table to make")), dataset, otherModel, arm.stackedOn().orElse(null),
                userModel, limit, samplesPerUnit, partitions, batchSize, maxBatchSize, memoryBudgetMb, device, torchThreads,
                rowsPerFile, onExisting, failPartitions, failAttempts);
    }

    /**
     * The name of the output under {@code <run>/augmented/<model>/}: the augmentation's name, after its base arm's
     * for a stacked arm's table.
     */
    public String outputName() {
        return stackedOn == null ? augmentation.outputName()
                : Arm.Stacked.name(stackedOn.name(), augmentation.outputName());
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
        Arm.Augmented stackedOn = stackedOn(config, augmentation);
        return Settings.read("uae.attack", () -> {
            Config a = config.getConfig("uae.attack");
            String modelPath = a.getString("model-path").trim();
            UserModel userModel = modelPath.isEmpty() ? null
                    : new UserModel(modelPath, a.getString("criterion"), a.getIntList("input-shape"));
            return new AttackStageSettings(augmentation, a.getString("dataset"), a.getString("model"), stackedOn,
                    userModel, a.getInt("limit"), a.getInt("samples-per-unit"), a.getInt("partitions"),
                    batchSize(a.getString("batch-size")), a.getInt("max-batch-size"),
                    a.getInt("memory-budget-mb"), a.getString("device"), a.getInt("torch-threads"),
                    a.getInt("rows-per-file"), OnExisting.fromConfig(a.getString("on-existing")),
                    config.hasPath(FAILURE_HOOK + ".partitions") ? config.getIntList(FAILURE_HOOK + ".partitions")
                            : List.of(),
                    config.hasPath(FAILURE_HOOK + ".attempts") ? config.getInt(FAILURE_HOOK + ".attempts") : 0);
        });
    }

    /**
     * The arm {@code uae.attack.stacked-on} names (with the grid's repeats), or null when it is empty.
     *
     * @throws ConfigurationException when it is not a model-free augmentation arm, or the method cannot be stacked
     */
    private static Arm.Augmented stackedOn(Config config, Augmentation augmentation) {
        return Settings.read("uae.attack", () -> {
            String name = config.getString("uae.attack.stacked-on").trim();
            if (name.isEmpty()) {
                return null;
            }
            int repeats = config.getInt("uae.retrain.repeats");
            Arm base = Arms.parse(name, repeats, config.getInt("uae.attack.repeats"), config);
            if (!(base instanceof Arm.Augmented augmented)) {
                throw new ConfigurationException("stacked-on = '" + name + "' is not an augmentation arm");
            }
            try {
                new Arm.Stacked(augmented, new Arm.Augmented(augmentation, repeats));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("stacked-on = '" + name + "': " + e.getMessage(), e);
            }
            return augmented;
        });
    }
}
