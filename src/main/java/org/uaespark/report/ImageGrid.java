package org.uaespark.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * A PNG grid of examples, one row per example: x, x + δ and |δ| magnified, each an H×W image (grey for one
 * channel, RGB for three) scaled up by {@code zoom} with nearest-neighbour pixels.
 */
public final class ImageGrid {
    private static final int GAP = 4;

    private ImageGrid() {
    }

    /**
     * One example.
     *
     * @param original  x, flattened H×W×C in [0, 1]
     * @param perturbed x + δ, same layout
     */
    public record Example(float[] original, float[] perturbed) {
    }

    /** Renders the examples; |δ| is multiplied by {@code magnify} and clipped to [0, 1]. */
    public static byte[] render(List<Example> examples, int[] shape, int zoom, double magnify) {
        int h = shape[0];
        int w = shape[1];
        int c = shape.length > 2 ? shape[2] : 1;
        int cell = w * zoom;
        BufferedImage image = new BufferedImage(3 * cell + 2 * GAP, Math.max(1, examples.size()) * (h * zoom + GAP),
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        for (int row = 0; row < examples.size(); row++) {
            Example e = examples.get(row);
            float[] delta = new float[e.original().length];
            for (int j = 0; j < delta.length; j++) {
                delta[j] = (float) Math.min(1, Math.abs(e.perturbed()[j] - e.original()[j]) * magnify);
            }
            float[][] panels = {e.original(), e.perturbed(), delta};
            for (int p = 0; p < 3; p++) {
                draw(image, panels[p], h, w, c, zoom, p * (cell + GAP), row * (h * zoom + GAP));
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image grid", e);
        }
    }

    private static void draw(BufferedImage image, float[] pixels, int h, int w, int c, int zoom, int left, int top) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (y * w + x) * c;
                int r = level(pixels[base]);
                int g = c == 3 ? level(pixels[base + 1]) : r;
                int b = c == 3 ? level(pixels[base + 2]) : r;
                int rgb = (r << 16) | (g << 8) | b;
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        image.setRGB(left + x * zoom + dx, top + y * zoom + dy, rgb);
                    }
                }
            }
        }
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
