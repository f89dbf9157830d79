package org.uaespark.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.ModelTrainer;
import org.uaespark.models.optim.OptimizerSpec;
import org.uaespark.testing.ContrastiveConfigs;

/**
 * The compute-matched controls match an augmented arm's work under every batch rule: {@code duplicate} trains on as
 * many rows as an augmented arm (the train split and a copy of it), and {@code original-2x} on the train split
 * for twice the epochs at the batch size of those rows. Samples seen and the batch size are equal exactly;
 * optimizer steps are equal wherever the batch divides the train rows, and otherwise differ by the last partial
 * batch of each epoch: at most one step per epoch, under the concrete AE's automatic batch as under a fixed one.
 */
class ComputeMatchTest {
    private static final OptimizerSpec ADAM = new OptimizerSpec("adam", 1e-3, 0.9, 0.9, 0.999, 1e-7);
    private static final Arm AUGMENTED_ROWS = new Arm.Duplicate(3);
    private static final Arm TWICE_THE_EPOCHS = new Arm.Original2x(3);

    private static void assertMatched(ModelRecipe recipe, int trainRows, boolean exactSteps) {
        ModelRecipe augmented = AUGMENTED_ROWS.recipe(recipe, trainRows);
        ModelRecipe longer = TWICE_THE_EPOCHS.recipe(recipe, trainRows);
        String what = recipe.kind() + " on " + trainRows + " train rows, batch " + recipe.batchSize();
        assertEquals((long) augmented.epochs() * 2 * trainRows, (long) longer.epochs() * trainRows,
                "samples seen: " + what);
        long stepsAugmented = ModelTrainer.optimizerSteps(augmented, 2 * trainRows);
        long stepsLonger = ModelTrainer.optimizerSteps(longer, trainRows);
        if (exactSteps) {
            assertEquals(stepsAugmented, stepsLonger, "optimizer steps: " + what);
        } else {
            assertTrue(Math.abs(stepsAugmented - stepsLonger) <= augmented.epochs(),
                    "optimizer steps within one partial batch per epoch: " + stepsAugmented + " vs " + stepsLonger
                            + ", " + what);
        }
        assertEquals(longer.batchSize(trainRows), augmented.batchSize(2 * trainRows), "one batch size: " + what);
    }

    @Test
    void theConcreteAutoencodersAutomaticBatchSeesTheSameSamplesInTheSameSteps() {
        ModelRecipe concrete = new ModelRecipe(ModelKind.CONCRETE, 50, 256, ADAM, 100, ModelRecipe.AUTO_BATCH, 3.0,
                0.1, 1e-7, 3);
        for (int rows : new int[] {60_000, 10_000, 2_000, 569}) {
            assertMatched(concrete, rows, false);
        }
        assertMatched(concrete, 4_096, true);
        ModelRecipe longer = TWICE_THE_EPOCHS.recipe(concrete, 60_000);
        assertEquals(468, longer.batchSize(), "the batch of 120,000 rows: max(120,000 / 256, 16)");
        assertEquals(200, longer.epochs());
        assertEquals(25_800, ModelTrainer.optimizerSteps(longer, 60_000), "129 batches per epoch, the last partial");
        assertEquals(25_700, ModelTrainer.optimizerSteps(concrete, 120_000), "257 per epoch on 120,000 rows");
        assertEquals(51_400, ModelTrainer.optimizerSteps(concrete.withEpochs(200), 60_000),
                "before issue 31 original-2x took twice the augmented arm's steps (234 rows per batch, 200 epochs)");
    }

    @Test
    void fixedBatchesSeeTheSameSamplesAndStepsUpToAPartialBatch() {
        ModelRecipe dense = new ModelRecipe(ModelKind.DENSE, 64, 1000, ADAM, 20, 256, 0, 0.1, 0);
        assertMatched(dense, 60_000, false);
        assertMatched(dense, 2_048, true);
        ModelRecipe simclr = ContrastiveConfigs.small(new int[] {8, 8, 1}, 4, 10, 512).recipe();
        assertMatched(simclr, 60_000, false);
        assertMatched(simclr, 5_120, true);
    }

    @Test
    void armsWithoutMoreEpochsKeepTheRecipe() {
        ModelRecipe concrete = new ModelRecipe(ModelKind.CONCRETE, 50, 256, ADAM, 100, ModelRecipe.AUTO_BATCH, 3.0,
                0.1, 1e-7, 3);
        assertEquals(concrete, new Arm.Original(3).recipe(concrete, 60_000));
        assertEquals(concrete, AUGMENTED_ROWS.recipe(concrete, 60_000), "the batch follows the rows it trains on");
    }
}
