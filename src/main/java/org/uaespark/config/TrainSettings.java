package org.uaespark.config;

import com.typesafe.config.Config;

import org.uaespark.models.ContrastiveRecipe;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * Settings of the {@code train} stage.
 *
 * @param recipe        the model to train ({@code uae.models.<uae.train.model>})
 * @param dataset       name of the run's dataset table to train on
 * @param device        DJL device name, e.g. {@code cpu} or {@code gpu0}
 * @param evalBatchSize rows per batch when computing reconstruction errors
 * @param onExisting    policy when the run already holds this model
 */
public record TrainSettings(ModelRecipe recipe, String dataset, String device, int evalBatchSize, OnExisting onExisting) {

    public TrainSettings {
        if (evalBatchSize <= 0) {
            throw new IllegalArgumentException("eval-batch-size must be positive");
        }
    }

    /** These settings with another recipe. */
    public TrainSettings withRecipe(ModelRecipe other) {
        return new TrainSettings(other, dataset, device, evalBatchSize, onExisting);
    }

    /** Reads {@code uae.train} and the recipe it names. */
    public static TrainSettings from(Config config) {
        return Settings.read("uae.train", () -> {
            Config train = config.getConfig("uae.train");
            return new TrainSettings(recipe(config, ModelKind.fromConfig(train.getString("model"))),
                    train.getString("dataset"), train.getString("device"), train.getInt("eval-batch-size"),
                    OnExisting.fromConfig(train.getString("on-existing")));
        });
    }

    /** {@code batch-size}: a positive number, or {@code auto} for max(rows / 256, 16). */
    private static int batchSize(Config model) {
        if (model.getValue("batch-size").unwrapped() instanceof String s && s.trim().equals("auto")) {
            return ModelRecipe.AUTO_BATCH;
        }
        return model.getInt("batch-size");
    }

    /** The contrastive settings of {@code uae.models.simclr}. */
    private static ContrastiveRecipe contrastive(Config m) {
        return new ContrastiveRecipe(m.getInt("width"), m.getInt("blocks"), m.getDouble("temperature"),
                m.getInt("warmup-epochs"), m.getDouble("weight-decay"), m.getDouble("momentum"),
                m.getDouble("trust-coefficient"), m.getDouble("jitter-strength"), m.getInt("attack-views"),
                m.getBoolean("attack-augmentation"));
    }

    /** Reads the recipe {@code uae.models.<kind>}. */
    public static ModelRecipe recipe(Config config, ModelKind kind) {
        return Settings.read("uae.models." + kind.configName(), () -> {
            Config m = config.getConfig("uae.models." + kind.configName());
            Config o = m.getConfig("optimizer");
            OptimizerSpec optimizer = new OptimizerSpec(o.getString("name"), o.getDouble("learning-rate"),
                    o.getDouble("rho"), o.getDouble("beta1"), o.getDouble("beta2"), o.getDouble("epsilon"));
            return new ModelRecipe(kind, m.getInt("latent"), m.getInt("hidden"), optimizer, m.getInt("epochs"),
                    batchSize(m), m.getDouble("sparsity-weight"), m.getDouble("sparsity-target"),
                    m.getDouble("activity-l1"), m.hasPath("selection-tries") ? m.getInt("selection-tries") : 0,
                    kind == ModelKind.SIMCLR ? contrastive(m) : null);
        });
    }
}
