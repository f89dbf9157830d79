package org.uaespark.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import org.uaespark.models.optim.Optimizer;

/**
 * An unsupervised model Φ the pipeline trains, attacks and evaluates: its parameters, one optimisation step of its
 * training recipe, its attack criterion ({@link UnsupervisedCriterion}) and its evaluation loss. Inputs are batches
 * of flattened samples, shape [B, d] (images flattened height, width, channels). Not thread-safe; each thread
 * (Spark task) uses its own instance. Closing it frees its native memory.
 */
public abstract class UnsupervisedModel implements UnsupervisedCriterion, AutoCloseable {
    private final ModelConfig config;
    private final NDManager manager;
    private final ParameterSet parameters;

    /**
     * @param config   architecture and recipe
     * @param manager  owns the parameters and optimiser state; closed with the model
     * @param dataType parameter type: FLOAT32, or FLOAT64 for numerical checks
     */
    protected UnsupervisedModel(ModelConfig config, NDManager manager, DataType dataType) {
        this.config = config;
        this.manager = manager;
        this.parameters = new ParameterSet(manager, dataType);
    }

    /**
     * The evaluation loss of {@code rows} as a sum and the weight it is averaged over, so that the sums of disjoint
     * parts add up: for an autoencoder the squared reconstruction error and the number of features scored, in
     * forward passes of {@code batchSize} rows; for a contrastive model the loss of consecutive blocks of its
     * training batch size times their rows. Graph recording off; the model in inference mode.
     */
    public abstract LossSums lossSums(FloatMatrix rows, int batchSize);

    /** The evaluation loss of {@code rows}: {@link #lossSums} divided out. */
    public double meanLoss(FloatMatrix rows, int batchSize) {
        return lossSums(rows, batchSize).mean();
    }

    /**
     * One optimisation step on batch {@code x} (graph recording is switched on and off inside).
     *
     * @param stepSeed seed of any randomness the step draws (the adversarial AE's prior samples)
     * @return the step's training loss before the update (the reconstruction loss for the adversarial AE)
     */
    public abstract float trainStep(NDArray x, long stepSeed);

    /**
     * Called by {@link ModelTrainer} before the first step with the number of steps the training run will take:
     * a model with a per-step schedule (the concrete AE's temperature) sets it up here. Nothing by default.
     */
    public void startTraining(long totalSteps) {
    }

    /** Whether training reached what the recipe asks of it (the concrete AE's selection rule); true by default. */
    public boolean trainingConverged() {
        return true;
    }

    /** Facts about the trained model for its provenance (the concrete AE's selected features); none by default. */
    public Map<String, Object> trainedFacts() {
        return Map.of();
    }

    /** The optimisers of the recipe, whose state a training step updates in place. */
    protected abstract List<Optimizer> optimizers();

    /** Architecture and recipe. */
    public ModelConfig config() {
        return config;
    }

    /** The named parameters. */
    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    /** The manager owning parameters and optimiser state. */
    @Override
    public NDManager manager() {
        return manager;
    }

    /**
     * Every array a training step updates in place (parameters and optimiser state): a step attaches them to its
     * own short-lived manager so that the step's temporaries are freed with it.
     */
    public List<NDArray> mutableState() {
        List<NDArray> out = new ArrayList<>(parameters.all());
        for (Optimizer o : optimizers()) {
            out.addAll(o.state());
        }
        return out;
    }

    /** Runs {@code loss} backward, applies {@code optimizer} to {@code trained}, and clears every gradient. */
    protected float step(java.util.function.Supplier<NDArray> loss, Optimizer optimizer, List<NDArray> trained) {
        NDArray value = Autograd.backward(loss);
        Autograd.noGrad();
        optimizer.step(trained);
        Autograd.zero(parameters.trainable());
        return value.getDataType() == DataType.FLOAT64 ? (float) value.getDouble() : value.getFloat();
    }

    @Override
    public void close() {
        manager.close();
    }
}
