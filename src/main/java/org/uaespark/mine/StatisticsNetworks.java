package org.uaespark.mine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.OwnedArrays;

/**
 * B independent MINE statistics networks T_θ held as batched tensors, one per sample being attacked
 * ({@code src/site/markdown/paper-spec.md} §2): an x-tower and a y-tower with separate weights and a head T = w·ReLU(f(x) + g(y))
 * without bias. A tower is Dense(in→hidden) → Dense(hidden→out) without activation; for the {@code conv} variant
 * it starts with Conv2D(16 filters, 2×2, valid, bias, no activation) on each H×W input map, flattened. Sample b's
 * weights are slice b of every tensor, drawn from its own seed (TF's Glorot-uniform kernels, zero biases), so a
 * sample's network does not depend on which other samples share the batch.
 *
 * <p>This class holds the weights, in the order {@code src/main/torchscript/mine_kernels.py} reads them (per tower,
 * x then y: [conv weight, conv bias,] first kernel transposed, first bias, second kernel, second bias; then the
 * head); the script evaluates them. A tower's two dense layers have no activation between them, so it is evaluated
 * as one affine map: the product W = W₁W₂ (in × out) and bias b₁W₂ + b₂, formed once per evaluation, then applied
 * to the K rows. The parameters and their gradients are those of the two layers (autograd differentiates through
 * the product), and only the rounding differs from evaluating layer after layer; the work per evaluation drops from
 * K·in·hidden + K·hidden·out to in·hidden·out + K·in·out multiply-adds (≈ 11× fewer at the {@code cpu} profile,
 * ≈ 27× at the paper's K = 500, p = 128). Tower outputs are laid out [B, out, K], so every matrix product has
 * K, in or hidden (not out = 10) as its output width: the CPU GEMM kernels ran products 10 columns wide at a
 * tenth of their usual rate.
 */
public final class StatisticsNetworks {
    /** Filters of the conv variant's first tower layer. */
    public static final int CONV_FILTERS = 16;

    private final NDManager manager;
    private final int batch;
    private final int[] mapShape;
    private final List<NDArray> parameters = new ArrayList<>();

    /**
     * Networks for the {@code random} variant: tower inputs are p-vectors.
     *
     * @param manager     owns the weights
     * @param sampleSeeds one seed per network; the batch size is their number
     * @param inputDim    p
     * @param hidden      width of the towers' dense layer (512 in the paper)
     * @param towerOut    width of the towers' output (10 in the paper)
     * @param dataType    FLOAT32, or FLOAT64 for numerical checks
     */
    public StatisticsNetworks(NDManager manager, long[] sampleSeeds, int inputDim, int hidden, int towerOut,
            DataType dataType) {
        this(manager, sampleSeeds, null, inputDim, hidden, towerOut, dataType);
    }

    /**
     * Networks for the {@code conv} variant: tower inputs are H×W maps (one channel of the attacked model's first
     * convolution each).
     *
     * @param mapShape {H, W} of one input map
     */
    public StatisticsNetworks(NDManager manager, long[] sampleSeeds, int[] mapShape, int hidden, int towerOut,
            DataType dataType) {
        this(manager, sampleSeeds, mapShape.clone(),
                CONV_FILTERS * (mapShape[0] - 1) * (mapShape[1] - 1), hidden, towerOut, dataType);
    }

    private StatisticsNetworks(NDManager manager, long[] sampleSeeds, int[] mapShape, int denseInput, int hidden,
            int towerOut, DataType dataType) {
        this.manager = manager;
        this.batch = sampleSeeds.length;
        this.mapShape = mapShape;
        SplittableRandom[] randoms = new SplittableRandom[batch];
        for (int b = 0; b < batch; b++) {
            randoms[b] = new SplittableRandom(sampleSeeds[b]);
        }
        tower(randoms, denseInput, hidden, towerOut, dataType);
        tower(randoms, denseInput, hidden, towerOut, dataType);
        glorot(randoms, new Shape(batch, towerOut, 1), towerOut, 1, dataType);
    }

    /**
     * Registers one tower's weights; the first dense layer's kernel is held transposed, [B, hidden, in], the layout
     * in which the tower uses it, so that its gradient (12 M elements per sample in the conv variant) comes out
     * contiguous and Adam reads it without a copy.
     */
    private void tower(SplittableRandom[] randoms, int denseInput, int hidden, int towerOut, DataType dataType) {
        if (mapShape != null) {
            // Grouped-convolution layout: sample b's 16 filters are rows b·16 … b·16+15.
            glorot(randoms, new Shape((long) batch * CONV_FILTERS, 1, 2, 2), 4, 4L * CONV_FILTERS, dataType);
            zeros(new Shape((long) batch * CONV_FILTERS), dataType);
        }
        glorot(randoms, new Shape(batch, denseInput, hidden), denseInput, hidden, dataType, true);
        zeros(new Shape(batch, 1, hidden), dataType);
        glorot(randoms, new Shape(batch, hidden, towerOut), hidden, towerOut, dataType);
        zeros(new Shape(batch, 1, towerOut), dataType);
    }

    /** Number of networks (samples). */
    public int batch() {
        return batch;
    }

    /** Every weight tensor, [B, …]; Adam on these is per-sample Adam, its update being elementwise. */
    public List<NDArray> parameters() {
        return parameters;
    }

    /** Whether the towers start with the conv variant's 2×2 convolution (inputs [B, K, H, W]). */
    public boolean conv() {
        return mapShape != null;
    }

    private NDArray glorot(SplittableRandom[] randoms, Shape shape, long fanIn, long fanOut, DataType dataType) {
        return glorot(randoms, shape, fanIn, fanOut, dataType, false);
    }

    /**
     * TF's Glorot-uniform kernel of {@code shape} [B, rows, columns], drawn per sample in row-major order; with
     * {@code transposed} the same values are stored as [B, columns, rows].
     */
    private NDArray glorot(SplittableRandom[] randoms, Shape shape, long fanIn, long fanOut, DataType dataType,
            boolean transposed) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        int perSample = Math.toIntExact(shape.size() / batch);
        int rows = transposed ? Math.toIntExact(shape.get(1)) : 1;
        int columns = perSample / rows;
        float[] values = new float[batch * perSample];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < perSample; i++) {
                int stored = transposed ? (i % columns) * rows + i / columns : i;
                values[b * perSample + stored] = (float) ((randoms[b].nextDouble() * 2 - 1) * limit);
            }
        }
        Shape stored = transposed ? new Shape(batch, shape.get(2), shape.get(1)) : shape;
        return register(OwnedArrays.of(manager, values, stored, dataType));
    }

    private NDArray zeros(Shape shape, DataType dataType) {
        return register(manager.zeros(shape, dataType));
    }

    private NDArray register(NDArray typed) {
        typed.setRequiresGradient(true);
        parameters.add(typed);
        return typed;
    }
}
