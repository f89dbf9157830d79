package org.uaespark.models;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Reconstruction errors under an autoencoder, computed in batches without recording graphs: the per-sample summed
 * squared error ‖x − Φ(x)‖² that the attack criterion compares and the paper's per-pixel metric adds up.
 */
public final class Reconstruction {
    private Reconstruction() {
    }

    /** ‖x_i − Φ(x_i)‖² for every row i, summed in double precision per row. */
    public static double[] perSampleSquaredError(Autoencoder model, FloatMatrix data, int batchSize) {
        return perSampleSquaredError(model, data, data, batchSize);
    }

    /**
     * ‖t_i − Φ(z_i)‖² for every row i of targets t and inputs z (the attack criterion compares the original x with
     * the reconstruction of x + δ), summed in double precision per row.
     */
    public static double[] perSampleSquaredError(Autoencoder model, FloatMatrix targets, FloatMatrix inputs,
            int batchSize) {
        if (targets.rows() != inputs.rows() || targets.cols() != inputs.cols()) {
            throw new IllegalArgumentException("targets and inputs differ in shape");
        }
        int cols = inputs.cols();
        double[] out = new double[inputs.rows()];
        Autograd.noGrad();
        int[] identity = new int[inputs.rows()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        float[] in = new float[batchSize * cols];
        float[] target = new float[batchSize * cols];
        for (int from = 0; from < inputs.rows(); from += batchSize) {
            int count = Math.min(batchSize, inputs.rows() - from);
            inputs.gather(identity, from, count, in);
            targets.gather(identity, from, count, target);
            try (NDManager scope = model.manager().newSubManager()) {
                scope.tempAttachAll(model.parameters().all().toArray(new NDArray[0]));
                Shape shape = new Shape(count, cols);
                NDArray z = scope.create(Arrays.copyOf(in, count * cols), shape);
                NDArray t = scope.create(Arrays.copyOf(target, count * cols), shape);
                float[] squared = model.reconstruct(z).sub(t).square().toFloatArray();
                for (int r = 0; r < count; r++) {
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        sum += squared[r * cols + c];
                    }
                    out[from + r] = sum;
                }
            }
        }
        return out;
    }
}
