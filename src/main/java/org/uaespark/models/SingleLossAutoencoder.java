package org.uaespark.models;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.uaespark.models.optim.Optimizer;

/** A model trained by one optimiser on one loss over all its parameters (the sparse, dense and conv AEs). */
public abstract class SingleLossAutoencoder extends Autoencoder {
    private final Optimizer optimizer;

    /**
     * @param config   architecture and recipe
     * @param manager  owns the parameters and optimiser state; closed with the model
     * @param dataType parameter type: FLOAT32, or FLOAT64 for numerical checks
     */
    protected SingleLossAutoencoder(ModelConfig config, NDManager manager, DataType dataType) {
        super(config, manager, dataType);
        optimizer = Optimizer.of(config.recipe().optimizer(), manager);
    }

    /** The training loss of batch {@code x}, a scalar. */
    public abstract NDArray loss(NDArray x);

    @Override
    public float trainStep(NDArray x, long stepSeed) {
        return step(() -> loss(x), optimizer, parameters().all());
    }

    @Override
    protected List<Optimizer> optimizers() {
        return List.of(optimizer);
    }
}
