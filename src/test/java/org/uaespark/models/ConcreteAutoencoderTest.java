package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.uaespark.models.optim.OptimizerSpec;

/** The concrete autoencoder's defining behaviour: its schedule, selection, gradients, retry rule and learning. */
class ConcreteAutoencoderTest {
    /** The first try's epochs in {@link #theRetryRuleStopsAtTheFirstTryWhoseSelectionConverged}. */
    private static final int EPOCHS_TO_CONVERGE = 60;

    private static ModelConfig config(int selected, int hidden, int epochs, int batch, int tries, int features) {
        return new ModelConfig(new ModelRecipe(ModelKind.CONCRETE, selected, hidden, TinyModels.ADAM, epochs, batch,
                3.0, 0.1, 1e-7, tries), new int[] {features});
    }

    /**
     * Rows whose d = 2k features are k independent uniforms and a copy of them: feature j + k equals feature j.
     * Any k features covering every pair reconstruct all 2k exactly; a selection missing a pair cannot.
     */
    private static FloatMatrix copiedPairs(int rows, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[rows * 2 * k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                float v = (float) random.nextDouble();
                data[r * 2 * k + j] = v;
                data[r * 2 * k + j + k] = v;
            }
        }
        return new FloatMatrix(rows, 2 * k, data);
    }

    @Test
    void temperatureDecaysPerStepFromTenToOneTenthOverTheScheduledSteps() {
        FloatMatrix data = copiedPairs(64, 3, 1);
        try (ConcreteAutoencoder model = (ConcreteAutoencoder) Models.create(config(3, 8, 5, 16, 1, 6), Device.cpu(), 3)) {
            assertEquals(10.0, model.temperature());
            ModelTrainer.train(model, data, 3, null);
            // 64 rows in batches of 16 for 5 epochs: 20 steps; T_20 = 10 · (0.01)^(20/20) = 0.1
            assertEquals(0.1, model.temperature(), 1e-12);
        }
        try (ConcreteAutoencoder model = (ConcreteAutoencoder) Models.create(config(3, 8, 1, 16, 1, 6), Device.cpu(), 3);
             NDManager scope = model.manager().newSubManager()) {
            model.startTraining(40);
            NDArray x = scope.create(copiedPairs(16, 3, 2).data(), new Shape(16, 6));
            for (int k = 1; k <= 10; k++) {
                model.trainStep(x, k);
                assertEquals(10 * Math.pow(0.01, k / 40.0), model.temperature(), 1e-12, "T after step " + k);
            }
        }
    }

    @Test
    void inferenceReadsOnlyTheSelectedFeatures() {
        try (ConcreteAutoencoder model = (ConcreteAutoencoder) Models.create(config(4, 8, 1, 16, 1, 12), Device.cpu(), 5);
             NDManager scope = model.manager().newSubManager()) {
            int[] selected = model.selectedFeatures();
            assertEquals(4, selected.length);
            float[] x = copiedPairs(1, 6, 9).data();
            float[] changedElsewhere = x.clone();
            TreeSet<Integer> chosen = new TreeSet<>();
            Arrays.stream(selected).forEach(chosen::add);
            for (int j = 0; j < x.length; j++) {
                if (!chosen.contains(j)) {
                    changedElsewhere[j] = 1 - x[j];
                }
            }
            float[] changedSelected = x.clone();
            changedSelected[selected[0]] = 1 - x[selected[0]];
            float[] base = model.reconstruct(scope.create(x, new Shape(1, 12))).toFloatArray();
            assertArrayEquals(base, model.reconstruct(scope.create(changedElsewhere, new Shape(1, 12))).toFloatArray(),
                    "features the selector did not pick must not matter");
            assertFalse(Arrays.equals(base, model.reconstruct(scope.create(changedSelected, new Shape(1, 12)))
                    .toFloatArray()), "a selected feature must matter");
        }
    }

    /**
     * The training loss with its noise fixed by the step seed against central finite differences in float64, as
     * {@link GradientCheckTest} does for the other models (its tolerance reasoning applies: smooth softmax and
     * linear layers, LeakyReLU kinks hit only within ~1e-7 of a tie).
     */
    @Test
    void trainingLossGradientMatchesFiniteDifferences() {
        try (ConcreteAutoencoder model = (ConcreteAutoencoder) Models.create(TinyModels.config(ModelKind.CONCRETE, 1, 4),
                Device.cpu(), 11, DataType.FLOAT64);
             NDManager data = model.manager().newSubManager()) {
            model.startTraining(10);
            NDArray x = TinyModels.batch(data, 4, 64, 5).toType(DataType.FLOAT64, false);
            double once = model.loss(x, 42).getDouble();
            assertEquals(once, model.loss(x, 42).getDouble(), "the step seed fixes the noise");
            assertNotEquals(once, model.loss(x, 43).getDouble(), "another step seed draws other noise");
            GradientCheckTest.check(() -> model.loss(x, 42), model.parameters().all(), 3);
        }
    }

    @Test
    void learnsToSelectOneFeatureOfEveryCopiedPair() {
        FloatMatrix data = copiedPairs(2048, 4, 17);
        try (ConcreteAutoencoder model = (ConcreteAutoencoder) Models.create(config(4, 32, 40, ModelRecipe.AUTO_BATCH,
                1, 8), Device.cpu(), 17)) {
            ModelTrainer.train(model, data, 17, null);
            int[] pairs = Arrays.stream(model.selectedFeatures()).map(j -> j % 4).sorted().toArray();
            assertArrayEquals(new int[] {0, 1, 2, 3}, pairs, "selected " + Arrays.toString(model.selectedFeatures()));
            // twins are equally good, so a settled node may split its mass between them (max ≈ 0.5); an unsettled
            // node spreads it over all 8 features (max ≈ 1/8)
            assertTrue(model.meanMaxProbability() > 0.45, "the nodes settled: " + model.meanMaxProbability());
            assertTrue(model.meanLoss(data, 256) < 0.01, "all 8 features decode from the 4 picked");
        }
    }

    @Test
    void theRetryRuleDoublesEpochsUntilTheSelectionConvergesOrTheTriesRunOut() {
        FloatMatrix data = copiedPairs(64, 3, 4);
        ModelTrainer.Fit fit = ModelTrainer.fit(config(3, 8, 1, 16, 3, 6), Device.cpu(), data, 4, null);
        try (UnsupervisedModel model = fit.model()) {
            assertFalse(model.trainingConverged(), "one epoch of 4 steps cannot settle the selection");
            assertEquals(3, fit.tries());
            assertEquals(4, model.config().recipe().epochs(), "1, then 2, then 4 epochs");
            assertEquals(4, fit.history().epochLoss().length);
            assertEquals(3, ModelTrainer.fitFacts(fit).get("tries"));
        }
        ModelTrainer.Fit once = ModelTrainer.fit(config(3, 8, 1, 16, 1, 6), Device.cpu(), data, 4, null);
        try (UnsupervisedModel model = once.model()) {
            assertEquals(1, once.tries());
            assertEquals(1, model.config().recipe().epochs());
        }
    }

    /**
     * The retry rule's other exit: a selection that converges before the tries run out is kept. Three of six
     * features vary and three are always zero, so each of three nodes settles on its own varying feature (a node
     * on a zero feature, or two on one feature, would leave a feature undecodable).
     */
    @Test
    void theRetryRuleStopsAtTheFirstTryWhoseSelectionConverged() {
        SplittableRandom random = new SplittableRandom(8);
        int rows = 512;
        float[] values = new float[rows * 6];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 3; j++) {
                values[r * 6 + j] = (float) random.nextDouble();
            }
        }
        FloatMatrix data = new FloatMatrix(rows, 6, values);
        OptimizerSpec fast = new OptimizerSpec("adam", 1e-2, 0.9, 0.9, 0.999, 1e-7);
        ModelConfig config = new ModelConfig(new ModelRecipe(ModelKind.CONCRETE, 3, 8, fast, EPOCHS_TO_CONVERGE, 16,
                3.0, 0.1, 1e-7, 3), new int[] {6});
        ModelTrainer.Fit fit = ModelTrainer.fit(config, Device.cpu(), data, 4, null);
        try (UnsupervisedModel model = fit.model()) {
            ConcreteAutoencoder concrete = (ConcreteAutoencoder) model;
            assertTrue(model.trainingConverged(), "settled: " + concrete.meanMaxProbability());
            assertEquals(2, fit.tries(), "not settled after 60 epochs, settled after 120: no third try");
            assertEquals(2 * EPOCHS_TO_CONVERGE, model.config().recipe().epochs());
            assertEquals(2 * EPOCHS_TO_CONVERGE, fit.history().epochLoss().length, "the kept try's history");
            assertEquals(Boolean.TRUE, ModelTrainer.fitFacts(fit).get("converged"));
            assertEquals(2, ModelTrainer.fitFacts(fit).get("tries"));
        }
    }

    @Test
    void autoBatchIsTheLibrarysRuleOnTheRowsTrainedOn() {
        ModelRecipe recipe = config(3, 8, 1, ModelRecipe.AUTO_BATCH, 1, 6).recipe();
        assertEquals(234, recipe.batchSize(60_000));
        assertEquals(468, recipe.batchSize(120_000));
        assertEquals(16, recipe.batchSize(2_000));
    }

    @Test
    void otherModelsConfigurationJsonHasNoSelectionTries() throws IOException {
        ByteArrayOutputStream dense = new ByteArrayOutputStream();
        Models.writeConfig(TinyModels.config(ModelKind.DENSE, 1, 4), dense);
        assertFalse(dense.toString(StandardCharsets.UTF_8).contains("selectionTries"));
        ByteArrayOutputStream concrete = new ByteArrayOutputStream();
        ModelConfig config = TinyModels.config(ModelKind.CONCRETE, 1, 4);
        Models.writeConfig(config, concrete);
        assertTrue(concrete.toString(StandardCharsets.UTF_8).contains("\"selectionTries\" : 1"));
        assertEquals(config, Models.readConfig(new java.io.ByteArrayInputStream(concrete.toByteArray())));
    }
}
