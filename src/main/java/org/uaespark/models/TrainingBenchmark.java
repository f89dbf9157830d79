package org.uaespark.models;

import java.util.SplittableRandom;

import ai.djl.Device;

/**
 * Measures training throughput of a model configuration on synthetic inputs of its shape (the values do not
 * change the work): a short warm-up run, then a timed run of {@code steps} batches through {@link ModelTrainer}.
 */
public final class TrainingBenchmark {
    private TrainingBenchmark() {
    }

    /**
     * One measurement.
     *
     * @param config           what was measured
     * @param parameters       scalar parameters of the model
     * @param msPerStep        wall milliseconds per training step
     * @param samplesPerSecond training samples per second
     */
    public record Result(ModelConfig config, long parameters, double msPerStep, double samplesPerSecond) {
        /** Seconds one epoch over {@code rows} rows takes at this speed. */
        public double secondsPerEpoch(int rows) {
            return rows / samplesPerSecond;
        }
    }

    /**
     * Times {@code steps} training steps of {@code config} on {@code device} after {@code warmup} untimed ones, at
     * the batch size the recipe takes for a training set of {@code rows} rows.
     */
    public static Result measure(ModelConfig config, Device device, int warmup, int steps, int rows, long seed) {
        int batch = config.recipe().batchSize(rows);
        ModelConfig oneEpoch = new ModelConfig(config.recipe().withEpochs(1).withBatchSize(batch), config.inputShape());
        try (UnsupervisedModel model = Models.create(oneEpoch, device, seed)) {
            if (warmup > 0) {
                ModelTrainer.train(model, synthetic(warmup * batch, config.inputSize(), seed), seed, null);
            }
            ModelTrainer.History timed = ModelTrainer.train(model, synthetic(steps * batch, config.inputSize(), seed + 1),
                    seed, null);
            return new Result(oneEpoch, model.parameters().size(), timed.seconds() * 1000 / steps,
                    timed.samples() / timed.seconds());
        }
    }

    private static FloatMatrix synthetic(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        return new FloatMatrix(rows, cols, data);
    }
}
