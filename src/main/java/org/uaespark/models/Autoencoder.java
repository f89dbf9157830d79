package org.uaespark.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * An autoencoder Φ: a model whose output is a reconstruction Φ(x) of its input. Its attack criterion is
 * ‖x − Φ(x′)‖² per sample and its evaluation loss the per-pixel squared reconstruction error (the paper's metric).
 */
public abstract class Autoencoder extends UnsupervisedModel {

    /**
     * @param config   architecture and recipe
     * @param manager  owns the parameters and optimiser state; closed with the model
     * @param dataType parameter type: FLOAT32, or FLOAT64 for numerical checks
     */
    protected Autoencoder(ModelConfig config, NDManager manager, DataType dataType) {
        super(config, manager, dataType);
    }

    /** Φ(x): the reconstruction of a batch [B, d], same shape. */
    public abstract NDArray reconstruct(NDArray x);

    /** The attack criterion ‖x − Φ(x′)‖² per sample (the paper's f, for every autoencoder). */
    @Override
    public NDArray perSample(NDArray x, NDArray xPrime) {
        return reconstruct(xPrime).sub(x).square().sum(new int[] {1});
    }

    @Override
    public double[] perSample(FloatMatrix x, FloatMatrix xPrime) {
        return Reconstruction.perSampleSquaredError(this, x, xPrime, x.rows());
    }

    /** The summed squared reconstruction error over the number of features scored (rows × d). */
    @Override
    public LossSums lossSums(FloatMatrix rows, int batchSize) {
        double total = 0;
        for (double e : Reconstruction.perSampleSquaredError(this, rows, batchSize)) {
            total += e;
        }
        return new LossSums(total, (double) rows.rows() * rows.cols());
    }
}
