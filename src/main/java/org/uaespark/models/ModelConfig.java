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
public record ModelConfig(ModelRecipe recipe, int[] inputShape) implements java.io.Serializable {

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
    public Optional<FeatureMaps> mineFeatureMaps() {
        return kind().mineFeatureMaps(recipe, inputShape);
    }

    /** Number of input features: the product of the input shape. */
    public int inputSize() {
        return Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
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
