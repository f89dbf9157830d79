package org.uaespark.models;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.data.StandardNormal;
import org.uaespark.models.optim.Optimizer;

/**
 * The paper's adversarial autoencoder ({@code keras-aae.py}): encoder Dense h ReLU → Dense h ReLU → Dense latent
 * sigmoid; decoder Dense h ReLU → Dense h ReLU → Dense d sigmoid; discriminator on the code Dense h ReLU → Dense h
 * ReLU → Dense 1 sigmoid. Each batch takes three steps with three optimisers: (1) encoder and decoder on the
 * reconstruction MSE; (2) the discriminator on binary cross-entropy, codes of x labelled 0 and prior samples
 * z ~ N(0, I) labelled 1; (3) the encoder through the fixed discriminator towards label 1.
 */
public final class AdversarialAutoencoder extends Autoencoder {
    private final Optimizer reconstructionOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final Optimizer generatorOptimizer;

    /** A freshly initialised model (Glorot-uniform kernels, zero biases) from {@code seed}. */
    public AdversarialAutoencoder(ModelConfig config, NDManager manager, long seed, DataType dataType) {
        super(config, manager, dataType);
        if (config.kind() != ModelKind.ADVERSARIAL) {
            throw new IllegalArgumentException("not an adversarial configuration: " + config.kind());
        }
        int d = config.inputSize();
        int h = config.recipe().hidden();
        int z = config.recipe().latent();
        mlp("encoder", new int[] {d, h, h, z}, seed);
        mlp("decoder", new int[] {z, h, h, d}, seed);
        mlp("discriminator", new int[] {z, h, h, 1}, seed);
        reconstructionOptimizer = Optimizer.of(config.recipe().optimizer(), manager);
        discriminatorOptimizer = Optimizer.of(config.recipe().optimizer(), manager);
        generatorOptimizer = Optimizer.of(config.recipe().optimizer(), manager);
    }

    private void mlp(String name, int[] widths, long seed) {
        for (int i = 0; i + 1 < widths.length; i++) {
            parameters().glorotUniform(name + "." + i + ".weight", new Shape(widths[i], widths[i + 1]), widths[i],
                    widths[i + 1], seed);
            parameters().zeros(name + "." + i + ".bias", new Shape(widths[i + 1]));
        }
    }

    /** Three dense layers, ReLU between them, sigmoid at the end. */
    private NDArray forward(String name, NDArray x) {
        NDArray h = x;
        for (int i = 0; i < 3; i++) {
            h = Layers.dense(h, parameters().get(name + "." + i + ".weight"), parameters().get(name + "." + i + ".bias"));
            h = i < 2 ? Layers.relu(h) : Layers.sigmoid(h);
        }
        return h;
    }

    /** The code of x: [B, latent] in (0, 1). */
    public NDArray encode(NDArray x) {
        return forward("encoder", x);
    }

    /** The discriminator's probability that a code came from the prior: [B, 1]. */
    public NDArray discriminate(NDArray code) {
        return forward("discriminator", code);
    }

    @Override
    public NDArray reconstruct(NDArray x) {
        return forward("decoder", encode(x));
    }

    /** Step 1's loss: MSE between x and its reconstruction. */
    public NDArray reconstructionLoss(NDArray x) {
        return Losses.mse(x, reconstruct(x));
    }

    /** Step 2's loss: BCE over the 2B rows [codes of x → 0; prior samples z → 1], the codes held fixed. */
    public NDArray discriminatorLoss(NDArray codes, NDArray prior) {
        NDArray predictions = NDArrays.concat(new ai.djl.ndarray.NDList(discriminate(codes), discriminate(prior)));
        NDArray labels = NDArrays.concat(new ai.djl.ndarray.NDList(codes.getManager().zeros(new Shape(codes.getShape().get(0), 1)),
                prior.getManager().ones(new Shape(prior.getShape().get(0), 1))));
        return Losses.binaryCrossEntropy(labels, predictions);
    }

    /** Step 3's loss: BCE of the discriminator on codes of x against label 1. */
    public NDArray generatorLoss(NDArray x) {
        NDArray p = discriminate(encode(x));
        return Losses.binaryCrossEntropy(p.onesLike(), p);
    }

    /** Prior samples z ~ N(0, I), [rows, latent], drawn from {@code seed}. */
    public NDArray priorSample(NDManager manager, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int latent = config().recipe().latent();
        float[] values = new float[rows * latent];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) StandardNormal.next(random);
        }
        return manager.create(values, new Shape(rows, latent));
    }

    @Override
    public float trainStep(NDArray x, long stepSeed) {
        List<NDArray> autoencoder = new ArrayList<>(parameters().group("encoder."));
        autoencoder.addAll(parameters().group("decoder."));
        float reconstruction = step(() -> reconstructionLoss(x), reconstructionOptimizer, autoencoder);
        NDArray codes = encode(x);
        NDArray prior = priorSample(x.getManager(), (int) x.getShape().get(0), stepSeed);
        step(() -> discriminatorLoss(codes, prior), discriminatorOptimizer, parameters().group("discriminator."));
        step(() -> generatorLoss(x), generatorOptimizer, parameters().group("encoder."));
        return reconstruction;
    }

    @Override
    protected List<Optimizer> optimizers() {
        return List.of(reconstructionOptimizer, discriminatorOptimizer, generatorOptimizer);
    }
}
