package org.uaespark.models;

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
}
