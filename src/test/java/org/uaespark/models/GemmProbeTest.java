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
    }

    @Test
    void nonPositiveDimensionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GemmProbe.square(0, 1));
        assertThrows(IllegalArgumentException.class, () -> GemmProbe.square(8, 0));
    }
}
