package org.uaespark.attack;

import java.util.Optional;

import org.uaespark.mine.ProjectionMode;
import org.uaespark.mine.StatisticsNetworks;
import org.uaespark.models.ContrastiveRecipe;
import org.uaespark.models.FeatureMaps;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;

/**
 * Sizes attack batches by memory. Per sample the attack holds its statistics networks four times over (weights,
 * gradients, two Adam moments), the activations of one evaluation (both towers on K rows, kept for the backward
 * pass), its δ and image, and in the {@code redraw} mode its own d×K·p projection matrix; a {@code common} matrix
 * is shared by the batch. In the conv variant the networks dominate: ≈ 12 M parameters per MNIST sample, about
 * 190 MB with gradients and Adam state. A contrastive model adds its criterion's activations: every view of the
 * sample through the encoder, kept for the backward pass.
 */
public final class AttackMemory {
    private static final long FLOAT = 4;

    private AttackMemory() {
    }

    /** Statistics-network parameters of one sample. */
    public static long parametersPerSample(AttackSettings s, ModelConfig model) {
        long input = denseInput(s, model);
        long conv = s.mineFeatureMaps(model).isPresent() ? StatisticsNetworks.CONV_FILTERS * (4L + 1) : 0;
        long tower = conv + input * s.hidden() + s.hidden() + (long) s.hidden() * s.towerOut() + s.towerOut();
        return 2 * tower + s.towerOut();
    }

    /** Bytes one more sample in the batch costs. */
    public static long bytesPerSample(AttackSettings s, ModelConfig model) {
        long k = minePairs(s, model);
        long d = model.inputSize();
        long networks = 4 * parametersPerSample(s, model) * FLOAT;
        long activations = 3 * 2 * k * (denseInput(s, model) + s.hidden() + s.towerOut()) * FLOAT;
        long perSampleMatrix = s.projections() == ProjectionMode.REDRAW && s.mineFeatureMaps(model).isEmpty() ? d * s.k() * s.p() * FLOAT : 0;
        long vectors = 8 * d * FLOAT;
        return networks + activations + perSampleMatrix + vectors + criterionActivations(model) * FLOAT;
    }

    /** Bytes the batch shares whatever its size (a common projection matrix). */
    public static long sharedBytes(AttackSettings s, ModelConfig model) {
        return s.projections() == ProjectionMode.COMMON && s.mineFeatureMaps(model).isEmpty()
                ? (long) model.inputSize() * s.k() * s.p() * FLOAT : 0;
    }

    /** The largest batch within {@code budgetBytes}, at least 1 and at most {@code cap}. */
    public static int batchSize(AttackSettings s, ModelConfig model, long budgetBytes, int cap) {
        long free = budgetBytes - sharedBytes(s, model);
        long fits = free / bytesPerSample(s, model);
        return (int) Math.max(1, Math.min(cap, fits));
    }

    /**
     * Floats of the activations one evaluation of the model's criterion keeps per sample for its backward pass: for
     * SimCLR the 2 × attack-views augmented views, each with about three maps per stem layer and seven per
     * residual block (two convolutions, their normalisations and ReLUs, the sum) at every stage's resolution and
     * width; for the autoencoders nothing beyond the statistics networks, which dominate them.
     */
    public static long criterionActivations(ModelConfig model) {
        if (model.kind() != ModelKind.SIMCLR) {
            return 0;
        }
        ContrastiveRecipe c = model.recipe().contrastive();
        int[] shape = model.inputShape();
        long perView = 3L * shape[0] * shape[1] * c.width() + shape[0] * shape[1] * (long) shape[2];
        for (int stage = 0; stage < 4; stage++) {
            long side = (long) Math.ceil(shape[0] / Math.pow(2, stage)) * (long) Math.ceil(shape[1] / Math.pow(2, stage));
            perView += 7L * c.blocks() * side * ((long) c.width() << stage);
        }
        return 2L * c.attackViews() * perView;
    }

    /** MINE pairs per sample: the model's feature maps (the conv AE's first-layer channels), or K random projections. */
    static long minePairs(AttackSettings s, ModelConfig model) {
        return s.mineFeatureMaps(model).map(FeatureMaps::channels).orElse(s.k());
    }

    /** Width of a tower's first dense layer's input: p, or the flattened 2×2 convolution maps (conv variant). */
    static long denseInput(AttackSettings s, ModelConfig model) {
        Optional<FeatureMaps> maps = s.mineFeatureMaps(model);
        if (maps.isPresent()) {
            return (long) StatisticsNetworks.CONV_FILTERS * (maps.get().height() - 1) * (maps.get().width() - 1);
        }
        return s.p();
    }
}
