package org.uaespark.config;

import java.util.List;
import java.util.function.Predicate;

import com.typesafe.config.Config;

import org.uaespark.experiment.Arm;
import org.uaespark.models.ModelKind;

/**
 * Settings of the {@code retrain} stage ({@code uae.retrain}): the experiment grid and how each run trains.
 *
 * @param dataset          the run's dataset table
 * @param models           models of the grid
 * @param arms             training sets: {@code original}, {@code duplicate}, {@code original-2x}, or an augmented
 *                         table of the model ({@code mine-paper}, {@code l2-paper}, {@code gaussian-0.01}), or
 *                         an arm stacked on one ({@code rotate-15~mine-cpu})
 * @param repeats          seeded repeats of every arm: repeat r trains with seed r and, for an augmented arm, on
 *                         its table's repeat r where the table holds one per cell ({@code uae.attack.repeats})
 * @param device           DJL device of the training tasks
 * @param torchThreads     PyTorch intra-op threads per executor JVM
 * @param evalBatchSize    rows per batch when computing errors
 * @param onExisting       policy for grid cells already published
 * @param selection        how the evaluate stage scores a feature-selecting model's selection (Table 3)
 * @param linear           how the evaluate stage scores a contrastive model's representation (Table 4)
 */
public record RetrainSettings(String dataset, List<ModelKind> models, List<Arm> arms, int repeats,
        String device, int torchThreads, int evalBatchSize, OnExisting onExisting,
        SelectionScoring selection, LinearScoring linear) {

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

    /**
     * {@code uae.retrain.linear}: linear evaluation of a contrastive encoder and the PGD robustness check.
     *
     * @param maxIterations  iterations of MLlib's multinomial logistic regression on the frozen train features
     * @param regularization its L2 regularisation
     * @param partitions     the fixed number of hash partitions of its training rows (the fit does not depend on
     *                       the cluster's parallelism)
     * @param pgdSamples     test images attacked by PGD: a seeded subset (1000 in the paper; 0 skips PGD)
     * @param pgdSteps       PGD steps (100)
     * @param pgdStepSize    PGD step size (0.01)
     * @param epsilons       L∞ budgets in 255ths of the pixel range (1, 2, 4, …, 16)
     */
    public record LinearScoring(int maxIterations, double regularization, int partitions, int pgdSamples,
            int pgdSteps, double pgdStepSize, List<Double> epsilons) implements java.io.Serializable {
        public LinearScoring {
            epsilons = List.copyOf(epsilons);
            if (maxIterations <= 0 || regularization < 0 || partitions <= 0 || pgdSamples < 0 || pgdSteps <= 0
                    || !(pgdStepSize > 0) || epsilons.isEmpty() || epsilons.stream().anyMatch(e -> !(e > 0))) {
                throw new IllegalArgumentException("linear: max-iterations, partitions, pgd.steps and pgd.step-size "
                        + "must be positive, regularization and pgd.samples non-negative, pgd.epsilons positive");
            }
        }

        /** The budgets as fractions of the pixel range. */
        public double[] epsilonFractions() {
            return epsilons.stream().mapToDouble(e -> e / 255.0).toArray();
        }
    }

    public RetrainSettings {
        models = List.copyOf(models);
        arms = List.copyOf(arms);
        if (models.isEmpty() || arms.isEmpty() || repeats <= 0 || torchThreads <= 0
                || evalBatchSize <= 0) {
            throw new IllegalArgumentException("models and arms must not be empty; repeats, torch-threads and "
                    + "eval-batch-size must be positive");
        }
    }

    /** This grid with only the arms {@code keep} accepts (a wave of a grid whose other arms wait for attacks). */
    public RetrainSettings withArms(Predicate<Arm> keep) {
        return new RetrainSettings(dataset, models, arms.stream().filter(keep).toList(), repeats, device, torchThreads,
                evalBatchSize, onExisting, selection, linear);
    }

    /** The names of the arms, in grid order. */
    public List<String> armNames() {
        return arms.stream().map(Arm::name).toList();
    }

    /** Reads {@code uae.retrain}. */
    public static RetrainSettings from(Config config) {
        return Settings.read("uae.retrain", () -> {
            Config r = config.getConfig("uae.retrain");
            int repeats = r.getInt("repeats");
            return new RetrainSettings(r.getString("dataset"),
                    r.getStringList("models").stream().map(ModelKind::fromConfig).toList(),
                    Arms.parse(r.getStringList("arms"), repeats, config.getInt("uae.attack.repeats"), config),
                    repeats, r.getString("device"),
                    r.getInt("torch-threads"), r.getInt("eval-batch-size"),
                    OnExisting.fromConfig(r.getString("on-existing")),
                    new SelectionScoring(r.getInt("selection.trees"), r.getBoolean("selection.random-forest"),
                            r.getInt("selection.forest-max-depth"), r.getInt("selection.forest-partitions")),
                    new LinearScoring(r.getInt("linear.max-iterations"), r.getDouble("linear.regularization"),
                            r.getInt("linear.partitions"), r.getInt("linear.pgd.samples"),
                            r.getInt("linear.pgd.steps"), r.getDouble("linear.pgd.step-size"),
                            r.getDoubleList("linear.pgd.epsilons")));
        });
    }
}
