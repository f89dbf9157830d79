package org.uaespark.attack;

import java.util.Optional;

import org.uaespark.mine.ProjectionMode;
import org.uaespark.mine.StatisticsNetworks;
import org.uaespark.models.FeatureMaps;
import org.uaespark.models.ModelFootprint;

/**
 * Sizes attack batches by memory. Per sample the attack holds its statistics networks, their gradients and the MINE
 * optimiser's state (four copies with the fused Adam: two moments; five with the elementwise one, which adds a
 * work array), the activations of one evaluation (both towers on K rows,
 * kept for the backward pass), its δ and image, and in the {@code redraw} mode its own d×K·p projection matrix; a
 * {@code common} matrix is shared by the batch. In the conv variant the networks dominate: ≈ 12 M parameters per
 * MNIST sample, about 190 MB with gradients and the fused Adam's moments. A contrastive model adds its criterion's
 * activations: every view of the sample through the encoder, kept for the backward pass.
 */
public final class AttackMemory {
    private static final long FLOAT = 4;

    private AttackMemory() {
    }

    /** Statistics-network parameters of one sample. */
    public static long parametersPerSample(AttackSettings s, ModelFootprint model) {
        long input = denseInput(s, model);
        long conv = s.mineFeatureMaps(model).isPresent() ? StatisticsNetworks.CONV_FILTERS * (4L + 1) : 0;
        long tower = conv + input * s.hidden() + s.hidden() + (long) s.hidden() * s.towerOut() + s.towerOut();
        return 2 * tower + s.towerOut();
    }

    /** Bytes one more sample in the batch costs. */
    public static long bytesPerSample(AttackSettings s, ModelFootprint model) {
        long k = minePairs(s, model);
        long d = model.inputSize();
        long networks = (2 + s.mineOptimizer().stateArraysPerParameter()) * parametersPerSample(s, model) * FLOAT;
        long activations = 3 * 2 * k * (denseInput(s, model) + s.hidden() + s.towerOut()) * FLOAT;
        long perSampleMatrix = s.projections() == ProjectionMode.REDRAW && s.mineFeatureMaps(model).isEmpty() ? d * s.k() * s.p() * FLOAT : 0;
        long vectors = 8 * d * FLOAT;
        return networks + activations + perSampleMatrix + vectors + model.criterionActivations() * FLOAT;
    }

    /** Bytes the batch shares whatever its size (a common projection matrix). */
    public static long sharedBytes(AttackSettings s, ModelFootprint model) {
        return s.projections() == ProjectionMode.COMMON && s.mineFeatureMaps(model).isEmpty()
                ? (long) model.inputSize() * s.k() * s.p() * FLOAT : 0;
    }

    /** The largest batch within {@code budgetBytes}, at least 1 and at most {@code cap}. */
    public static int batchSize(AttackSettings s, ModelFootprint model, long budgetBytes, int cap) {
        long free = budgetBytes - sharedBytes(s, model);
        long fits = free / bytesPerSample(s, model);
        return (int) Math.max(1, Math.min(cap, fits));
    }

    /** MINE pairs per sample: the model's feature maps (the conv AE's first-layer channels), or K random projections. */
    static long minePairs(AttackSettings s, ModelFootprint model) {
        return s.mineFeatureMaps(model).map(FeatureMaps::channels).orElse(s.k());
    }

    /** Width of a tower's first dense layer's input: p, or the flattened 2×2 convolution maps (conv variant). */
    static long denseInput(AttackSettings s, ModelFootprint model) {
        Optional<FeatureMaps> maps = s.mineFeatureMaps(model);
        if (maps.isPresent()) {
            return (long) StatisticsNetworks.CONV_FILTERS * (maps.get().height() - 1) * (maps.get().width() - 1);
        }
        return s.p();
    }
}
