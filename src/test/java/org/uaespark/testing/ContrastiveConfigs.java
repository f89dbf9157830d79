package org.uaespark.testing;

import org.uaespark.models.ContrastiveRecipe;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.optim.OptimizerSpec;

/** Small SimCLR configurations for tests: the paper's recipe with a narrow one-block-per-stage encoder. */
public final class ContrastiveConfigs {
    /** LARS at 4 × SimCLR's base rate: short test runs must learn in tens of steps. */
    public static final OptimizerSpec LARS = new OptimizerSpec("lars", 4.0, 0.9, 0.9, 0.999, 1e-7);

    private ContrastiveConfigs() {
    }

    /**
     * A SimCLR of stem width {@code width}, one block per stage, head 32 → 16, τ = 0.5, one warm-up epoch, two
     * attack view pairs.
     */
    public static ModelConfig small(int[] shape, int width, int epochs, int batchSize) {
        return new ModelConfig(new ModelRecipe(ModelKind.SIMCLR, 16, 32, LARS, epochs, batchSize, 3, 0.1, 1e-7, 0,
                new ContrastiveRecipe(width, 1, 0.5, 1, 1e-4, 0.9, 0.001, 0.5, 2, true)), shape);
    }
}
