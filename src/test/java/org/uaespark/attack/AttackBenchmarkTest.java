package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.uaespark.config.AttackProfiles;
import org.uaespark.mine.ProjectionMode;
import org.uaespark.models.ModelConfig;
import org.uaespark.models.ModelKind;
import org.uaespark.models.ModelRecipe;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * The benchmark's counted work: layer by layer against the figures of {@code src/site/markdown/paper-spec.md} §11 at the
 * paper's settings, as executed (each tower one product) against the closed form worked out by hand.
 */
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
        AttackBenchmark.Work redraw = AttackBenchmark.work(paper(ProjectionMode.REDRAW, ProjectionMode.REDRAW), mnist(ModelKind.DENSE));
        AttackBenchmark.Work exact = AttackBenchmark.work(paper(ProjectionMode.EXACT, ProjectionMode.EXACT), mnist(ModelKind.DENSE));
        // src/site/markdown/paper-spec.md §11: ≈ 173 GFLOP of the 658 are the projections (840 evaluations × x and x' × 784·500·128 MACs)
        assertEquals(173, redraw.layered() - exact.layered(), 5);
        assertEquals(173, redraw.executed() - exact.executed(), 5);
    }

    @Test
    void convVariantCountsEachTowerRowOnce() {
        double conv = AttackBenchmark.work(paper(ProjectionMode.REDRAW, ProjectionMode.REDRAW), mnist(ModelKind.CONV)).layered();
        // src/site/markdown/paper-spec.md §11 counts ≈ 1,894 GFLOP with the towers run on joint and marginal pairs separately (2K rows); the
        // towers-once evaluation halves the tower work, and the conv variant draws no projections.
        assertEquals(1894 / 2.0, conv, 0.05 * 1894 / 2);
    }

    @Test
    void oneProductPerTowerCountsItsWeightsProductAndTheRowsTimesIt() {
        AttackBenchmark.Work work = AttackBenchmark.work(paper(ProjectionMode.EXACT, ProjectionMode.EXACT), mnist(ModelKind.DENSE));
        // Paper settings: T = 40, 20 MINE steps, no warm-up: 840 evaluations, each forward + backward (3×) of two towers
        // and the head. K = 500, p = 128, hidden 512, out 10; exact projections draw no matrix.
        double evaluations = 40 * (1 + 20);
        double product = 128 * 512 * 10 + 512 * 10 + 500 * 128 * 10;
        double layered = 500 * (128 * 512 + 512 * 10);
        double head = 2 * 500 * 10;
        assertEquals(evaluations * 3 * 2 * (2 * product + head) / 1e9, work.executed(), 1e-9);
        assertEquals(evaluations * 3 * 2 * (2 * layered + head) / 1e9, work.layered(), 1e-9);
        assertEquals(27.1, work.layered() / work.executed(), 0.05, "the product's saving at the paper's settings");
    }

    @Test
    void baselinesWithoutMineCountNoMineWork() {
        AttackSettings p = paper(ProjectionMode.EXACT, ProjectionMode.EXACT);
        AttackSettings l2 = AttackProfiles.shipped("paper", AttackMethod.L2).toBuilder().projections(ProjectionMode.EXACT)
                .mineStepProjections(ProjectionMode.EXACT).k(p.k()).p(p.p()).hidden(p.hidden()).towerOut(p.towerOut())
                .mineOptimizer(ADAM).build();
        assertEquals(new AttackBenchmark.Work(0, 0), AttackBenchmark.work(l2, mnist(ModelKind.DENSE)));
    }
}
