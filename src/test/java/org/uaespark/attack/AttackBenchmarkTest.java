package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.uaespark.config.AttackProfiles;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.optim.OptimizerSpec;

/** The benchmark's counted work against the figures of {@code ../shared/paper-spec.md} §11 at the paper's settings. */
class AttackBenchmarkTest {
    private static final OptimizerSpec ADAM = new OptimizerSpec("adam", 1.5e-5, 0, 0.9, 0.999, 1e-8);

    private static AttackSettings paper(ProjectionMode deltaMode, ProjectionMode mineMode) {
        return AttackProfiles.shipped("paper", AttackMethod.MINE).toBuilder().projections(deltaMode)
                .mineStepProjections(mineMode).mineOptimizer(ADAM).build();
    }

    private static ModelConfig mnist(ModelKind kind) {
        return new ModelConfig(new ModelRecipe(kind, 64, 1, ADAM, 1, 10, 3, 0.1, 1e-7), new int[] {28, 28, 1});
    }

    @Test
    void redrawnProjectionsCostWhatTheSpecCounts() {
        double redraw = AttackBenchmark.gflopPerSample(paper(ProjectionMode.REDRAW, ProjectionMode.REDRAW), mnist(ModelKind.DENSE));
        double exact = AttackBenchmark.gflopPerSample(paper(ProjectionMode.EXACT, ProjectionMode.EXACT), mnist(ModelKind.DENSE));
        // ../shared/paper-spec.md §11: ≈ 173 GFLOP of the 658 are the projections (840 evaluations × x and x' × 784·500·128 MACs)
        assertEquals(173, redraw - exact, 5);
    }

    @Test
    void convVariantCountsEachTowerRowOnce() {
        double conv = AttackBenchmark.gflopPerSample(paper(ProjectionMode.REDRAW, ProjectionMode.REDRAW), mnist(ModelKind.CONV));
        // ../shared/paper-spec.md §11 counts ≈ 1,894 GFLOP with the towers run on joint and marginal pairs separately (2K rows); the
        // towers-once evaluation halves the tower work, and the conv variant draws no projections.
        assertEquals(1894 / 2.0, conv, 0.05 * 1894 / 2);
    }

    @Test
    void baselinesWithoutMineCountNoMineWork() {
        AttackSettings p = paper(ProjectionMode.EXACT, ProjectionMode.EXACT);
        AttackSettings l2 = AttackProfiles.shipped("paper", AttackMethod.L2).toBuilder().projections(ProjectionMode.EXACT)
                .mineStepProjections(ProjectionMode.EXACT).k(p.k()).p(p.p()).hidden(p.hidden()).towerOut(p.towerOut())
                .mineOptimizer(ADAM).build();
        assertEquals(0, AttackBenchmark.gflopPerSample(l2, mnist(ModelKind.DENSE)));
    }
}
