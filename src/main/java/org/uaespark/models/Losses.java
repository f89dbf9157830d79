package org.uaespark.models;

import ai.djl.ndarray.NDArray;

/**
 * The training losses of the paper's models, with the Keras 2 definitions the official code used. Scalars enter
 * through {@link Scalars}, never DJL's {@code Number} overloads, because these run with graph recording on.
 */
public final class Losses {
    /** Keras' {@code K.epsilon()}: the clipping bound of binary cross-entropy and the optimisers' epsilon. */
    public static final float KERAS_EPSILON = 1e-7f;

    private Losses() {
    }

    /** Mean squared error over every element. */
    public static NDArray mse(NDArray target, NDArray prediction) {
        return prediction.sub(target).square().mean();
    }

    /** Binary cross-entropy over every element, the prediction clipped to [ε, 1 − ε] as Keras does. */
    public static NDArray binaryCrossEntropy(NDArray target, NDArray prediction) {
        NDArray p = prediction.clip(KERAS_EPSILON, 1 - KERAS_EPSILON);
        return target.mul(p.log()).add(Scalars.plus(target.neg(), 1).mul(Scalars.plus(p.neg(), 1).log())).mean().neg();
    }

    /**
     * The sparse autoencoder's sparsity penalty: the mean over hidden units j of KL(ρ ‖ ρ̂_j), where ρ̂_j is unit j's
     * mean activation over the batch clipped to [1e-10, 1]; KL(p‖q) = p·log(p/q) + (1−p)·log((1−p)/(1−q)).
     *
     * @param hidden activations [B, units]
     */
    public static NDArray klSparsity(NDArray hidden, float rho) {
        NDArray rhoHat = hidden.mean(new int[] {0}).clip(1e-10f, 1f);
        NDArray first = Scalars.times(Scalars.times(Scalars.power(rhoHat, -1), rho).log(), rho);
        NDArray oneMinus = Scalars.plus(rhoHat.neg(), 1);
        NDArray second = Scalars.times(Scalars.times(Scalars.power(oneMinus, -1), 1 - rho).log(), 1 - rho);
        return first.add(second).mean();
    }

    /** L1 activity regularisation: {@code coefficient · Σ|a|}, averaged over the batch (rows of {@code activations}). */
    public static NDArray l1Activity(NDArray activations, float coefficient) {
        return Scalars.times(Scalars.over(activations.abs().sum(), activations.getShape().get(0)), coefficient);
    }
}
