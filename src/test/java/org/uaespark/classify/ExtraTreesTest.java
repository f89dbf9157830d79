package org.uaespark.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.uaespark.models.FloatMatrix;

/** Extremely randomized trees against their defining behaviour. */
class ExtraTreesTest {

    /** Rows of {@code d} uniform features; the label is the quadrant of features 0 and 1 (4 classes). */
    private static FloatMatrix rows(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        return new FloatMatrix(n, d, data);
    }

    private static int[] quadrants(FloatMatrix x) {
        int[] labels = new int[x.rows()];
        for (int r = 0; r < x.rows(); r++) {
            labels[r] = (x.data()[r * x.cols()] > 0.5 ? 1 : 0) + (x.data()[r * x.cols() + 1] > 0.5 ? 2 : 0);
        }
        return labels;
    }

    @Test
    void learnsFromTheInformativeColumnsAndNotFromNoise() {
        FloatMatrix train = rows(800, 6, 1);
        FloatMatrix test = rows(400, 6, 2);
        int[] informative = {0, 1};
        ExtraTrees forest = ExtraTrees.fit(train, informative, quadrants(train), 20, 5);
        assertTrue(forest.accuracy(test, informative, quadrants(test)) > 0.95);
        int[] noise = {3, 4, 5};
        double chance = ExtraTrees.fit(train, noise, quadrants(train), 20, 5).accuracy(test, noise, quadrants(test));
        assertTrue(chance < 0.4, "4 balanced classes from unrelated columns: about 25 %, got " + chance);
    }

    @Test
    void deterministicGivenTheSeed() {
        FloatMatrix train = rows(300, 4, 3);
        FloatMatrix test = rows(200, 4, 4);
        int[] columns = {0, 1, 2, 3};
        assertArrayEquals(ExtraTrees.fit(train, columns, quadrants(train), 5, 9).predict(test, columns),
                ExtraTrees.fit(train, columns, quadrants(train), 5, 9).predict(test, columns));
    }

    /**
     * The defining difference from CART and random forests: thresholds are random. On one feature, with the whole
     * training set (no bootstrap), a best-split tree is the same whatever its seed; single extremely randomized
     * trees of different seeds place their cuts differently inside the gaps between training points.
     */
    @Test
    void thresholdsAreDrawnAtRandomNotOptimised() {
        FloatMatrix train = rows(40, 1, 6);
        int[] labels = new int[40];
        for (int r = 0; r < 40; r++) {
            labels[r] = train.data()[r] > 0.5 ? 1 : 0;
        }
        float[] grid = new float[2001];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i / 2000f;
        }
        FloatMatrix fine = new FloatMatrix(grid.length, 1, grid);
        int[] column = {0};
        int[] first = ExtraTrees.fit(train, column, labels, 1, 1).predict(fine, column);
        boolean differs = false;
        for (long seed = 2; seed < 6 && !differs; seed++) {
            differs = !Arrays.equals(first, ExtraTrees.fit(train, column, labels, 1, seed).predict(fine, column));
        }
        assertTrue(differs, "trees of different seeds cut the gap between the classes at the same place");
        assertEquals(1.0, ExtraTrees.fit(train, column, labels, 1, 1).accuracy(train, column, labels),
                "fully grown: every training row is classified as labelled");
        assertFalse(first.length == 0);
    }
}
