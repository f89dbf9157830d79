package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import org.uaespark.config.AttackProfiles;
import org.uaespark.mine.MineEstimator;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.optim.OptimizerSpec;

class AttackMemoryTest {
    private static final OptimizerSpec ADAM = new OptimizerSpec("adam", 1e-3, 0, 0.9, 0.999, 1e-7);

    private static ModelConfig model(ModelKind kind) {
        return new ModelConfig(new ModelRecipe(kind, 16, 1000, ADAM, 1, 10, 3, 0.1, 1e-7), new int[] {12, 8, 1});
    }

    private static AttackSettings settings(ProjectionMode mode) {
        return AttackProfiles.shipped("paper", AttackMethod.MINE).toBuilder().iterations(2).mineSteps(2)
                .codeOrdering(false).projections(mode).mineStepProjections(ProjectionMode.EXACT).k(6).p(5).hidden(20)
                .towerOut(3).mineOptimizer(ADAM).build();
    }

    private static long allocated(MineEstimator mine) {
        long n = 0;
        for (NDArray p : mine.networks().parameters()) {
            n += p.getShape().size();
        }
        return n;
    }

    @Test
    void parameterCountsMatchWhatTheNetworksAllocate() {
        AttackSettings s = settings(ProjectionMode.EXACT);
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            MineEstimator random = new MineEstimator(m, new long[] {1, 2, 3}, 5, 20, 3, ADAM);
            assertEquals(3 * AttackMemory.parametersPerSample(s, model(ModelKind.DENSE)), allocated(random));
            MineEstimator conv = MineEstimator.conv(m, new long[] {1, 2}, new int[] {12, 8}, 20, 3, ADAM, DataType.FLOAT32);
            assertEquals(2 * AttackMemory.parametersPerSample(s, model(ModelKind.CONV)), allocated(conv));
        }
    }

    @Test
    void thePaperConvVariantNeedsAboutTwelveMillionParametersPerMnistSample() {
        AttackSettings paper = AttackProfiles.shipped("paper", AttackMethod.MINE);
        ModelConfig conv = new ModelConfig(model(ModelKind.CONV).recipe(), new int[] {28, 28, 1});
        long params = AttackMemory.parametersPerSample(paper, conv);
        assertEquals(11.96e6, params, 0.01e6); // src/site/markdown/paper-spec.md §2: ≈ 2×(80 + 11664·512 + 512 + 5130)
        assertTrue(AttackMemory.bytesPerSample(paper, conv) > 4 * 4 * params); // weights, gradients, the fused Adam's m, v
        AttackSettings elementwise = paper.toBuilder().mineOptimizer(paper.mineOptimizer().withName("adam")).build();
        assertTrue(AttackMemory.bytesPerSample(elementwise, conv) > 5 * 4 * params); // and the elementwise Adam's work
    }

    @Test
    void batchSizesFollowTheBudgetAndTheSharedMatrix() {
        ModelConfig dense = model(ModelKind.DENSE);
        AttackSettings redraw = settings(ProjectionMode.REDRAW);
        AttackSettings common = settings(ProjectionMode.COMMON);
        long perSample = AttackMemory.bytesPerSample(redraw, dense);
        assertEquals(7, AttackMemory.batchSize(redraw, dense, 7 * perSample + perSample / 2, 64));
        assertEquals(1, AttackMemory.batchSize(redraw, dense, 10, 64));
        assertEquals(64, AttackMemory.batchSize(redraw, dense, Long.MAX_VALUE / 2, 64));
        assertTrue(AttackMemory.bytesPerSample(common, dense) < perSample, "a common matrix is not per sample");
        assertEquals(96L * 6 * 5 * 4, AttackMemory.sharedBytes(common, dense));
    }
}
