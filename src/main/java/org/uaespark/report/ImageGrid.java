package org.uaespark.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * PNG grids of samples drawn as images: examples (one row per example: x, x + δ and |δ| magnified) and any
 * panels (selection maps), each an H×W image (grey for one channel, RGB for three; a flat tabular row wrapped into
 * a near-square) scaled up by {@code zoom} with nearest-neighbour pixels.
 */
public final class ImageGrid {
    private static final int GAP = 4;
    private static final int TITLE = 14;

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
        List<float[]> panels = new ArrayList<>();
        for (Example e : examples) {
            float[] delta = new float[e.original().length];
            for (int j = 0; j < delta.length; j++) {
                delta[j] = (float) Math.min(1, Math.abs(e.perturbed()[j] - e.original()[j]) * magnify);
            }
            panels.addAll(List.of(e.original(), e.perturbed(), delta));
        }
        return panels(panels, null, shape, zoom, 3);
    }

    /**
     * Renders {@code panels} (values in [0, 1], each one sample's layout) left to right, {@code perRow} to a row.
     * Samples of shape [H, W] or [H, W, C] are drawn as images (RGB for three channels, else the first channel);
     * a flat [d] sample (a tabular row) is wrapped into rows of ⌈√d⌉ features, the cells past d left blank.
     * {@code titles} (one per panel, or null for none) are written above the panels.
     */
    public static byte[] panels(List<float[]> panels, List<String> titles, int[] shape, int zoom, int perRow) {
        int c = shape.length > 2 ? shape[2] : 1;
        int w = shape.length >= 2 ? shape[1] : (int) Math.ceil(Math.sqrt(shape[0]));
        int h = shape.length >= 2 ? shape[0] : (shape[0] + w - 1) / w;
        int title = titles == null ? 0 : TITLE;
        int rows = Math.max(1, (panels.size() + perRow - 1) / perRow);
        BufferedImage image = new BufferedImage(perRow * (w * zoom + GAP) - GAP, rows * (h * zoom + GAP + title),
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.DARK_GRAY);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        for (int i = 0; i < panels.size(); i++) {
            int left = (i % perRow) * (w * zoom + GAP);
            int top = (i / perRow) * (h * zoom + GAP + title);
            if (titles != null) {
                g.drawString(titles.get(i), left + 1, top + title - 3);
            }
            draw(image, panels.get(i), h, w, c, zoom, left, top + title);
        }
        g.dispose();
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
                if (base >= pixels.length) {
                    continue; // past the end of a wrapped flat row
                }
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
