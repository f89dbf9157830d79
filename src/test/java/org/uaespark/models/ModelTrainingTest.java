package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.testing.ContrastiveConfigs;
import org.uaespark.testing.RealData;

/** Training behaviour of the models on a real MNIST slice: learning, determinism, persistence, concurrency. */
class ModelTrainingTest {
    private static final int[] MNIST = {28, 28, 1};

    /** The paper's recipe for {@code kind} (§5 of the spec) with fewer epochs. */
    static ModelConfig paperRecipe(ModelKind kind, int epochs) {
        OptimizerSpec optimizer = switch (kind) {
            case SPARSE -> new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7);
            case DENSE -> new OptimizerSpec("rmsprop", 0.0025, 0.9, 0.9, 0.999, 1e-7);
            case CONV -> new OptimizerSpec("adadelta", 1.0, 0.95, 0.9, 0.999, 1e-7);
            case ADVERSARIAL -> new OptimizerSpec("adam", 1e-4, 0, 0.9, 0.999, 1e-7);
            case CONCRETE -> new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7);
            case SIMCLR -> ContrastiveConfigs.LARS;
        };
        if (kind == ModelKind.SIMCLR) {
            return ContrastiveConfigs.small(MNIST, 8, epochs, 128);
        }
        if (kind == ModelKind.CONCRETE) {
            return new ModelConfig(new ModelRecipe(kind, 50, 320, optimizer, epochs, ModelRecipe.AUTO_BATCH, 3.0, 0.1,
                    1e-7, 1), MNIST);
        }
        return new ModelConfig(new ModelRecipe(kind, kind == ModelKind.ADVERSARIAL ? 2 : 128, 1000, optimizer, epochs,
                100, 3.0, 0.1, 1e-7), MNIST);
    }

    private static byte[] parameters(UnsupervisedModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.parameters().write(out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void everyModelLearnsOnARealMnistSlice(ModelKind kind) {
        // SimCLR learns per step, not per row: 48 steps of 128 rows (NT-Xent of uniform projections: 2 ln 255).
        FloatMatrix train = RealData.mnist("train", kind == ModelKind.SIMCLR ? 2048 : 512);
        FloatMatrix test = RealData.mnist("t10k", 256);
        ModelConfig config = paperRecipe(kind, kind == ModelKind.ADVERSARIAL ? 2 : 3);
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 7)) {
            double before = model.meanLoss(test, 128);
            java.util.List<long[]> steps = new java.util.ArrayList<>();
            ModelTrainer.History history = ModelTrainer.train(model, train, 7, new ModelTrainer.EpochListener() {
                @Override
                public void epochDone(int epoch, int epochs, double meanLoss, double samplesPerSecond) {
                }

                @Override
                public void stepDone(long rowsDone, long rowsTotal) {
                    steps.add(new long[] {rowsDone, rowsTotal});
                }
            });
            double after = model.meanLoss(test, 128);
            assertEquals(config.recipe().epochs(), history.epochLoss().length);
            long total = (long) train.rows() * config.recipe().epochs();
            assertEquals(total, steps.get(steps.size() - 1)[0], "the last step reports every row of every epoch");
            for (int i = 1; i < steps.size(); i++) {
                assertTrue(steps.get(i)[0] > steps.get(i - 1)[0] && steps.get(i)[1] == total, "steps count up");
            }
            assertTrue(history.finalLoss() < history.epochLoss()[0],
                    kind + " training loss did not fall: " + Arrays.toString(history.epochLoss()));
            assertTrue(after < before, kind + " test MSE did not fall: " + before + " -> " + after);
            assertEquals((long) train.rows() * config.recipe().epochs(), history.samples());
        }
    }

    @Test
    void aDivergingRunFailsNamingTheEpochInsteadOfReturningNaNParameters() {
        FloatMatrix train = RealData.mnist("train", 200);
        ModelConfig base = paperRecipe(ModelKind.DENSE, 3);
        float[] poisoned = train.data().clone();
        poisoned[150 * train.cols() + 300] = Float.NaN; // one pixel: its batch's loss and every later step are NaN
        try (UnsupervisedModel model = Models.create(base, Device.cpu(), 7)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> ModelTrainer.train(model, new FloatMatrix(train.rows(), train.cols(), poisoned), 7, null));
            assertTrue(e.getMessage().startsWith("dense training diverged: mean loss NaN in epoch 1 of 3"), e.getMessage());
            assertTrue(e.getMessage().contains("(seed 7, 200 rows)"), e.getMessage());
        }
        try (UnsupervisedModel model = Models.create(base, Device.cpu(), 7)) {
            assertEquals(3, ModelTrainer.train(model, train, 7, null).epochLoss().length, "the recipe trains");
        }
    }

    @Test
    void sameSeedSameParametersOtherSeedOtherParameters() throws IOException {
        FloatMatrix train = RealData.mnist("train", 300);
        ModelConfig config = paperRecipe(ModelKind.DENSE, 1);
        byte[] first;
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 5)) {
            ModelTrainer.train(model, train, 5, null);
            first = parameters(model);
        }
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 5)) {
            ModelTrainer.train(model, train, 5, null);
            assertArrayEquals(first, parameters(model));
        }
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 6)) {
            ModelTrainer.train(model, train, 6, null);
            assertFalse(Arrays.equals(first, parameters(model)));
        }
    }

    @Test
    void twoModelsTrainConcurrentlyInOneJvmAsTheyDoAlone() throws Exception {
        FloatMatrix train = RealData.mnist("train", 300);
        ModelConfig config = paperRecipe(ModelKind.SPARSE, 1);
        byte[][] alone = new byte[2][];
        for (int s = 0; s < 2; s++) {
            try (UnsupervisedModel model = Models.create(config, Device.cpu(), s)) {
                ModelTrainer.train(model, train, s, null);
                alone[s] = parameters(model);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<byte[]> a = pool.submit(() -> trainAndWrite(config, train, 0));
            Future<byte[]> b = pool.submit(() -> trainAndWrite(config, train, 1));
            assertArrayEquals(alone[0], a.get());
            assertArrayEquals(alone[1], b.get());
        } finally {
            pool.shutdown();
        }
    }

    private static byte[] trainAndWrite(ModelConfig config, FloatMatrix train, long seed) throws IOException {
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), seed)) {
            ModelTrainer.train(model, train, seed, null);
            return parameters(model);
        }
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void savedModelsReloadToTheSameReconstructionErrors(ModelKind kind) throws IOException {
        FloatMatrix train = RealData.mnist("train", 200);
        ModelConfig config = paperRecipe(kind, 1);
        ByteArrayOutputStream configBytes = new ByteArrayOutputStream();
        byte[] saved;
        double[] errors;
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 3)) {
            ModelTrainer.train(model, train, 3, null);
            Models.writeConfig(model.config(), configBytes);
            saved = parameters(model);
            errors = model.perSample(train, train);
        }
        ModelConfig reread = Models.readConfig(new ByteArrayInputStream(configBytes.toByteArray()));
        assertEquals(config, reread);
        try (UnsupervisedModel loaded = Models.load(reread, new ByteArrayInputStream(saved), Device.cpu())) {
            assertArrayEquals(errors, loaded.perSample(train, train));
            assertArrayEquals(saved, parameters(loaded));
        }
    }

    @Test
    void corruptOrMismatchedParameterFilesAreRejected() throws IOException {
        ModelConfig config = TinyModels.config(ModelKind.DENSE, 1, 4);
        byte[] saved;
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 1)) {
            saved = parameters(model);
        }
        IOException truncated = assertThrows(IOException.class, () -> Models.load(config,
                new ByteArrayInputStream(Arrays.copyOf(saved, saved.length / 2)), Device.cpu()).close());
        assertTrue(truncated.getMessage() != null);
        ModelConfig wider = new ModelConfig(new ModelRecipe(ModelKind.DENSE, 6, 1000, config.recipe().optimizer(), 1, 4,
                3, 0.1, 1e-7), new int[] {8, 8, 1});
        IOException shape = assertThrows(IOException.class,
                () -> Models.load(wider, new ByteArrayInputStream(saved), Device.cpu()).close());
        assertTrue(shape.getMessage().contains("encoder.weight"), shape.getMessage());
    }
}
