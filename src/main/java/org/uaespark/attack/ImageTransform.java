package org.uaespark.attack;

import java.util.Arrays;

/**
 * A horizontal mirror followed by a rotation about the image centre, applied to one image stored row-major as
 * {@code [H, W, C]} (the layout of every image table of the project). Output pixel (i, j) takes the bilinear
 * interpolation of the mirrored input at its preimage under the rotation; preimages outside the image read 0
 * (the background of the project's image data), so a rotation never invents content at the corners. Counter-clockwise
 * for positive angles as the image is displayed (row 0 at the top).
 *
 * @param mirror  whether the image is mirrored left-right first
 * @param degrees rotation angle in degrees
 */
public record ImageTransform(boolean mirror, double degrees) {

    public ImageTransform {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("rotation angle must be finite, got " + degrees);
        }
    }

    /**
     * Fails naming {@code shape} unless it is an image shape {@code [H, W, C]} with positive sides.
     *
     * @param what names the caller in the message
     */
    public static void requireImage(int[] shape, String what) {
        if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException(what + " needs image samples of shape [H, W, C], but the samples have shape "
                    + Arrays.toString(shape));
        }
    }

    /** The transformed copy of {@code image} ({@code shape} = [H, W, C]); values of {@code image} stay untouched. */
    public float[] apply(float[] image, int[] shape) {
        requireImage(shape, "a rotation");
        int height = shape[0];
        int width = shape[1];
        int channels = shape[2];
        if (image.length != height * width * channels) {
            throw new IllegalArgumentException("an image of shape " + Arrays.toString(shape) + " has "
                    + height * width * channels + " values, got " + image.length);
        }
        double radians = Math.toRadians(degrees);
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double ci = (height - 1) / 2.0;
        double cj = (width - 1) / 2.0;
        float[] out = new float[image.length];
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                // Preimage under a counter-clockwise rotation on screen: (x, y) = (j - cj, ci - i) rotated by -θ.
                double x = j - cj;
                double y = ci - i;
                double sourceX = cos * x + sin * y;
                double sourceY = -sin * x + cos * y;
                double row = ci - sourceY;
                double column = cj + sourceX;
                if (mirror) {
                    column = width - 1 - column;
                }
                for (int c = 0; c < channels; c++) {
                    out[(i * width + j) * channels + c] = (float) bilinear(image, height, width, channels, row, column, c);
                }
            }
        }
        return out;
    }

    private static double bilinear(float[] image, int height, int width, int channels, double row, double column,
            int channel) {
        int r0 = (int) Math.floor(row);
        int c0 = (int) Math.floor(column);
        double fr = row - r0;
        double fc = column - c0;
        return (1 - fr) * ((1 - fc) * pixel(image, height, width, channels, r0, c0, channel)
                + fc * pixel(image, height, width, channels, r0, c0 + 1, channel))
                + fr * ((1 - fc) * pixel(image, height, width, channels, r0 + 1, c0, channel)
                        + fc * pixel(image, height, width, channels, r0 + 1, c0 + 1, channel));
    }

    private static double pixel(float[] image, int height, int width, int channels, int row, int column, int channel) {
        if (row < 0 || row >= height || column < 0 || column >= width) {
            return 0;
        }
        return image[(row * width + column) * channels + channel];
    }
}
