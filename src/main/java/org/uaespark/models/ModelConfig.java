package org.uaespark.models;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's recipe plus the shape of its input: everything needed to rebuild it, saved next to its parameters.
 *
 * @param recipe     architecture and training recipe
 * @param inputShape shape of one sample: {@code [H, W, C]} for images or {@code [d]}; the product is the input size
 */
public record ModelConfig(ModelRecipe recipe, int[] inputShape) implements ModelFootprint, java.io.Serializable {

    public ModelConfig {
        Objects.requireNonNull(recipe, "recipe");
        if (inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("model " + recipe.kind().configName()
                    + " needs a positive input shape, got " + Arrays.toString(inputShape));
        }
        recipe.kind().requireInputShape(inputShape);
        inputShape = inputShape.clone();
    }

    /** Which autoencoder. */
    public ModelKind kind() {
        return recipe.kind();
    }

    /** The feature maps the model offers MINE ({@link MineFeatures}): the conv AE's first-layer channels. */
    @Override
    public Optional<FeatureMaps> mineFeatureMaps() {
        return kind().mineFeatureMaps(recipe, inputShape);
    }

    /**
     * For SimCLR the 2 × attack-views augmented views, each with about three maps per stem layer and seven per
     * residual block (two convolutions, their normalisations and ReLUs, the sum) at every stage's resolution and
     * width; for the autoencoders nothing beyond the statistics networks, which dominate them.
     */
    @Override
    public long criterionActivations() {
        if (kind() != ModelKind.SIMCLR) {
            return 0;
        }
        ContrastiveRecipe c = recipe.contrastive();
        long perView = 3L * inputShape[0] * inputShape[1] * c.width()
                + inputShape[0] * inputShape[1] * (long) inputShape[2];
        for (int stage = 0; stage < 4; stage++) {
            long side = (long) Math.ceil(inputShape[0] / Math.pow(2, stage))
                    * (long) Math.ceil(inputShape[1] / Math.pow(2, stage));
            perView += 7L * c.blocks() * side * ((long) c.width() << stage);
        }
        return 2L * c.attackViews() * perView;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && c.recipe.equals(recipe) && Arrays.equals(c.inputShape, inputShape);
    }

    @Override
    public int hashCode() {
        return 31 * recipe.hashCode() + Arrays.hashCode(inputShape);
    }

    @Override
    public String toString() {
        return recipe + " on " + Arrays.toString(inputShape);
    }
}
