package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class GaussianNoiseTest {
    @Test
    void noiseHasTheRequestedSpreadIsClippedAndIsSeeded() {
        float[] x = new float[20_000];
        Arrays.fill(x, 0.5f);
        x[0] = 0f;
        x[1] = 1f;
        GaussianNoise ga = new GaussianNoise(0.01);
        float[] copy = ga.augment(x, 3, 0);
        double sum = 0;
        double squares = 0;
        for (int j = 2; j < x.length; j++) {
            double n = copy[j] - 0.5;
            sum += n;
            squares += n * n;
        }
        int n = x.length - 2;
        double sd = Math.sqrt(squares / n - (sum / n) * (sum / n));
        assertEquals(0.01, sd, 0.0003); // the sd of an sd estimate over 20,000 draws is 0.01/√40,000 = 5e-5
        assertEquals(0, sum / n, 0.0003);
        assertTrue(copy[0] >= 0 && copy[1] <= 1, "clipped to [0, 1]");
        assertArrayEquals(copy, ga.augment(x, 3, 0));
        assertFalse(Arrays.equals(copy, ga.augment(x, 3, 1)), "repeats differ");
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(0));
    }
}
