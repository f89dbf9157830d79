package org.uaespark.models;

import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;

/**
 * Feature maps of a model that MINE compares pairwise instead of random projections of the sample (the paper's
 * {@code conv} variant: the convolutional autoencoder's first-layer channels).
 */
public interface MineFeatures {

    /** How many maps a sample gives (MINE's K) and their height and width. */
    FeatureMaps shape();

    /** The maps of a batch [B, d]: [B, channels, height, width]. */
    NDArray maps(NDArray x);

    /** The maps {@code maps} computes, of the given shape. */
    static MineFeatures of(FeatureMaps shape, UnaryOperator<NDArray> maps) {
        return new MineFeatures() {
            @Override
            public FeatureMaps shape() {
                return shape;
            }

            @Override
            public NDArray maps(NDArray x) {
                return maps.apply(x);
            }
        };
    }
}
