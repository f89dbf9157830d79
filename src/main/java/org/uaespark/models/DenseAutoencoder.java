package org.uaespark.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The paper's dense and sparse autoencoders: Dense(d→latent, sigmoid) → Dense(latent→d, sigmoid). The dense one
 * minimises MSE; the sparse one adds {@code sparsityWeight}·mean_j KL(ρ‖ρ̂_j) over the hidden units and an L1
 * activity term on both layers' outputs.
 */
public final class DenseAutoencoder extends SingleLossAutoencoder {
    private final NDArray encoderWeight;
    private final NDArray encoderBias;
    private final NDArray decoderWeight;
    private final NDArray decoderBias;
    private final boolean sparse;

    /** A freshly initialised model (Glorot-uniform kernels, zero biases) from {@code seed}. */
    public DenseAutoencoder(ModelConfig config, NDManager manager, long seed, DataType dataType) {
        super(config, manager, dataType);
        if (config.kind() != ModelKind.DENSE && config.kind() != ModelKind.SPARSE) {
            throw new IllegalArgumentException("not a dense or sparse configuration: " + config.kind());
        }
        int d = config.inputSize();
        int h = config.recipe().latent();
        ParameterSet p = parameters();
        encoderWeight = p.glorotUniform("encoder.weight", new Shape(d, h), d, h, seed);
        encoderBias = p.zeros("encoder.bias", new Shape(h));
        decoderWeight = p.glorotUniform("decoder.weight", new Shape(h, d), h, d, seed);
        decoderBias = p.zeros("decoder.bias", new Shape(d));
        sparse = config.kind() == ModelKind.SPARSE;
    }

    /** The hidden code: sigmoid(x·W_enc + b_enc), [B, latent]. */
    public NDArray encode(NDArray x) {
        return Layers.sigmoid(Layers.dense(x, encoderWeight, encoderBias));
    }

    @Override
    public NDArray reconstruct(NDArray x) {
        return decode(encode(x));
    }

    private NDArray decode(NDArray hidden) {
        return Layers.sigmoid(Layers.dense(hidden, decoderWeight, decoderBias));
    }

    /** The training loss of batch {@code x} (MSE, plus the sparsity and activity terms for the sparse model). */
    @Override
    public NDArray loss(NDArray x) {
        NDArray hidden = encode(x);
        NDArray output = decode(hidden);
        NDArray loss = Losses.mse(x, output);
        if (sparse) {
            float l1 = (float) config().recipe().activityL1();
            loss = loss.add(Scalars.times(Losses.klSparsity(hidden, (float) config().recipe().sparsityTarget()),
                            (float) config().recipe().sparsityWeight()))
                    .add(Losses.l1Activity(hidden, l1))
                    .add(Losses.l1Activity(output, l1));
        }
        return loss;
    }
}
