package org.uaespark.models;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an attack's memory plan knows of the model it attacks: the shape of one sample, the feature maps the model
 * offers MINE, and the activations its criterion keeps per sample for the backward pass. A model of the run
 * describes itself exactly ({@link ModelConfig}); a user's TorchScript model is opaque, and says so.
 */
public interface ModelFootprint {

    /** Shape of one sample: {@code [H, W, C]} for images or {@code [d]}. */
    int[] inputShape();

    /** Number of input features: the product of the input shape. */
    default int inputSize() {
        return Arrays.stream(inputShape()).reduce(1, Math::multiplyExact);
    }

    /** The feature maps the model offers MINE ({@link MineFeatures}), if any. */
    Optional<FeatureMaps> mineFeatureMaps();

    /** Floats one evaluation of the criterion keeps per sample for its backward pass, as far as known. */
    long criterionActivations();
}
