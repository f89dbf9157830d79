package org.uaespark.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link ImageTransform} against closed forms: exact permutations for mirrors and quarter turns, the exactness of
 * bilinear interpolation on a linear ramp at any angle, zero fill outside, and the shape checks.
 */
class ImageTransformTest {
    /** Bilinear weights and the rotation are computed in double; values are rounded once to float. */
    private static final float ROUNDING = 1e-5f;

    private static float[] random(int height, int width, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[height * width * channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) random.nextDouble();
        }
        return out;
    }

    private static float at(float[] image, int width, int channels, int i, int j, int c) {
        return image[(i * width + j) * channels + c];
    }

    @Test
    void noMirrorAndNoAngleIsTheIdentity() {
        float[] image = random(5, 7, 2, 1);
        assertArrayEquals(image, new ImageTransform(false, 0).apply(image, new int[] {5, 7, 2}));
    }

    @Test
    void aMirrorReversesEveryRow() {
        int h = 4;
        int w = 5;
        int c = 3;
        float[] image = random(h, w, c, 2);
        float[] out = new ImageTransform(true, 0).apply(image, new int[] {h, w, c});
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                for (int k = 0; k < c; k++) {
                    assertEquals(at(image, w, c, i, w - 1 - j, k), at(out, w, c, i, j, k));
                }
            }
        }
    }

    @Test
    void aQuarterTurnIsCounterClockwiseAndAHalfTurnReversesBothAxes() {
        for (int n : new int[] {4, 5}) {
            float[] image = random(n, n, 2, n);
            float[] quarter = new ImageTransform(false, 90).apply(image, new int[] {n, n, 2});
            float[] half = new ImageTransform(false, 180).apply(image, new int[] {n, n, 2});
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < 2; k++) {
                        // The top-right corner moves to the top-left.
                        assertEquals(at(image, n, 2, j, n - 1 - i, k), at(quarter, n, 2, i, j, k), ROUNDING);
                        assertEquals(at(image, n, 2, n - 1 - i, n - 1 - j, k), at(half, n, 2, i, j, k), ROUNDING);
                    }
                }
            }
        }
        float[] image = random(3, 6, 1, 3);
        float[] half = new ImageTransform(false, -180).apply(image, new int[] {3, 6, 1});
        assertEquals(at(image, 6, 1, 0, 0, 0), at(half, 6, 1, 2, 5, 0), ROUNDING, "rectangles turn about their centre");
    }

    @Test
    void bilinearInterpolationOfALinearRampIsExactInsideTheImage() {
        int h = 11;
        int w = 9;
        float[] ramp = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                ramp[i * w + j] = 0.03f * i + 0.05f * j + 0.1f;
            }
        }
        double degrees = 17;
        double theta = Math.toRadians(degrees);
        float[] out = new ImageTransform(true, degrees).apply(ramp, new int[] {h, w, 1});
        double ci = (h - 1) / 2.0;
        double cj = (w - 1) / 2.0;
        int checked = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                // Where (i, j) comes from: rotate back by theta (screen y up), then mirror the column.
                double x = j - cj;
                double y = ci - i;
                double row = ci - (-Math.sin(theta) * x + Math.cos(theta) * y);
                double column = w - 1 - (cj + Math.cos(theta) * x + Math.sin(theta) * y);
                if (row >= 0 && row <= h - 1 && column >= 0 && column <= w - 1) {
                    assertEquals(0.03 * row + 0.05 * column + 0.1, out[i * w + j], ROUNDING, "pixel " + i + "," + j);
                    checked++;
                }
            }
        }
        assertTrue(checked > h * w / 2, "most pixels have their preimage inside: " + checked);
    }

    @Test
    void cornersRotatedInFromOutsideReadZero() {
        float[] ones = new float[8 * 8];
        java.util.Arrays.fill(ones, 1f);
        float[] out = new ImageTransform(false, 45).apply(ones, new int[] {8, 8, 1});
        assertEquals(0f, out[0], "a corner's preimage lies outside the image");
        assertEquals(1f, out[3 * 8 + 4], ROUNDING, "the centre keeps its value");
    }

    @Test
    void flatRowsAndMismatchedLengthsAreRejectedNamingTheShape() {
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> ImageTransform.requireImage(new int[] {13}, "rotate-15"));
        assertEquals("rotate-15 needs image samples of shape [H, W, C], but the samples have shape [13]",
                flat.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> new ImageTransform(false, 3).apply(new float[5], new int[] {2, 2, 1}));
        assertTrue(length.getMessage().contains("[2, 2, 1] has 4 values, got 5"), length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ImageTransform(false, Double.NaN));
    }
}
