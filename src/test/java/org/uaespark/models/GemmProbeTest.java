package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The GEMM probe names what it measured and reports a finite, positive rate; nonsense dimensions are refused. */
class GemmProbeTest {
    @Test
    void aProbeReportsAPositiveRateForTheShapeItNames() {
        GemmProbe.Rate square = GemmProbe.square(64, 2);
        assertEquals("64×64 · 64×64", square.shape());
        assertTrue(square.gflops() > 0 && Double.isFinite(square.gflops()), square.toString());
        GemmProbe.Rate towers = GemmProbe.batched(3, 10, 8, 16, 2);
        assertEquals("3 × 10×8 · 8×16", towers.shape());
        assertTrue(towers.gflops() > 0 && Double.isFinite(towers.gflops()), towers.toString());
    }

    @Test
    void nonPositiveDimensionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GemmProbe.batched(0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> GemmProbe.square(8, 0));
    }
}
