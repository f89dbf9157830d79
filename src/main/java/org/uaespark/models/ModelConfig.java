package org.uaespark.models;

import java.util.Arrays;

import org.uaespark.models.optim.OptimizerSpec;

/**
 * Architecture and training recipe of one model: everything needed to rebuild it, saved next to its parameters.
 *
 * @param kind           which autoencoder
 * @param inputShape     shape of one sample: {@code [H, W, C]} for images or {@code [d]}; the product is the input size
 * @param latent         code size (sparse/dense hidden units, adversarial latent dimension; ignored by conv)
 * @param hidden         width of the adversarial autoencoder's hidden layers (1000 in the paper)
 * @param optimizer      optimiser of every step (the adversarial AE uses three instances of it)
 * @param epochs         passes over the training set
 * @param batchSize      samples per step
 * @param sparsityWeight weight of the KL sparsity term (sparse only; 3 in the paper)
 * @param sparsityTarget ρ of the KL sparsity term (0.1)
 * @param activityL1     L1 activity coefficient on both sparse layers (1e-7)
 */
public record ModelConfig(ModelKind kind, int[] inputShape, int latent, int hidden, OptimizerSpec optimizer, int epochs,
        int batchSize, double sparsityWeight, double sparsityTarget, double activityL1) {

    public ModelConfig {
        if (kind == null || inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("model needs a kind and a positive input shape, got " + kind + " "
                    + Arrays.toString(inputShape));
        }
        if (latent <= 0 || hidden <= 0 || epochs < 0 || batchSize <= 0) {
            throw new IllegalArgumentException(kind.configName() + ": latent, hidden and batch-size must be positive "
                    + "and epochs non-negative");
        }
        if (kind == ModelKind.CONV) {
            if (inputShape.length != 3 || inputShape[0] % 4 != 0 || inputShape[1] % 4 != 0) {
                throw new IllegalArgumentException("the conv autoencoder needs [height, width, channels] samples with "
                        + "height and width divisible by 4 (two 2× poolings), got " + Arrays.toString(inputShape));
            }
        }
        inputShape = inputShape.clone();
    }

    /** Number of input features: the product of the input shape. */
    public int inputSize() {
        return Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
    }

    /** This configuration for another input shape (the dataset decides it). */
    public ModelConfig withInputShape(int[] shape) {
        return new ModelConfig(kind, shape, latent, hidden, optimizer, epochs, batchSize, sparsityWeight,
                sparsityTarget, activityL1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && c.kind == kind && Arrays.equals(c.inputShape, inputShape)
                && c.latent == latent && c.hidden == hidden && c.optimizer.equals(optimizer) && c.epochs == epochs
                && c.batchSize == batchSize && c.sparsityWeight == sparsityWeight
                && c.sparsityTarget == sparsityTarget && c.activityL1 == activityL1;
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(inputShape);
    }

    @Override
    public String toString() {
        return kind.configName() + Arrays.toString(inputShape) + " latent=" + latent + " " + optimizer + " epochs="
                + epochs + " batch=" + batchSize;
    }
}
