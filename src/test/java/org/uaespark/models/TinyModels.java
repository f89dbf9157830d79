package org.uaespark.models;

import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.optim.OptimizerSpec;

/** Small configurations of every model and inputs for them, for fast tests. */
final class TinyModels {
    static final OptimizerSpec ADAM = new OptimizerSpec("adam", 1e-3, 0.9, 0.9, 0.999, 1e-7);

    private TinyModels() {
    }

    /** A tiny configuration of {@code kind}: 8×8×1 inputs, latent 5 (adversarial: 2, hidden 6; concrete: 5 of 64, hidden 6). */
    static ModelConfig config(ModelKind kind, int epochs, int batchSize) {
        boolean narrow = kind == ModelKind.ADVERSARIAL || kind == ModelKind.CONCRETE;
        return new ModelConfig(new ModelRecipe(kind, kind == ModelKind.ADVERSARIAL ? 2 : 5, narrow ? 6 : 1000, ADAM,
                epochs, batchSize, 3.0, 0.1, 1e-7, kind == ModelKind.CONCRETE ? 1 : 0), new int[] {8, 8, 1});
    }

    static Autoencoder create(ModelKind kind, long seed) {
        return (Autoencoder) Models.create(config(kind, 1, 4), Device.cpu(), seed);
    }

    /** A float64 copy of the architecture, for finite-difference checks. */
    static Autoencoder createDouble(ModelKind kind, long seed) {
        return (Autoencoder) Models.create(config(kind, 1, 4), Device.cpu(), seed, DataType.FLOAT64);
    }

    /** A [rows, d] batch of uniform values in [0.05, 0.95]. */
    static NDArray batch(NDManager manager, int rows, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (0.05 + 0.9 * random.nextDouble());
        }
        return manager.create(values, new Shape(rows, d));
    }
}
