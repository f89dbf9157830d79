package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import org.uaespark.models.FloatMatrix;
import org.uaespark.models.ParameterSet;
import org.uaespark.models.UnsupervisedCriterion;

/**
 * {@link GeometricAugmentation}: names, the distribution of its seeded draws, rows that are exactly the drawn
 * transforms of their samples whatever the batch, the losses each row carries, and the refusal of flat rows.
 */
class GeometricAugmentationTest {
    private static final int[] SHAPE = {6, 6, 1};

    /** f(x, x′) = ‖x − x′‖², computed row by row in double: enough for a method that never differentiates. */
    private static final UnsupervisedCriterion SQUARED_DISTANCE = new UnsupervisedCriterion() {
        @Override
        public NDArray perSample(NDArray x, NDArray xPrime) {
            throw new UnsupportedOperationException("copies are never differentiated");
        }

        @Override
        public double[] perSample(FloatMatrix x, FloatMatrix xPrime) {
            double[] out = new double[x.rows()];
            for (int r = 0; r < x.rows(); r++) {
                out[r] = distance(x.row(r), xPrime.row(r));
            }
            return out;
        }

        @Override
        public NDManager manager() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ParameterSet parameters() {
            throw new UnsupportedOperationException();
        }
    };

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (double) (a[j] - b[j]) * (a[j] - b[j]);
        }
        return sum;
    }

    private static SampleBatch batch(int... samples) {
        String[] ids = new String[samples.length];
        float[][] features = new float[samples.length][];
        long[] seeds = new long[samples.length];
        for (int b = 0; b < samples.length; b++) {
            ids[b] = "s" + samples[b];
            seeds[b] = 1000L + samples[b];
            SplittableRandom random = new SplittableRandom(samples[b]);
            features[b] = new float[36];
            for (int j = 0; j < 36; j++) {
                features[b][j] = (float) random.nextDouble();
            }
        }
        return new SampleBatch(ids, features, SHAPE, seeds, 7);
    }

    @Test
    void namesSayWhetherCopiesAreMirrored() {
        assertEquals("rotate-15", new GeometricAugmentation(false, 15, 3).outputName());
        assertEquals("fliprot-7.5", new GeometricAugmentation(true, 7.5, 1).outputName());
        assertEquals("fliprot", new GeometricAugmentation(true, 7.5, 1).method());
        assertThrows(IllegalArgumentException.class, () -> new GeometricAugmentation(false, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GeometricAugmentation(false, 181, 1));
        assertThrows(IllegalArgumentException.class, () -> new GeometricAugmentation(false, 15, 0));
    }

    @Test
    void anglesAreUniformWithinTheLimitAndHalfTheFlipRotCopiesAreMirrored() {
        GeometricAugmentation fliprot = new GeometricAugmentation(true, 15, 1);
        GeometricAugmentation rotate = new GeometricAugmentation(false, 15, 1);
        int n = 4000;
        int mirrored = 0;
        double sum = 0;
        for (int s = 0; s < n; s++) {
            ImageTransform drawn = fliprot.draw(s, s % 3);
            assertTrue(Math.abs(drawn.degrees()) <= 15, "angle " + drawn.degrees());
            mirrored += drawn.mirror() ? 1 : 0;
            sum += drawn.degrees();
            assertFalse(rotate.draw(s, 0).mirror(), "rotate never mirrors");
        }
        // Binomial(4000, 1/2): sd 31.6; uniform(-15, 15) mean: sd 15 / sqrt(3 n) = 0.137. Both bounds are 5 sd.
        assertTrue(Math.abs(mirrored - n / 2) < 160, "mirrored " + mirrored);
        assertTrue(Math.abs(sum / n) < 0.69, "mean angle " + sum / n);
        assertEquals(fliprot.draw(42, 1), fliprot.draw(42, 1), "a draw is a function of seed and repeat");
        assertNotEquals(fliprot.draw(42, 1).degrees(), fliprot.draw(42, 2).degrees());
    }

    @Test
    void rowsAreTheDrawnTransformsWithTheirLossesWhateverTheBatch() {
        GeometricAugmentation fliprot = new GeometricAugmentation(true, 20, 2);
        SampleBatch both = batch(1, 2);
        List<AugmentedSample> rows = fliprot.augment(SQUARED_DISTANCE, both);
        assertEquals(4, rows.size());
        for (AugmentedSample row : rows) {
            int b = row.origin();
            float[] x = both.features()[b];
            float[] expected = fliprot.draw(both.seeds()[b], row.repeat()).apply(x, SHAPE);
            assertArrayEquals(expected, row.features());
            assertEquals(both.ids()[b] + "~fliprot~r" + row.repeat(), row.id());
            assertEquals("fliprot-20", row.profile());
            assertEquals(0.0, row.lossBefore());
            assertEquals(distance(x, expected), row.lossAfter(), 1e-9);
            assertEquals(row.lossAfter() <= row.lossBefore(), row.criterionMet());
            assertEquals(0, row.iterations());
        }
        List<AugmentedSample> alone = fliprot.augment(SQUARED_DISTANCE, batch(2));
        assertArrayEquals(rows.get(1).features(), alone.get(0).features(), "repeat 0 of s2 does not depend on s1");
        assertArrayEquals(rows.get(3).features(), alone.get(1).features(), "nor does repeat 1");
    }

    @Test
    void flatSamplesAreRefusedBeforeAnyWork() {
        GeometricAugmentation rotate = new GeometricAugmentation(false, 15, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rotate.requireApplicable(new int[] {13}));
        assertTrue(e.getMessage().startsWith("rotate-15 needs image samples"), e.getMessage());
        new GaussianAugmentation(0.01, 1).requireApplicable(new int[] {13});
    }
}
