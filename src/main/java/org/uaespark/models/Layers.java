package org.uaespark.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/** The layer functions the models are built from, with Keras semantics (channels-first tensors inside). */
public final class Layers {
    /** Floats per row at which {@link #sigmoid} needs no strided view: a multiple of every SIMD block. */
    static final long ROW_BLOCK = 64;

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

    /**
     * Logistic sigmoid of a batch [B, …], computed so that a sample's values never depend on the other samples of
     * its batch. ATen evaluates it in SIMD blocks (16 floats at AVX2, 32 at AVX-512) and finishes a contiguous
     * tensor's last partial block in scalar code that rounds differently, so on the flat [B·n] tensor a sample's
     * bits depended on where the block boundaries fell, that is on its position (a 13-feature row: 1 sample in 6
     * of random batches of 3 at AVX2). Here each sample is a row of a strided view (rows padded to a multiple of
     * {@value #ROW_BLOCK} floats), which ATen walks row by row: every row ends its own blocks at the same offsets,
     * whatever the batch, the position or the vector width. Rows already a multiple of {@value #ROW_BLOCK} floats
     * take the flat path, which then has no partial block. Holds with one intra-op thread (the attack's default).
     */
    public static NDArray sigmoid(NDArray x) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long row = batch == 0 ? 0 : shape.size() / batch;
        long pad = Math.floorMod(-row, ROW_BLOCK);
        if (pad == 0 || batch == 0) {
            return Activation.sigmoid(x);
        }
        NDArray rows = x.reshape(batch, row);
        NDArray padded = rows.concat(rows.getManager().zeros(new Shape(batch, pad), x.getDataType()), 1);
        return Activation.sigmoid(padded.get(":, :" + row)).reshape(shape);
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
