package org.uaespark.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.uaespark.data.Seeds;

/**
 * Trains a model with its recipe: {@code epochs} passes over the rows in a seeded random order (a fresh
 * permutation per epoch, the last batch possibly smaller, as Keras' {@code fit(shuffle=True)}), one
 * {@link UnsupervisedModel#trainStep} per batch. Every step runs in its own manager so its temporaries are freed
 * with it. The result depends only on the seed, the data and the torch thread count.
 */
public final class ModelTrainer {

    /** Receives one call per finished epoch, and optionally one per optimiser step. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * Called after each optimiser step (for progress within long epochs); by default nothing.
         *
         * @param rowsDone  rows processed so far over all epochs
         * @param rowsTotal rows × epochs
         */
        default void stepDone(long rowsDone, long rowsTotal) {
        }

        /**
         * @param epoch      1-based epoch number
         * @param epochs     total epochs
         * @param meanLoss   mean training loss of the epoch's steps, weighted by batch size
         * @param samplesPerSecond throughput of the epoch
         */
        void epochDone(int epoch, int epochs, double meanLoss, double samplesPerSecond);
    }

    /**
     * What training did.
     *
     * @param epochLoss mean training loss per epoch
     * @param seconds   wall time
     * @param samples   samples processed (rows × epochs)
     */
    public record History(double[] epochLoss, double seconds, long samples) {
        /** The last epoch's loss, NaN when no epoch ran. */
        public double finalLoss() {
            return epochLoss.length == 0 ? Double.NaN : epochLoss[epochLoss.length - 1];
        }
    }

    /**
     * A trained model, owned by the caller.
     *
     * @param model   the model of the last training run
     * @param history that run's history
     * @param tries   training runs made (more than 1 only under the concrete AE's retry rule)
     */
    public record Fit(UnsupervisedModel model, History history, int tries) {
    }

    private ModelTrainer() {
    }

    /**
     * Creates a model from {@code config} and {@code seed} and trains it on {@code data}. Under a recipe with
     * {@link ModelRecipe#selectionTries()} above 1, a run whose model has not {@link UnsupervisedModel#trainingConverged()
     * converged} is discarded and training restarts from scratch with twice the epochs (seed mixed with the try), at
     * most that many runs, as the concrete-autoencoder library does; the last run is kept either way.
     */
    public static Fit fit(ModelConfig config, Device device, FloatMatrix data, long seed, EpochListener listener) {
        int tries = Math.max(1, config.recipe().selectionTries());
        ModelConfig attempt = config;
        for (int t = 1; ; t++) {
            long trySeed = t == 1 ? seed : Seeds.mix(seed, t);
            UnsupervisedModel model = Models.create(attempt, device, trySeed);
            try {
                History history = train(model, data, trySeed, listener);
                if (t == tries || model.trainingConverged()) {
                    return new Fit(model, history, t);
                }
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            model.close();
            attempt = new ModelConfig(attempt.recipe().withEpochs(Math.multiplyExact(attempt.recipe().epochs(), 2)),
                    attempt.inputShape());
        }
    }

    /**
     * What a fit adds to a model's provenance: the tries under the retry rule (when the recipe has one) and the
     * model's own {@link UnsupervisedModel#trainedFacts() facts} (the concrete AE's selected features).
     */
    public static Map<String, Object> fitFacts(Fit fit) {
        Map<String, Object> facts = new LinkedHashMap<>();
        int allowed = fit.model().config().recipe().selectionTries();
        if (allowed > 0) {
            facts.put("tries", fit.tries());
            facts.put("selectionTries", allowed);
            facts.put("converged", fit.model().trainingConverged());
        }
        facts.putAll(fit.model().trainedFacts());
        return facts;
    }

    /** The optimizer steps {@link #train} takes under {@code recipe} on {@code rows} rows: one per batch, the last partial. */
    public static long optimizerSteps(ModelRecipe recipe, int rows) {
        int batchSize = recipe.batchSize(rows);
        return (long) recipe.epochs() * ((rows + batchSize - 1) / batchSize);
    }

    /**
     * Trains {@code model} in place on {@code data}; {@code listener} may be null.
     *
     * @throws TrainingDivergedException when an epoch's mean loss is not finite
     */
    public static History train(UnsupervisedModel model, FloatMatrix data, long seed, EpochListener listener) {
        if (data.cols() != model.config().inputSize()) {
            throw new IllegalArgumentException("rows have " + data.cols() + " features, the model expects "
                    + model.config().inputSize());
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int epochs = model.config().recipe().epochs();
        int batchSize = model.config().recipe().batchSize(data.rows());
        model.startTraining(optimizerSteps(model.config().recipe(), data.rows()));
        double[] losses = new double[epochs];
        float[] buffer = new float[batchSize * data.cols()];
        long started = System.nanoTime();
        Autograd.noGrad();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long epochStart = System.nanoTime();
            int[] order = permutation(data.rows(), new SplittableRandom(Seeds.mix(seed, epoch)));
            double weighted = 0;
            for (int from = 0, step = 0; from < data.rows(); from += batchSize, step++) {
                int count = Math.min(batchSize, data.rows() - from);
                data.gather(order, from, count, buffer);
                try (NDManager scope = model.manager().newSubManager()) {
                    scope.tempAttachAll(model.mutableState().toArray(new NDArray[0]));
                    float[] batch = count == batchSize ? buffer : java.util.Arrays.copyOf(buffer, count * data.cols());
                    NDArray x = scope.create(batch, new Shape(count, data.cols()));
                    weighted += (double) model.trainStep(x, Seeds.mix(seed, epoch, step)) * count;
                }
                if (listener != null) {
                    listener.stepDone((long) epoch * data.rows() + from + count, (long) epochs * data.rows());
                }
            }
            losses[epoch] = weighted / data.rows();
            if (!Double.isFinite(losses[epoch])) {
                throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                        "%s training diverged: mean loss %s in epoch %d of %d (seed %d, %d rows); nothing is kept",
                        model.config().kind().configName(), losses[epoch], epoch + 1, epochs, seed, data.rows()));
            }
            if (listener != null) {
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                listener.epochDone(epoch + 1, epochs, losses[epoch], data.rows() / seconds);
            }
        }
        return new History(losses, (System.nanoTime() - started) / 1e9, (long) data.rows() * epochs);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
