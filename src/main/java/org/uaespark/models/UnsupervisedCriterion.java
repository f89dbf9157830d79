package org.uaespark.models;

import java.util.Collection;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What an attack needs of an unsupervised model Φ: its per-sample criterion f(x, x′) (the model's loss at x′
 * measured against x: ‖x − Φ(x′)‖² for an autoencoder), differentiable in x′, and, where the model has one, a
 * feature map MINE may compare instead of random projections. The attack knows nothing else of the model, so a
 * new model kind (a concrete autoencoder, a contrastive encoder, a user's TorchScript model) is attacked by
 * implementing this.
 */
public interface UnsupervisedCriterion extends AutoCloseable {

    /** f(x_b, x′_b) for a batch [B, d] of each, shape [B], recording a graph when recording is on. */
    NDArray perSample(NDArray x, NDArray xPrime);

    /** f(x_i, x′_i) for every row, without recording a graph, each summed in double precision. */
    double[] perSample(FloatMatrix x, FloatMatrix xPrime);

    /** The manager owning the model's arrays: an attack opens its scopes under it. */
    NDManager manager();

    /** The parameters f reads: attached to every scope that evaluates f, their gradients cleared after. */
    ParameterSet parameters();

    /**
     * Bytes of native memory the model's parameters and buffers hold: what keeping an idle instance of it costs an
     * executor's model pool.
     */
    default long parameterBytes() {
        return bytesOf(parameters().all());
    }

    /** Bytes the values of {@code arrays} take. */
    static long bytesOf(Collection<NDArray> arrays) {
        return arrays.stream().mapToLong(a -> a.getShape().size() * a.getDataType().getNumOfBytes()).sum();
    }

    /** A feature map MINE may compare (the conv variant), if the model offers one. */
    default Optional<MineFeatures> mineFeatures() {
        return Optional.empty();
    }

    /** Frees the model's native memory; a criterion without any has nothing to free. */
    @Override
    default void close() {
    }
}
