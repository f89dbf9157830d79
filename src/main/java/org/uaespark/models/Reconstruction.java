package org.uaespark.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Reconstruction errors under a model, computed in batches without recording graphs: the paper's metric, the
 * per-pixel mean squared error averaged over a split, and the per-sample summed squared error ‖x − Φ(x)‖² that
 * the attack criterion compares.
 */
public final class Reconstruction {
    private Reconstruction() {
    }

    /** ‖x_i − Φ(x_i)‖² for every row i, summed in double precision per row. */
    public static double[] perSampleSquaredError(Autoencoder model, FloatMatrix data, int batchSize) {
        double[] out = new double[data.rows()];
        Autograd.noGrad();
        int[] identity = new int[data.rows()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        float[] buffer = new float[batchSize * data.cols()];
        for (int from = 0; from < data.rows(); from += batchSize) {
            int count = Math.min(batchSize, data.rows() - from);
            data.gather(identity, from, count, buffer);
            try (NDManager scope = model.manager().newSubManager()) {
                scope.tempAttachAll(model.parameters().all().toArray(new NDArray[0]));
                NDArray x = scope.create(java.util.Arrays.copyOf(buffer, count * data.cols()),
                        new Shape(count, data.cols()));
                float[] squared = model.reconstruct(x).sub(x).square().toFloatArray();
                for (int r = 0; r < count; r++) {
                    double sum = 0;
                    for (int c = 0; c < data.cols(); c++) {
                        sum += squared[r * data.cols() + c];
                    }
                    out[from + r] = sum;
                }
            }
        }
        return out;
    }

    /** Mean over rows and features of (x − Φ(x))²: the paper's "reconstruction error". */
    public static double perPixelMse(Autoencoder model, FloatMatrix data, int batchSize) {
        double total = 0;
        for (double e : perSampleSquaredError(model, data, batchSize)) {
            total += e;
        }
        return total / ((double) data.rows() * data.cols());
    }
}
