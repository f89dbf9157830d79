package org.uaespark.models.contrastive;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

import org.uaespark.models.Layers;
import org.uaespark.models.ParameterSet;

/**
 * SimCLR's ResNet encoder with the CIFAR stem: a 3×3 stride-1 convolution of {@code width} channels (no max-pool),
 * then four stages of basic residual blocks with width, 2·width, 4·width and 8·width channels, the first block
 * of stages 2–4 at stride 2 with a 1×1 projection shortcut, batch norm after every convolution (the last of each
 * block starting at scale 0), and global average pooling to 8·width features. Width 64 and 2 blocks per stage
 * is ResNet-18. Kernels are He-normal (TensorFlow's fan-in variance scaling, truncated).
 */
final class ResNetEncoder {
    private final NDArray stem;
    private final BatchNorm stemNorm;
    private final List<Block> blocks = new ArrayList<>();

    /** One basic residual block. */
    private record Block(NDArray first, BatchNorm firstNorm, NDArray second, BatchNorm secondNorm, NDArray shortcut,
            BatchNorm shortcutNorm, int stride) {
    }

    ResNetEncoder(ParameterSet parameters, int channels, int width, int blocksPerStage, long seed) {
        stem = kernel(parameters, "stem.conv", width, channels, 3, seed);
        stemNorm = new BatchNorm(parameters, "stem", width, false, true);
        int in = width;
        for (int stage = 0; stage < 4; stage++) {
            int out = width << stage;
            for (int b = 0; b < blocksPerStage; b++) {
                String name = "stage" + (stage + 1) + ".block" + (b + 1);
                int stride = b == 0 && stage > 0 ? 2 : 1;
                boolean project = stride != 1 || in != out;
                blocks.add(new Block(kernel(parameters, name + ".conv1", out, in, 3, seed),
                        new BatchNorm(parameters, name + ".conv1", out, false, true),
                        kernel(parameters, name + ".conv2", out, out, 3, seed),
                        new BatchNorm(parameters, name + ".conv2", out, true, true),
                        project ? kernel(parameters, name + ".shortcut", out, in, 1, seed) : null,
                        project ? new BatchNorm(parameters, name + ".shortcut", out, false, true) : null, stride));
                in = out;
            }
        }
    }

    private static NDArray kernel(ParameterSet parameters, String name, int out, int in, int size, long seed) {
        return parameters.truncatedNormal(name, new Shape(out, in, size, size), Math.sqrt(1.0 / (in * size * size)),
                seed);
    }

    /** The stem convolution's output before its batch norm (SimCLR's {@code initial_conv}): [N, width, H, W]. */
    NDArray stemMaps(NDArray images) {
        return convolve(images, stem, 1);
    }

    /** The pooled representation of images [N, C, H, W]: [N, 8·width]. */
    NDArray represent(NDArray images, boolean training) {
        NDArray h = Layers.relu(stemNorm.apply(stemMaps(images), training));
        for (Block b : blocks) {
            NDArray shortcut = b.shortcut() == null ? h
                    : b.shortcutNorm().apply(convolve(h, b.shortcut(), b.stride()), training);
            NDArray r = Layers.relu(b.firstNorm().apply(convolve(h, b.first(), b.stride()), training));
            r = b.secondNorm().apply(convolve(r, b.second(), 1), training);
            h = Layers.relu(r.add(shortcut));
        }
        return h.mean(new int[] {3}).mean(new int[] {2});
    }

    /**
     * A bias-free convolution with 'same' padding for odd kernels at {@code stride}. The bias is an explicit zero
     * tensor: DJL passes a missing bias to libtorch as a null handle.
     */
    private static NDArray convolve(NDArray x, NDArray kernel, int stride) {
        long pad = kernel.getShape().get(2) / 2;
        NDArray zero = x.getManager().zeros(new Shape(kernel.getShape().get(0)), x.getDataType());
        return Conv2d.conv2d(x, kernel, zero, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
