package org.uaespark.models.contrastive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ParameterSet;

/**
 * The linear probe's clean accuracy and its L∞ PGD check on a linear two-class problem, where both have closed
 * forms. With the identity as encoder the logit margin of class 0 over class 1 is m(x) = v·x + c (v = w₀ − w₁,
 * c = b₀ − b₁), and the cross-entropy's input gradient has the sign of −v for a class-0 row (+v for class 1) at
 * every point, so PGD with 100 steps of 0.01 reaches, from any random start in the ball, the corner
 * x′ⱼ = clamp(xⱼ ∓ ε·sign(vⱼ)) of the ε-ball cut by [0, 1]: a row stays correct exactly when its margin at that
 * corner keeps its sign.
 */
class LinearProbeTest {
    private static final float[] V = {1.0f, -0.5f, 0.75f, -1.25f};
    private static final float C = -0.1f;
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private LinearProbe probe() {
        ParameterSet none = new ParameterSet(manager, DataType.FLOAT32);
        FrozenEncoder identity = new FrozenEncoder() {
            @Override
            public NDArray represent(NDArray x) {
                return x;
            }

            @Override
            public NDManager manager() {
                return manager;
            }

            @Override
            public ParameterSet parameters() {
                return none;
            }
        };
        float[][] w = {V.clone(), new float[V.length]};
        return new LinearProbe(identity, w, new float[] {C, 0});
    }

    /** Rows in [0, 1] with many near the boundary and some at the cube's faces (where clipping matters). */
    private static FloatMatrix rows(int n) {
        SplittableRandom random = new SplittableRandom(3);
        float[] data = new float[n * V.length];
        for (int i = 0; i < data.length; i++) {
            double u = random.nextDouble();
            data[i] = u < 0.15 ? 0f : u > 0.85 ? 1f : (float) random.nextDouble();
        }
        return new FloatMatrix(n, V.length, data);
    }

    private static double margin(float[] x) {
        double m = C;
        for (int j = 0; j < V.length; j++) {
            m += V[j] * x[j];
        }
        return m;
    }

    /** Labels: the clean classifier's answer for most rows, the other class for every fifth (clean errors). */
    private static int[] labels(FloatMatrix x) {
        int[] y = new int[x.rows()];
        for (int r = 0; r < y.length; r++) {
            int predicted = margin(x.row(r)) > 0 ? 0 : 1;
            y[r] = r % 5 == 4 ? 1 - predicted : predicted;
        }
        return y;
    }

    /** Whether row x of class y is still correct at the worst corner of its ε-ball within [0, 1]. */
    private static boolean correctAtWorstCorner(float[] x, int y, double epsilon) {
        float[] corner = new float[x.length];
        double towardOther = y == 0 ? -1 : 1;
        for (int j = 0; j < x.length; j++) {
            double moved = x[j] + towardOther * Math.signum(V[j]) * epsilon;
            corner[j] = (float) Math.max(Math.max(0, x[j] - epsilon), Math.min(Math.min(1, x[j] + epsilon), moved));
        }
        double m = margin(corner);
        return y == 0 ? m > 0 : m < 0;
    }

    @Test
    void cleanAccuracyIsTheSignOfTheMargin() {
        FloatMatrix x = rows(200);
        int[] y = labels(x);
        boolean[] correct = probe().correct(x, y);
        for (int r = 0; r < x.rows(); r++) {
            assertEquals(r % 5 != 4, correct[r], "row " + r);
        }
    }

    @Test
    void pgdCountsEqualTheClosedFormAndNeverRiseWithEpsilon() {
        FloatMatrix x = rows(200);
        int[] y = labels(x);
        double[] epsilons = {0, 0.02, 0.05, 0.1, 0.2, 0.4};
        long[] seeds = new long[x.rows()];
        for (int r = 0; r < seeds.length; r++) {
            seeds[r] = 1000 + r;
        }
        LinearProbe probe = probe();
        boolean[] clean = probe.correct(x, y);
        boolean[][] attacked = probe.correctUnderAttack(x, y, epsilons, 100, 0.01, seeds);
        int previous = Integer.MAX_VALUE;
        for (int e = 0; e < epsilons.length; e++) {
            int count = 0;
            int expected = 0;
            for (int r = 0; r < x.rows(); r++) {
                boolean closedForm = correctAtWorstCorner(x.row(r), y[r], epsilons[e]);
                assertEquals(closedForm, attacked[e][r], "ε " + epsilons[e] + ", row " + r + ", margin "
                        + margin(x.row(r)));
                assertTrue(!attacked[e][r] || clean[r], "an attack never makes a wrong row right");
                count += attacked[e][r] ? 1 : 0;
                expected += closedForm ? 1 : 0;
            }
            assertEquals(expected, count);
            assertTrue(count <= previous, "ε " + epsilons[e] + ": " + count + " correct, " + previous + " before");
            previous = count;
        }
        assertArrayEquals(clean, attacked[0], "ε = 0: nothing moves");
        assertTrue(previous < 100, "the largest ε flips most rows: " + previous);
    }

    @Test
    void theRandomStartIsSeededAndStaysInsideTheBall() {
        FloatMatrix x = rows(300);
        int[] y = labels(x);
        long[] seeds = new long[x.rows()];
        long[] others = new long[x.rows()];
        for (int r = 0; r < seeds.length; r++) {
            seeds[r] = r;
            others[r] = 7919L * r + 1;
        }
        LinearProbe probe = probe();
        double[] epsilon = {0.1};
        boolean[] start = probe.correctUnderAttack(x, y, epsilon, 0, 0.01, seeds)[0];
        assertArrayEquals(start, probe.correctUnderAttack(x, y, epsilon, 0, 0.01, seeds)[0], "seeded");
        boolean[] otherStart = probe.correctUnderAttack(x, y, epsilon, 0, 0.01, others)[0];
        boolean[] clean = probe.correct(x, y);
        int moved = 0;
        for (int r = 0; r < x.rows(); r++) {
            // a start inside the ball (within [0, 1]) is never wrong where even the worst corner is right, and never
            // right where even the best corner is wrong
            if (correctAtWorstCorner(x.row(r), y[r], epsilon[0])) {
                assertTrue(start[r] && otherStart[r], "row " + r);
            }
            if (correctAtWorstCorner(x.row(r), 1 - y[r], epsilon[0])) {
                assertFalse(start[r] || otherStart[r], "row " + r);
            }
            moved += start[r] != clean[r] || start[r] != otherStart[r] ? 1 : 0;
        }
        assertTrue(moved > 0, "a random start moves rows near the boundary across it");
    }
}
