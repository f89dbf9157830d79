package org.uaespark.mine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * B independent MINE statistics networks T_θ held as batched tensors, one per sample being attacked
 * ({@code paper-spec.md} §2): an x-tower and a y-tower with separate weights, each Dense(p→hidden) →
 * Dense(hidden→out) without activation, and a head T = w·ReLU(f(x) + g(y)) without bias. Sample b's weights are
 * slice b of every tensor, drawn from its own seed (TF's Glorot-uniform kernels, zero biases), so a sample's
 * network does not depend on which other samples share the batch.
 */
public final class StatisticsNetworks {
    private final NDManager manager;
    private final int batch;
    private final NDArray xIn;
    private final NDArray xInBias;
    private final NDArray xOut;
    private final NDArray xOutBias;
    private final NDArray yIn;
    private final NDArray yInBias;
    private final NDArray yOut;
    private final NDArray yOutBias;
    private final NDArray head;
    private final List<NDArray> parameters = new ArrayList<>();

    /**
     * @param manager     owns the weights
     * @param sampleSeeds one seed per network; the batch size is their number
     * @param inputDim    p, the length of one tower input
     * @param hidden      width of the towers' first layer (512 in the paper)
     * @param towerOut    width of the towers' output (10 in the paper)
     * @param dataType    FLOAT32, or FLOAT64 for numerical checks
     */
    public StatisticsNetworks(NDManager manager, long[] sampleSeeds, int inputDim, int hidden, int towerOut,
            DataType dataType) {
        this.manager = manager;
        this.batch = sampleSeeds.length;
        SplittableRandom[] randoms = new SplittableRandom[batch];
        for (int b = 0; b < batch; b++) {
            randoms[b] = new SplittableRandom(sampleSeeds[b]);
        }
        xIn = glorot(randoms, inputDim, hidden, dataType);
        xInBias = zeros(1, hidden, dataType);
        xOut = glorot(randoms, hidden, towerOut, dataType);
        xOutBias = zeros(1, towerOut, dataType);
        yIn = glorot(randoms, inputDim, hidden, dataType);
        yInBias = zeros(1, hidden, dataType);
        yOut = glorot(randoms, hidden, towerOut, dataType);
        yOutBias = zeros(1, towerOut, dataType);
        head = glorot(randoms, towerOut, 1, dataType);
    }

    /** Number of networks (samples). */
    public int batch() {
        return batch;
    }

    /** Every weight tensor, [B, …]; Adam on these is per-sample Adam, its update being elementwise. */
    public List<NDArray> parameters() {
        return parameters;
    }

    /** The x-tower on inputs [B, K, p]: [B, K, out]. */
    public NDArray towerX(NDArray xs) {
        return xs.batchMatMul(xIn).add(xInBias).batchMatMul(xOut).add(xOutBias);
    }

    /** The y-tower on inputs [B, K, p]: [B, K, out]. */
    public NDArray towerY(NDArray ys) {
        return ys.batchMatMul(yIn).add(yInBias).batchMatMul(yOut).add(yOutBias);
    }

    /** T for paired tower outputs [B, K, out]: w·ReLU(fx + fy), shape [B, K]. */
    public NDArray score(NDArray fx, NDArray fy) {
        return ai.djl.nn.Activation.relu(fx.add(fy)).batchMatMul(head).squeeze(2);
    }

    private NDArray glorot(SplittableRandom[] randoms, int in, int out, DataType dataType) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[] values = new float[batch * in * out];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < in * out; i++) {
                values[b * in * out + i] = (float) ((randoms[b].nextDouble() * 2 - 1) * limit);
            }
        }
        return register(manager.create(values, new Shape(batch, in, out)), dataType);
    }

    private NDArray zeros(int rows, int cols, DataType dataType) {
        return register(manager.zeros(new Shape(batch, rows, cols), DataType.FLOAT32), dataType);
    }

    private NDArray register(NDArray value, DataType dataType) {
        NDArray typed = dataType == DataType.FLOAT32 ? value : value.toType(dataType, false);
        typed.setRequiresGradient(true);
        parameters.add(typed);
        return typed;
    }
}
