package org.uaespark.models.contrastive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import org.uaespark.models.Autograd;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.GradientCheckTest;
import org.uaespark.models.LossSums;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.Models;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.testing.ContrastiveConfigs;

/**
 * The SimCLR model: its gradients against finite differences, its criterion's independence of batching and its
 * common random numbers, block-additive test loss, colour images, and the stem maps MINE reads.
 */
class SimClrTest {
    private static final int[] GRAY = {8, 8, 1};
    private static final int[] COLOUR = {8, 8, 3};

    private static FloatMatrix rows(int count, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[count * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.05 + 0.9 * random.nextDouble());
        }
        return new FloatMatrix(count, d, v);
    }

    @Test
    void theTrainingLossGradientMatchesFiniteDifferencesInDoublePrecision() {
        ModelConfig config = ContrastiveConfigs.small(COLOUR, 4, 1, 4);
        try (SimClr model = (SimClr) Models.create(config, Device.cpu(), 3, DataType.FLOAT64);
             NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(rows(4, 192, 5).data(), new Shape(4, 192)).toType(DataType.FLOAT64, false);
            // At initialisation the zero-started scales of each block's last batch norm put ReLUs exactly at their
            // kink (one-sided derivatives); move them off zero. (Width 2 is too narrow: some views' pooled features
            // are all zero, which puts the head's first ReLUs at their kink too.)
            List<NDArray> trained = model.parameters().trainable();
            for (NDArray p : trained) {
                if (p.getName().endsWith("conv2.bn.scale")) {
                    p.addi(0.5);
                }
            }
            // The criterion (inference mode, fixed views) in the parameters and the input.
            NDArray xPrime = x.duplicate();
            xPrime.setRequiresGradient(true);
            List<NDArray> all = new ArrayList<>(trained);
            all.add(xPrime);
            GradientCheckTest.check(() -> model.perSample(x, xPrime).sum(), all, 9);
            // The training loss: batch statistics in every normalisation, two views per sample.
            GradientCheckTest.check(() -> model.trainingLoss(x, 21), trained, 10);
        }
    }

    @Test
    void theCriterionOfASampleDoesNotDependOnItsBatchAndIsZeroAtTheOriginalAfterTheBaseline() {
        ModelConfig config = ContrastiveConfigs.small(GRAY, 4, 1, 8);
        FloatMatrix data = rows(16, 64, 2);
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 3)) {
            ModelTrainer.train(model, data, 3, null);
            double[] together = model.perSample(data, data);
            FloatMatrix perturbed = rows(16, 64, 7);
            double[] moved = model.perSample(data, perturbed);
            for (int i = 0; i < 16; i += 5) {
                FloatMatrix one = new FloatMatrix(1, 64, java.util.Arrays.copyOfRange(data.data(), i * 64, i * 64 + 64));
                assertEquals(together[i], model.perSample(one, one)[0], 1e-5 * Math.abs(together[i]),
                        "inference mode and content-seeded views: a sample alone as in a batch");
                assertNotEquals(together[i], moved[i], "another x' changes L(x')");
            }
            FloatMatrix shuffled = new FloatMatrix(16, 64, rows(16, 64, 2).data());
            assertArrayEquals(together, model.perSample(shuffled, shuffled), "same content, same views");
        }
    }

    @Test
    void withoutAugmentedViewsTheCriterionIsTheReleasedCodesConstant() {
        ModelConfig augmented = ContrastiveConfigs.small(GRAY, 4, 1, 8);
        org.uaespark.models.ModelRecipe r = augmented.recipe();
        org.uaespark.models.ContrastiveRecipe c = r.contrastive();
        ModelConfig faithful = new ModelConfig(new org.uaespark.models.ModelRecipe(r.kind(), r.latent(), r.hidden(),
                r.optimizer(), r.epochs(), r.batchSize(), 3, 0.1, 1e-7, 0,
                new org.uaespark.models.ContrastiveRecipe(c.width(), c.blocks(), c.temperature(), c.warmupEpochs(),
                        c.weightDecay(), c.momentum(), c.trustCoefficient(), c.jitterStrength(), c.attackViews(),
                        false)), GRAY);
        FloatMatrix x = rows(6, 64, 2);
        try (UnsupervisedModel model = Models.create(faithful, Device.cpu(), 3)) {
            for (double loss : model.perSample(x, rows(6, 64, 9))) {
                assertEquals(2 * Math.log(2 * c.attackViews() - 1), loss, 1e-5, "identical views: L is a constant");
            }
        }
    }

    @Test
    void theTestLossAddsUpOverBlocksAndIsAboveZero() {
        ModelConfig config = ContrastiveConfigs.small(GRAY, 2, 1, 8);
        FloatMatrix data = rows(24, 64, 4);
        try (UnsupervisedModel model = Models.create(config, Device.cpu(), 3)) {
            LossSums whole = model.lossSums(data, 3);
            LossSums parts = new LossSums(0, 0);
            for (int b = 0; b < 3; b++) {
                parts = parts.plus(model.lossSums(new FloatMatrix(8, 64,
                        java.util.Arrays.copyOfRange(data.data(), b * 512, b * 512 + 512)), 5));
            }
            assertEquals(whole.sum(), parts.sum(), 0, "blocks of the training batch (8) add up exactly; the batch argument is unused");
            assertEquals(24, whole.weight());
            assertTrue(whole.mean() > 0 && whole.mean() < 2 * Math.log(15) + 1, "NT-Xent of 16 views: " + whole.mean());
        }
    }

    @Test
    void colourImagesTrainAndTheStemMapsHaveTheWidthAndSizeMineExpects() {
        ModelConfig config = ContrastiveConfigs.small(COLOUR, 4, 2, 8);
        FloatMatrix data = rows(16, 192, 3);
        try (SimClr model = (SimClr) Models.create(config, Device.cpu(), 3);
             NDManager m = model.manager().newSubManager()) {
            ModelTrainer.History h = ModelTrainer.train(model, data, 3, null);
            assertTrue(Double.isFinite(h.finalLoss()));
            Autograd.noGrad();
            NDArray x = m.create(data.data(), new Shape(16, 192));
            assertEquals(new Shape(16, 4, 8, 8), model.mineFeatures().orElseThrow().maps(x).getShape());
            assertEquals(new Shape(16, 32), model.represent(x).getShape(), "8 × width pooled features");
            assertEquals(config.mineFeatureMaps().orElseThrow().channels(), 4);
        }
    }

    @Test
    void imagesTheEncoderCannotTakeAreRefusedNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContrastiveConfigs.small(new int[] {64}, 4, 1, 8));
        assertTrue(e.getMessage().contains("[64]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ContrastiveConfigs.small(new int[] {8, 8, 2}, 4, 1, 8));
        IllegalArgumentException auto = assertThrows(IllegalArgumentException.class,
                () -> ContrastiveConfigs.small(GRAY, 4, 1, org.uaespark.models.ModelRecipe.AUTO_BATCH));
        assertTrue(auto.getMessage().contains("batch-size must be a number"), auto.getMessage());
    }
}
