package org.uaespark.config;

import java.util.List;
import java.util.Locale;

import com.typesafe.config.Config;

import org.uaespark.attack.AttackSettings;

/**
 * Settings of the {@code attack} stage ({@code uae.attack}).
 *
 * @param method          mine, l2 or gaussian
 * @param profile         the entry of {@code uae.attack-profiles} (MinMax methods)
 * @param attack          the MinMax hyperparameters of that profile; null for Gaussian augmentation
 * @param dataset         the run's dataset table to attack (train split)
 * @param model           the run's trained model to attack
 * @param limit           attack only the first N training samples by id (0 = all)
 * @param sigma           Gaussian augmentation noise
 * @param repeats         Gaussian augmentation repeats
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
public record AttackStageSettings(AugmentationMethod method, String profile, AttackSettings attack, String dataset,
        String model, int limit, double sigma, int repeats, int samplesPerUnit, int partitions, int batchSize,
        int maxBatchSize, int memoryBudgetMb, String device, int torchThreads, int rowsPerFile, OnExisting onExisting,
        List<Integer> failPartitions, int failAttempts) {
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
        atLeast("gaussian.repeats", repeats, 1);
        if (method == AugmentationMethod.GAUSSIAN && !(sigma > 0)) {
            throw new IllegalArgumentException("gaussian.sigma must be positive, got " + sigma);
        }
        failPartitions = List.copyOf(failPartitions);
    }

    private static int batchSize(String value) {
        try {
            int n = Integer.parseInt(value);
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

    /**
     * The name of the output under {@code <run>/augmented/<model>/}: {@code <method>-<profile>} for the MinMax
     * methods, {@code gaussian-<sigma>} for Gaussian augmentation.
     */
    public String outputName() {
        return method == AugmentationMethod.GAUSSIAN ? "gaussian-" + sigmaLabel(sigma) : method.configName() + "-" + profile;
    }

    /** σ as written in output names, e.g. {@code 0.01}. */
    public static String sigmaLabel(double sigma) {
        return java.math.BigDecimal.valueOf(sigma).stripTrailingZeros().toPlainString();
    }

    /** Reads {@code uae.attack} and, for the MinMax methods, the attack profile it names. */
    public static AttackStageSettings from(Config config) {
        AugmentationMethod method = AttackProfiles.method(config);
        String profile = Settings.read("uae.attack", () -> config.getString("uae.attack.profile").trim());
        AttackSettings attack = method.attack() == null ? null : AttackProfiles.read(config, profile, method.attack());
        return Settings.read("uae.attack", () -> {
            Config a = config.getConfig("uae.attack");
            String batch = a.getString("batch-size").trim().toLowerCase(Locale.ROOT);
            return new AttackStageSettings(method, profile, attack, a.getString("dataset"), a.getString("model"),
                    a.getInt("limit"), a.getDouble("gaussian.sigma"), a.getInt("gaussian.repeats"),
                    a.getInt("samples-per-unit"), a.getInt("partitions"),
                    batch.equals("auto") ? 0 : batchSize(batch), a.getInt("max-batch-size"),
                    a.getInt("memory-budget-mb"), a.getString("device"), a.getInt("torch-threads"),
                    a.getInt("rows-per-file"), OnExisting.fromConfig(a.getString("on-existing")),
                    config.hasPath(FAILURE_HOOK + ".partitions") ? config.getIntList(FAILURE_HOOK + ".partitions")
                            : List.of(),
                    config.hasPath(FAILURE_HOOK + ".attempts") ? config.getInt(FAILURE_HOOK + ".attempts") : 0);
        });
    }
}
