package org.uaespark.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/** The layer functions the models are built from, with Keras semantics (channels-first tensors inside). */
public final class Layers {
    private Layers() {
    }

    /** {@code x · W + b} for x of shape [B, in], W [in, out], b [out]. */
    public static NDArray dense(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight).add(bias);
    }

    /** Keras {@code Conv2D(padding='same')} with an odd square kernel, stride 1; x [B, C, H, W], W [out, in, k, k]. */
    public static NDArray conv2dSame(NDArray x, NDArray weight, NDArray bias) {
        long k = weight.getShape().get(2);
        long pad = k / 2;
        return Conv2d.conv2d(x, weight, bias, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1).singletonOrThrow();
    }

    /** Keras {@code MaxPooling2D(2)}: 2×2 windows, stride 2, odd edges dropped. */
    public static NDArray maxPool2(NDArray x) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    /** Keras {@code UpSampling2D(2)}: nearest neighbour, each pixel repeated 2×2. */
    public static NDArray upSample2(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** Logistic sigmoid. */
    public static NDArray sigmoid(NDArray x) {
        return Activation.sigmoid(x);
    }

    /** Rectified linear unit. */
    public static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    /** The mean over {@code axes}, each kept as a size-1 axis (PyTorch's DJL engine reduces one kept axis at a time). */
    public static NDArray meanKeepingAxes(NDArray x, int... axes) {
        NDArray out = x;
        for (int axis : axes) {
            out = out.mean(new int[] {axis}, true);
        }
        return out;
    }
}
