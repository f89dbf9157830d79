package org.uaespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

/**
 * Both generators draw N(0, 1): the first four moments and the mass beyond 3σ of a million draws each, within five
 * standard errors of their closed-form values; and a seed fixes the sequence.
 */
class StandardNormalTest {
    private static final int N = 1_000_000;

    private static void assertStandardNormal(ToDoubleFunction<SplittableRandom> draw) {
        SplittableRandom random = new SplittableRandom(42);
        double m1 = 0;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        long tail = 0;
        for (int i = 0; i < N; i++) {
            double z = draw.applyAsDouble(random);
            m1 += z;
            m2 += z * z;
            m3 += z * z * z;
            m4 += z * z * z * z;
            tail += Math.abs(z) > 3 ? 1 : 0;
        }
        // Standard errors: √(Var z^k / N) with Var z = 1, Var z² = 2, Var z³ = 15, Var z⁴ = 96.
        double se = 1 / Math.sqrt(N);
        assertEquals(0, m1 / N, 5 * se, "mean");
        assertEquals(1, m2 / N, 5 * Math.sqrt(2) * se, "variance");
        assertEquals(0, m3 / N, 5 * Math.sqrt(15) * se, "third moment");
        assertEquals(3, m4 / N, 5 * Math.sqrt(96) * se, "fourth moment");
        double beyond3 = 0.0026997960632601866; // 2·(1 − Φ(3))
        assertEquals(beyond3, (double) tail / N, 5 * Math.sqrt(beyond3 * (1 - beyond3) / N), "mass beyond 3σ");
    }

    @Test
    void boxMullerDrawsAStandardNormal() {
        assertStandardNormal(StandardNormal::next);
    }

    @Test
    void theZigguratDrawsAStandardNormal() {
        assertStandardNormal(StandardNormal::ziggurat);
    }

    @Test
    void aSeedFixesTheSequence() {
        double[] first = new double[100];
        double[] again = new double[100];
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < first.length; i++) {
            first[i] = StandardNormal.ziggurat(a);
            again[i] = StandardNormal.ziggurat(b);
        }
        assertArrayEquals(first, again);
    }
}
