package org.uaespark.models;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.uaespark.models.optim.OptimizerSpec;

/**
 * How a model is built and trained, independent of the data: the part of a model's configuration that lives in
 * {@code conf/} ({@code uae.models.<kind>}). The dataset supplies the input shape ({@link ModelConfig}).
 *
 * @param kind           which autoencoder
 * @param latent         code size (sparse/dense hidden units, adversarial latent dimension, the concrete AE's
 *                       number M of selected features; ignored by conv)
 * @param hidden         width of the adversarial autoencoder's hidden layers (1000 in the paper) and of the concrete
 *                       AE's decoder (320); ignored by the others
 * @param optimizer      optimiser of every step (the adversarial AE uses three instances of it)
 * @param epochs         passes over the training set
 * @param batchSize      samples per step, or {@link #AUTO_BATCH} for the concrete-autoencoder library's rule
 *                       max(rows / 256, 16) on the rows actually trained on
 * @param sparsityWeight weight of the KL sparsity term (sparse only; 3 in the paper)
 * @param sparsityTarget ρ of the KL sparsity term (0.1)
 * @param activityL1     L1 activity coefficient on both sparse layers (1e-7)
 * @param selectionTries the concrete-autoencoder library's retry rule: at most this many training runs, each from
 *                       scratch with twice the epochs of the one before, until the mean over nodes of the max
 *                       selection probability reaches 0.998; 1 = one run whatever it reaches, 0 = not a concrete AE
 *                       (left out of the JSON so that other models' saved configurations and fingerprints stay as
 *                       they were)
 * @param contrastive    the contrastive model's encoder, loss and LARS settings; null for every other model (and
 *                       then left out of the JSON)
 */
public record ModelRecipe(ModelKind kind, int latent, int hidden, OptimizerSpec optimizer, int epochs, int batchSize,
        double sparsityWeight, double sparsityTarget, double activityL1,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int selectionTries,
        @JsonInclude(JsonInclude.Include.NON_NULL) ContrastiveRecipe contrastive) implements java.io.Serializable {

    /** {@link #batchSize()} of a recipe whose batch size follows the rows it trains on: max(rows / 256, 16). */
    public static final int AUTO_BATCH = 0;

    public ModelRecipe {
        if (kind == null || optimizer == null) {
            throw new IllegalArgumentException("a model recipe needs a kind and an optimizer");
        }
        if (latent <= 0 || hidden <= 0 || epochs <= 0 || batchSize < 0) {
            throw new IllegalArgumentException(kind.configName() + ": latent, hidden, epochs and batch-size must be "
                    + "positive (batch-size may be auto), got latent " + latent + ", hidden " + hidden + ", epochs " + epochs + ", batch-size "
                    + batchSize);
        }
        if (sparsityTarget <= 0 || sparsityTarget >= 1 || sparsityWeight < 0 || activityL1 < 0) {
            throw new IllegalArgumentException(kind.configName() + ": sparsity-target must be in (0, 1), "
                    + "sparsity-weight and activity-l1 non-negative");
        }
        if ((kind == ModelKind.CONCRETE) != (selectionTries > 0)) {
            throw new IllegalArgumentException(kind.configName() + ": selection-tries must be at least 1 for the "
                    + "concrete autoencoder and is not used by other models, got " + selectionTries);
        }
        if ((kind == ModelKind.SIMCLR) != (contrastive != null)) {
            throw new IllegalArgumentException(kind.configName() + ": the contrastive settings are required by "
                    + "simclr and not used by other models");
        }
        if (kind == ModelKind.SIMCLR && batchSize == AUTO_BATCH) {
            throw new IllegalArgumentException("simclr: batch-size must be a number (it sets the negatives per step, "
                    + "the learning rate's linear scaling and the test loss's blocks), not auto");
        }
    }

    /** A recipe of a model other than the contrastive one. */
    public ModelRecipe(ModelKind kind, int latent, int hidden, OptimizerSpec optimizer, int epochs, int batchSize,
            double sparsityWeight, double sparsityTarget, double activityL1, int selectionTries) {
        this(kind, latent, hidden, optimizer, epochs, batchSize, sparsityWeight, sparsityTarget, activityL1,
                selectionTries, null);
    }

    /** A recipe of a model other than the concrete autoencoder (no selection tries). */
    public ModelRecipe(ModelKind kind, int latent, int hidden, OptimizerSpec optimizer, int epochs, int batchSize,
            double sparsityWeight, double sparsityTarget, double activityL1) {
        this(kind, latent, hidden, optimizer, epochs, batchSize, sparsityWeight, sparsityTarget, activityL1, 0);
    }

    /** The same recipe with a fixed batch size (e.g. an auto batch resolved for a given number of rows). */
    public ModelRecipe withBatchSize(int newBatchSize) {
        return new ModelRecipe(kind, latent, hidden, optimizer, epochs, newBatchSize, sparsityWeight, sparsityTarget,
                activityL1, selectionTries, contrastive);
    }

    /** The samples per step when training on {@code rows} rows. */
    public int batchSize(int rows) {
        return batchSize == AUTO_BATCH ? Math.max(rows / 256, 16) : batchSize;
    }

    /** The same recipe with another number of epochs (compute-matched controls, reduced profiles). */
    public ModelRecipe withEpochs(int newEpochs) {
        return new ModelRecipe(kind, latent, hidden, optimizer, newEpochs, batchSize, sparsityWeight, sparsityTarget,
                activityL1, selectionTries, contrastive);
    }
}
