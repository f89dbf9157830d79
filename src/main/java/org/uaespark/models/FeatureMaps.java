package org.uaespark.models;

/**
 * The shape of the feature maps a model offers MINE ({@link MineFeatures}): known from the model's configuration,
 * so the driver sizes attack batches without loading the model.
 *
 * @param channels maps per sample
 * @param height   rows of a map
 * @param width    columns of a map
 */
public record FeatureMaps(int channels, int height, int width) {

    public FeatureMaps {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("feature maps need positive sizes");
        }
    }
}
