package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SelectionTest {
    private static float[] image(float v) {
        return new float[] {v};
    }

    @Test
    void mineKeepsTheSuccessfulIterateWithTheSmallestPositiveMi() {
        Selection s = new Selection(MineObjective.RULE);
        s.offer(0, image(0), 0.5, 0.10, 1);   // hinge > 0: a failure
        s.offer(1, image(1), 0.0, -0.20, 1);  // hinge 0 but MI ≤ 0: not a success
        s.offer(2, image(2), 0.0, 0.30, 1);   // success
        s.offer(3, image(3), 0.0, 0.05, 1);   // success with smaller MI: selected
        s.offer(4, image(4), 0.0, 0.07, 1);
        assertTrue(s.succeeded());
        assertArrayEquals(image(3), s.selected());
        assertEquals(0.05, s.selectedMi());
        assertEquals(2, s.firstSuccess());
    }

    @Test
    void withoutSuccessTheFirstSmallestHingeIsKept() {
        Selection s = new Selection(MineObjective.RULE);
        s.offer(0, image(0), 0.5, 0.1, 1);
        s.offer(1, image(1), 0.0, -0.1, 1);  // smallest hinge, MI ≤ 0
        s.offer(2, image(2), 0.0, -0.3, 1);  // ties are not replacements
        s.offer(3, image(3), 0.2, 0.4, 1);
        assertFalse(s.succeeded());
        assertArrayEquals(image(1), s.selected());
        assertEquals(-0.1, s.selectedMi());
        assertEquals(-1, s.firstSuccess());
    }

    @Test
    void l2KeepsTheSuccessfulIterateFarthestFromItsReconstruction() {
        Selection s = new Selection(L2Objective.RULE);
        s.offer(0, image(0), 0.0, Double.NaN, 2.0);
        s.offer(1, image(1), 0.0, Double.NaN, 3.5);
        s.offer(2, image(2), 0.1, Double.NaN, 9.0); // not a success
        assertArrayEquals(image(1), s.selected());
        assertEquals(0, s.firstSuccess());
    }

    @Test
    void deltaBoundFollowsTensorFlowsGlorotRule() {
        assertEquals(Math.sqrt(6.0 / 812), DeltaInit.glorotBound(new int[] {28, 28, 1}), 1e-12);
        assertEquals(0.0860, DeltaInit.glorotBound(new int[] {28, 28, 1}), 1e-4);
        assertEquals(0.0732, DeltaInit.glorotBound(new int[] {32, 32, 3}), 1e-4);
        assertEquals(Math.sqrt(6.0 / 14), DeltaInit.glorotBound(new int[] {13}), 1e-12);
    }
}
