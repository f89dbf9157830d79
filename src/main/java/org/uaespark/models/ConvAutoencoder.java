package org.uaespark.models;

import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The paper's convolutional autoencoder (Keras-blog style), trained with binary cross-entropy:
 * Conv 16@5×5 ReLU → pool 2 → Conv 8@5×5 ReLU → pool 2 → Conv 8@5×5 ReLU → up 2 → Conv 16@5×5 ReLU → up 2 →
 * Conv C@5×5 sigmoid, all 'same' padding. Samples are [H, W, C] flattened; H and W divisible by 4.
 */
public final class ConvAutoencoder extends SingleLossAutoencoder {
    /** Channels of the first convolution: the MINE {@code conv} variant's K. */
    public static final int FIRST_CHANNELS = 16;
    private static final int KERNEL = 5;
    private static final int[][] LAYERS = {{FIRST_CHANNELS, -1}, {8, FIRST_CHANNELS}, {8, 8}, {FIRST_CHANNELS, 8},
            {-1, FIRST_CHANNELS}};

    private final NDArray[] weights = new NDArray[LAYERS.length];
    private final NDArray[] biases = new NDArray[LAYERS.length];
    private final int height;
    private final int width;
    private final int channels;

    /** A freshly initialised model (Glorot-uniform kernels with Keras' conv fans, zero biases) from {@code seed}. */
    public ConvAutoencoder(ModelConfig config, NDManager manager, long seed, DataType dataType) {
        super(config, manager, dataType);
        if (config.kind() != ModelKind.CONV) {
            throw new IllegalArgumentException("not a conv configuration: " + config.kind());
        }
        height = config.inputShape()[0];
        width = config.inputShape()[1];
        channels = config.inputShape()[2];
        for (int i = 0; i < LAYERS.length; i++) {
            int out = LAYERS[i][0] < 0 ? channels : LAYERS[i][0];
            int in = LAYERS[i][1] < 0 ? channels : LAYERS[i][1];
            long receptive = (long) KERNEL * KERNEL;
            weights[i] = parameters().glorotUniform("conv" + (i + 1) + ".weight", new Shape(out, in, KERNEL, KERNEL),
                    receptive * in, receptive * out, seed);
            biases[i] = parameters().zeros("conv" + (i + 1) + ".bias", new Shape(out));
        }
    }

    /** The first layer's output, post-ReLU, channels first: [B, 16, H, W]. */
    public NDArray firstLayer(NDArray x) {
        return Layers.relu(Layers.conv2dSame(toImages(x), weights[0], biases[0]));
    }

    /** The first layer's channels: what the paper's {@code conv} MINE variant compares. */
    @Override
    public Optional<MineFeatures> mineFeatures() {
        return Optional.of(MineFeatures.of(config().mineFeatureMaps().orElseThrow(), this::firstLayer));
    }

    @Override
    public NDArray reconstruct(NDArray x) {
        NDArray h = Layers.maxPool2(firstLayer(x));
        h = Layers.maxPool2(Layers.relu(Layers.conv2dSame(h, weights[1], biases[1])));
        h = Layers.upSample2(Layers.relu(Layers.conv2dSame(h, weights[2], biases[2])));
        h = Layers.upSample2(Layers.relu(Layers.conv2dSame(h, weights[3], biases[3])));
        NDArray images = Layers.sigmoid(Layers.conv2dSame(h, weights[4], biases[4]));
        return images.transpose(0, 2, 3, 1).reshape(x.getShape());
    }

    /** Binary cross-entropy between {@code x} and its reconstruction. */
    @Override
    public NDArray loss(NDArray x) {
        return Losses.binaryCrossEntropy(x, reconstruct(x));
    }

    private NDArray toImages(NDArray x) {
        return x.reshape(x.getShape().get(0), height, width, channels).transpose(0, 3, 1, 2);
    }
}
