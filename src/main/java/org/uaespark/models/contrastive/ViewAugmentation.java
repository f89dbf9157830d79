package org.uaespark.models.contrastive;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.uaespark.models.Layers;

/**
 * Applies {@link ViewDraw view draws} to images as tensor operations that are linear in the image up to the clips
 * to [0, 1] after every colour op, so that the attack differentiates the contrastive criterion through the views.
 * Crop and resize are one bilinear interpolation matrix per axis (flip folded into the columns); brightness,
 * contrast, saturation and hue are blends and a 3×3 colour rotation. Hue turns the chroma plane of YIQ, the linear
 * stand-in for the HSV hue shift of TensorFlow's {@code random_hue} (which is not differentiable), and saturation
 * blends with the luma where TensorFlow's {@code random_saturation} scales S in HSV (both leave one-channel images
 * as they are); the factors' laws and the random op order follow SimCLR v2's {@code color_jitter_rand}.
 */
public final class ViewAugmentation {
    /** Jitter op: multiply by the brightness factor. */
    public static final int BRIGHTNESS = 0;
    /** Jitter op: move every channel away from its mean by the contrast factor. */
    public static final int CONTRAST = 1;
    /** Jitter op: move the colours away from their luma by the saturation factor. */
    public static final int SATURATION = 2;
    /** Jitter op: rotate the chroma by the hue fraction. */
    public static final int HUE = 3;
    /** Luma weights of TensorFlow's {@code rgb_to_grayscale}. */
    static final double[] LUMA = {0.2989, 0.5870, 0.1140};
    private static final double[][] RGB_TO_YIQ = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322},
            {0.211, -0.523, 0.312}};
    private static final double[][] YIQ_TO_RGB = inverse(RGB_TO_YIQ);

    private ViewAugmentation() {
    }

    /**
     * The views of {@code images} [N, C, H, W] (view n of image n) under {@code draws} (N of them), same shape,
     * differentiable in the images.
     */
    public static NDArray apply(NDArray images, List<ViewDraw> draws) {
        Shape shape = images.getShape();
        int n = Math.toIntExact(shape.get(0));
        int channels = Math.toIntExact(shape.get(1));
        int rows = Math.toIntExact(shape.get(2));
        int cols = Math.toIntExact(shape.get(3));
        if (draws.size() != n) {
            throw new IllegalArgumentException(n + " images but " + draws.size() + " view draws");
        }
        float[] rowWeights = new float[n * rows * rows];
        float[] colWeights = new float[n * cols * cols];
        float[] row = new float[cols];
        for (int v = 0; v < n; v++) {
            ViewDraw d = draws.get(v);
            for (int k = 0; k < rows; k++) {
                ViewDraw.resizeRow(k, d.top(), d.height(), rows, rowWeights, (v * rows + k) * rows);
            }
            for (int k = 0; k < cols; k++) {
                java.util.Arrays.fill(row, 0f);
                ViewDraw.resizeRow(k, d.left(), d.width(), cols, row, 0);
                int out = d.flip() ? cols - 1 - k : k;
                for (int source = 0; source < cols; source++) {
                    colWeights[(v * cols + source) * cols + out] = row[source];
                }
            }
        }
        NDManager m = images.getManager();
        DataType type = images.getDataType();
        NDArray x = constant(m, rowWeights, new Shape(n, 1, rows, rows), type).matMul(images)
                .matMul(constant(m, colWeights, new Shape(n, 1, cols, cols), type));
        int ops = channels == 3 ? 4 : 2;
        for (int position = 0; position < ops; position++) {
            for (int op = 0; op < ops; op++) {
                x = jitter(x, draws, position, op, type);
            }
        }
        if (channels == 3 && draws.stream().anyMatch(ViewDraw::grayscale)) {
            float[] gray = new float[n];
            for (int v = 0; v < n; v++) {
                gray[v] = draws.get(v).grayscale() ? 1f : 0f;
            }
            NDArray mask = constant(m, gray, new Shape(n, 1, 1, 1), type);
            x = x.mul(constant(m, oneMinus(gray), new Shape(n, 1, 1, 1), type)).add(luma(x).mul(mask));
        }
        return x;
    }

    /** Op {@code op} at {@code position} of every view's order (identity for views that run another op there). */
    private static NDArray jitter(NDArray x, List<ViewDraw> draws, int position, int op, DataType type) {
        int n = draws.size();
        float[] factor = new float[n];
        boolean any = false;
        for (int v = 0; v < n; v++) {
            ViewDraw d = draws.get(v);
            boolean here = d.order()[position] == op;
            float value = switch (op) {
                case BRIGHTNESS -> here ? d.brightness() : 1f;
                case CONTRAST -> here ? d.contrast() : 1f;
                case SATURATION -> here ? d.saturation() : 1f;
                default -> here ? d.hue() : 0f;
            };
            factor[v] = value;
            any |= op == HUE ? value != 0f : value != 1f;
        }
        if (!any) {
            return x;
        }
        NDManager m = x.getManager();
        Shape perView = new Shape(n, 1, 1, 1);
        NDArray out = switch (op) {
            case BRIGHTNESS -> x.mul(constant(m, factor, perView, type));
            case CONTRAST -> x.mul(constant(m, factor, perView, type))
                    .add(Layers.meanKeepingAxes(x, 2, 3).mul(constant(m, oneMinus(factor), perView, type)));
            case SATURATION -> x.mul(constant(m, factor, perView, type))
                    .add(luma(x).mul(constant(m, oneMinus(factor), perView, type)));
            default -> hueRotation(x, factor, type);
        };
        return out.clip(0f, 1f);
    }

    /** Rotates each view's colours in the YIQ chroma plane by its fraction of a turn. */
    private static NDArray hueRotation(NDArray x, float[] turns, DataType type) {
        Shape shape = x.getShape();
        int n = turns.length;
        float[] matrices = new float[n * 9];
        for (int v = 0; v < n; v++) {
            double angle = 2 * Math.PI * turns[v];
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double[][] rotation = {{1, 0, 0}, {0, cos, -sin}, {0, sin, cos}};
            double[][] matrix = multiply(YIQ_TO_RGB, multiply(rotation, RGB_TO_YIQ));
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    matrices[v * 9 + i * 3 + j] = (float) matrix[i][j];
                }
            }
        }
        NDArray flat = x.reshape(n, 3, shape.get(2) * shape.get(3));
        return constant(x.getManager(), matrices, new Shape(n, 3, 3), type).matMul(flat).reshape(shape);
    }

    /** The luma of three-channel images [N, 3, H, W]: [N, 1, H, W]. */
    static NDArray luma(NDArray x) {
        float[] weights = new float[LUMA.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) LUMA[i];
        }
        return x.mul(constant(x.getManager(), weights, new Shape(1, 3, 1, 1), x.getDataType())).sum(new int[] {1},
                true);
    }

    private static NDArray constant(NDManager m, float[] values, Shape shape, DataType type) {
        NDArray created = m.create(values, shape);
        return type == DataType.FLOAT32 ? created : created.toType(type, false);
    }

    private static float[] oneMinus(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = 1f - values[i];
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    out[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return out;
    }

    private static double[][] inverse(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        double[][] out = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                out[i][j] = (a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0]) / det;
            }
        }
        return out;
    }
}
