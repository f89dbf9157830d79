package org.uaespark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FeatureScalerTest {

    @Test
    void minMaxMatchesTheClosedForm() {
        FeatureRange train = new FeatureRange().add(new float[] {2, -1, 5}).add(new float[] {6, 3, 5});
        FeatureScaler scaler = FeatureScaler.fit(FeatureScaler.Method.MINMAX, train);
        // (x - min) / (max - min) per feature; the constant third feature maps to 0.
        assertArrayEquals(new float[] {0.25f, 0.5f, 0f}, scaler.apply(new float[] {3, 1, 5}));
        assertArrayEquals(new float[] {0f, 1f, 0f}, scaler.apply(new float[] {2, 3, 5}));
    }

    @Test
    void minMaxClipsValuesOutsideTheTrainRange() {
        FeatureScaler scaler = FeatureScaler.fit(FeatureScaler.Method.MINMAX,
                new FeatureRange().add(new float[] {0, 10}).add(new float[] {4, 20}));
        assertArrayEquals(new float[] {1f, 0f}, scaler.apply(new float[] {9, 5}));
    }

    @Test
    void divideAndNone() {
        assertArrayEquals(new float[] {0f, 1f, 51f / 255f},
                FeatureScaler.fit(FeatureScaler.Method.DIVIDE_255, new FeatureRange()).apply(new float[] {0, 255, 51}));
        float[] raw = {0.25f, 0.5f};
        float[] out = FeatureScaler.fit(FeatureScaler.Method.NONE, new FeatureRange()).apply(raw);
        assertArrayEquals(raw, out);
        out[0] = 9;
        assertEquals(0.25f, raw[0], "apply must not alias its input");
    }

    @Test
    void mergedRangesEqualOneSequentialRange() {
        Random random = new Random(7);
        FeatureRange all = new FeatureRange();
        FeatureRange left = new FeatureRange();
        FeatureRange right = new FeatureRange();
        for (int i = 0; i < 200; i++) {
            float[] row = {(float) random.nextGaussian(), (float) random.nextGaussian() * 5};
            all.add(row);
            (i % 3 == 0 ? left : right).add(row);
        }
        FeatureRange merged = new FeatureRange().merge(left).merge(new FeatureRange()).merge(right);
        assertArrayEquals(all.min(), merged.min());
        assertArrayEquals(all.max(), merged.max());
        assertEquals(200, merged.rows());
    }

    @Test
    void featuresOutsideCountsFeaturesNotRows() {
        FeatureRange train = new FeatureRange().add(new float[] {0, 0, 0}).add(new float[] {1, 1, 1});
        FeatureRange test = new FeatureRange().add(new float[] {-1, 0.5f, 2}).add(new float[] {-2, 0.5f, 0});
        assertEquals(2, train.featuresOutside(test));
    }

    @Test
    void minMaxNeedsTrainRowsAndMatchingLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> FeatureScaler.fit(FeatureScaler.Method.MINMAX, new FeatureRange()));
        FeatureScaler scaler = FeatureScaler.fit(FeatureScaler.Method.MINMAX, new FeatureRange().add(new float[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> scaler.apply(new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new FeatureRange().add(new float[2]).add(new float[3]));
    }

    @Test
    void methodsParseTheirConfigSpelling() {
        assertEquals(FeatureScaler.Method.DIVIDE_255, FeatureScaler.Method.fromConfig("divide-255"));
        assertEquals(FeatureScaler.Method.MINMAX, FeatureScaler.Method.fromConfig(" MinMax "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureScaler.Method.fromConfig("zscore"));
        assertEquals("unknown scaling 'zscore'; expected one of [divide-255, minmax, none]", e.getMessage());
    }
}
