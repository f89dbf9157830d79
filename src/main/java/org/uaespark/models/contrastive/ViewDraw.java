package org.uaespark.models.contrastive;

import java.util.SplittableRandom;

/**
 * The random draws of one augmented view (SimCLR's training augmentation, no blur): a crop of the image that is
 * resized back to full size, a horizontal flip, colour jitter applied with probability 0.8 (its ops in a random
 * order) and, for three-channel images, grayscale with probability 0.2. A draw with every factor at 1, no flip,
 * the whole image and no grayscale is the identity. The crop departs from SimCLR's TensorFlow sampler
 * ({@code sample_distorted_bounding_box}: aspect ratio uniform, integer height uniform, 100 attempts): here the
 * area is uniform in [0.08, 1] of the image and the aspect ratio log-uniform in [3/4, 4/3], 10 attempts, then the
 * whole image.
 *
 * @param top        first row of the crop
 * @param left       first column of the crop
 * @param height     rows of the crop
 * @param width      columns of the crop
 * @param flip       mirror the columns
 * @param brightness multiplicative brightness factor
 * @param contrast   contrast factor: x ← m + (x − m)·factor, m the channel mean
 * @param saturation saturation factor: x ← g + (x − g)·factor, g the luma (three channels only)
 * @param hue        hue rotation as a fraction of a turn (three channels only)
 * @param order      the order the jitter ops run in: a permutation of {@link ViewAugmentation#BRIGHTNESS} … ({@link
 *                   ViewAugmentation#HUE}), two ops for one-channel images
 * @param grayscale  replace the colours by their luma (three channels only)
 */
public record ViewDraw(int top, int left, int height, int width, boolean flip, float brightness, float contrast,
        float saturation, float hue, int[] order, boolean grayscale) {

    /** Probability that a view is colour-jittered. */
    public static final double JITTER_PROBABILITY = 0.8;
    /** Probability that a three-channel view is turned to grayscale. */
    public static final double GRAYSCALE_PROBABILITY = 0.2;
    /** Bounds of the crop's share of the image area. */
    public static final double MIN_AREA = 0.08;
    /** Bounds of the crop's aspect ratio (width / height): [3/4, 4/3]. */
    public static final double MAX_ASPECT = 4.0 / 3.0;
    private static final int CROP_TRIES = 10;

    /** The view that leaves an image of {@code rows} × {@code cols} pixels and {@code channels} channels as it is. */
    public static ViewDraw identity(int rows, int cols, int channels) {
        return new ViewDraw(0, 0, rows, cols, false, 1f, 1f, 1f, 0f, opOrder(channels), false);
    }

    /**
     * Draws a view of a {@code rows} × {@code cols} image with {@code channels} channels.
     *
     * @param strength colour-jitter strength s: factors uniform in [max(0, 1 − 0.8s), 1 + 0.8s], hue in ±0.2s
     */
    public static ViewDraw draw(SplittableRandom random, int rows, int cols, int channels, double strength) {
        int top = 0;
        int left = 0;
        int height = rows;
        int width = cols;
        double area = (double) rows * cols;
        for (int t = 0; t < CROP_TRIES; t++) {
            double target = area * (MIN_AREA + random.nextDouble() * (1 - MIN_AREA));
            double aspect = Math.exp(-Math.log(MAX_ASPECT) + random.nextDouble() * 2 * Math.log(MAX_ASPECT));
            int w = (int) Math.round(Math.sqrt(target * aspect));
            int h = (int) Math.round(Math.sqrt(target / aspect));
            if (w >= 1 && h >= 1 && w <= cols && h <= rows) {
                top = random.nextInt(rows - h + 1);
                left = random.nextInt(cols - w + 1);
                height = h;
                width = w;
                break;
            }
        }
        boolean flip = random.nextBoolean();
        boolean jitter = random.nextDouble() < JITTER_PROBABILITY;
        float spread = (float) (0.8 * strength);
        float brightness = jitter ? factor(random, spread) : 1f;
        float contrast = jitter ? factor(random, spread) : 1f;
        boolean colour = channels == 3;
        float saturation = jitter && colour ? factor(random, spread) : 1f;
        float hue = jitter && colour ? (float) ((random.nextDouble() * 2 - 1) * 0.2 * strength) : 0f;
        int[] order = opOrder(channels);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        boolean grayscale = colour && random.nextDouble() < GRAYSCALE_PROBABILITY;
        return new ViewDraw(top, left, height, width, flip, brightness, contrast, saturation, hue, order, grayscale);
    }

    private static float factor(SplittableRandom random, float spread) {
        double low = Math.max(0, 1 - spread);
        return (float) (low + random.nextDouble() * (1 + spread - low));
    }

    /** The jitter ops in their default order: brightness and contrast, plus saturation and hue with colour. */
    private static int[] opOrder(int channels) {
        return channels == 3 ? new int[] {ViewAugmentation.BRIGHTNESS, ViewAugmentation.CONTRAST,
                ViewAugmentation.SATURATION, ViewAugmentation.HUE}
                : new int[] {ViewAugmentation.BRIGHTNESS, ViewAugmentation.CONTRAST};
    }

    /**
     * Row k of the bilinear resize of this crop back to {@code size} pixels along one axis (half-pixel centres,
     * sources clamped to the crop), written into {@code weights} of length {@code full}.
     */
    static void resizeRow(int k, int start, int extent, int size, float[] weights, int offset) {
        double source = start + (k + 0.5) * extent / size - 0.5;
        source = Math.max(start, Math.min(start + extent - 1, source));
        int low = (int) Math.floor(source);
        int high = Math.min(low + 1, start + extent - 1);
        double fraction = source - low;
        weights[offset + low] += (float) (1 - fraction);
        weights[offset + high] += (float) fraction;
    }
}
