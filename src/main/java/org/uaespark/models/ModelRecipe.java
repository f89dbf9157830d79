package org.uaespark.models;

import org.uaespark.models.optim.OptimizerSpec;

/**
 * How a model is built and trained, independent of the data: the part of a model's configuration that lives in
 * {@code conf/} ({@code uae.models.<kind>}). The dataset supplies the input shape ({@link ModelConfig}).
 *
 * @param kind           which autoencoder
 * @param latent         code size (sparse/dense hidden units, adversarial latent dimension; ignored by conv)
 * @param hidden         width of the adversarial autoencoder's hidden layers (1000 in the paper; ignored by others)
 * @param optimizer      optimiser of every step (the adversarial AE uses three instances of it)
 * @param epochs         passes over the training set
 * @param batchSize      samples per step
 * @param sparsityWeight weight of the KL sparsity term (sparse only; 3 in the paper)
 * @param sparsityTarget ρ of the KL sparsity term (0.1)
 * @param activityL1     L1 activity coefficient on both sparse layers (1e-7)
 */
public record ModelRecipe(ModelKind kind, int latent, int hidden, OptimizerSpec optimizer, int epochs, int batchSize,
        double sparsityWeight, double sparsityTarget, double activityL1) implements java.io.Serializable {

    public ModelRecipe {
        if (kind == null || optimizer == null) {
            throw new IllegalArgumentException("a model recipe needs a kind and an optimizer");
        }
        if (latent <= 0 || hidden <= 0 || epochs <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException(kind.configName() + ": latent, hidden, epochs and batch-size must be "
                    + "positive, got latent " + latent + ", hidden " + hidden + ", epochs " + epochs + ", batch-size "
                    + batchSize);
        }
        if (sparsityTarget <= 0 || sparsityTarget >= 1 || sparsityWeight < 0 || activityL1 < 0) {
            throw new IllegalArgumentException(kind.configName() + ": sparsity-target must be in (0, 1), "
                    + "sparsity-weight and activity-l1 non-negative");
        }
    }

    /** The same recipe with another number of epochs (compute-matched controls, reduced profiles). */
    public ModelRecipe withEpochs(int newEpochs) {
        return new ModelRecipe(kind, latent, hidden, optimizer, newEpochs, batchSize, sparsityWeight, sparsityTarget,
                activityL1);
    }
}
