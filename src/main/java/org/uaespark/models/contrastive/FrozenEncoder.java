package org.uaespark.models.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.uaespark.models.ParameterSet;

/**
 * A map from input rows to features that a {@link LinearProbe} classifies and attacks through: differentiable with
 * respect to its input, its own parameters held fixed (a trained SimCLR encoder in inference mode).
 */
public interface FrozenEncoder {
    /** The features of a batch [B, d]: [B, features], with the graph to the input kept. */
    NDArray represent(NDArray x);

    /** The manager its parameters live in; the probe's scratch scopes are its children. */
    NDManager manager();

    /** Its parameters, attached to each scratch scope and their gradients cleared after each attack step. */
    ParameterSet parameters();
}
