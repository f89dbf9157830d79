package org.uaespark.config;

import java.util.List;

import com.typesafe.config.Config;

import org.uaespark.experiment.Arm;
import org.uaespark.models.ModelKind;

/**
 * Settings of the {@code retrain} stage ({@code uae.retrain}): the experiment grid and how each run trains.
 *
 * @param dataset          the run's dataset table
 * @param models           models of the grid
 * @param arms             training sets: {@code original}, {@code duplicate}, {@code original-2x}, or an augmented
 *                         table of the model ({@code mine-paper}, {@code l2-paper}, {@code gaussian-0.01})
 * @param originalRepeats  seeded repeats of {@code original} (the noise floor)
 * @param gaussianRepeats  repeats of every {@code gaussian-*} arm (its table's repeat r with training seed r)
 * @param device           DJL device of the training tasks
 * @param torchThreads     PyTorch intra-op threads per executor JVM
 * @param evalBatchSize    rows per batch when computing errors
 * @param onExisting       policy for grid cells already published
 * @param selection        how the evaluate stage scores a feature-selecting model's selection (Table 3)
 */
public record RetrainSettings(String dataset, List<ModelKind> models, List<Arm> arms, int originalRepeats,
        int gaussianRepeats, String device, int torchThreads, int evalBatchSize, OnExisting onExisting,
        SelectionScoring selection) {

    /**
     * {@code uae.retrain.selection}: the classifiers fit on the selected columns of the original train rows.
     *
     * @param trees            trees of the extremely randomized forest (scikit-learn's ExtraTreesClassifier: 50)
     * @param randomForest     also fit Spark MLlib's random forest (a distributed job per cell)
     * @param forestMaxDepth   its maximum depth (MLlib caps it at 30)
     * @param forestPartitions the fixed number of hash partitions of its training rows, so that its bootstrap
     *                         samples do not depend on the cluster
     */
    public record SelectionScoring(int trees, boolean randomForest, int forestMaxDepth, int forestPartitions)
            implements java.io.Serializable {
        public SelectionScoring {
            if (trees <= 0 || forestMaxDepth <= 0 || forestMaxDepth > 30 || forestPartitions <= 0) {
                throw new IllegalArgumentException("selection: trees and forest-partitions must be positive and "
                        + "forest-max-depth in 1..30");
            }
        }
    }

    public RetrainSettings {
        models = List.copyOf(models);
        arms = List.copyOf(arms);
        if (models.isEmpty() || arms.isEmpty() || originalRepeats <= 0 || gaussianRepeats <= 0 || torchThreads <= 0
                || evalBatchSize <= 0) {
            throw new IllegalArgumentException("models and arms must not be empty; repeats, torch-threads and "
                    + "eval-batch-size must be positive");
        }
    }

    /** The names of the arms, in grid order. */
    public List<String> armNames() {
        return arms.stream().map(Arm::name).toList();
    }

    /** Reads {@code uae.retrain}. */
    public static RetrainSettings from(Config config) {
        return Settings.read("uae.retrain", () -> {
            Config r = config.getConfig("uae.retrain");
            int originalRepeats = r.getInt("original-repeats");
            int gaussianRepeats = r.getInt("gaussian-repeats");
            return new RetrainSettings(r.getString("dataset"),
                    r.getStringList("models").stream().map(ModelKind::fromConfig).toList(),
                    Arms.parse(r.getStringList("arms"), originalRepeats, gaussianRepeats, config),
                    originalRepeats, gaussianRepeats, r.getString("device"),
                    r.getInt("torch-threads"), r.getInt("eval-batch-size"),
                    OnExisting.fromConfig(r.getString("on-existing")),
                    new SelectionScoring(r.getInt("selection.trees"), r.getBoolean("selection.random-forest"),
                            r.getInt("selection.forest-max-depth"), r.getInt("selection.forest-partitions")));
        });
    }
}
