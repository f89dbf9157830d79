package org.uaespark.pipeline.executor;

import java.util.List;

import scala.collection.Seq;

/**
 * Converts Spark row cells of array columns to Java arrays. Depending on how a Dataset was built, an
 * {@code array<float>} cell arrives as a {@code float[]}, a Scala {@code Seq} or a {@code java.util.List};
 * all are accepted.
 */
public final class Cells {
    private Cells() {
    }

    /** The cell as a fresh or shared {@code float[]} (numbers of any boxed type are narrowed to float). */
    public static float[] floats(Object cell) {
        if (cell instanceof float[] a) {
            return a;
        }
        if (cell instanceof double[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) a[i];
            }
            return out;
        }
        List<?> list = asList(cell);
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    /** The cell as an {@code int[]}. */
    public static int[] ints(Object cell) {
        if (cell instanceof int[] a) {
            return a;
        }
        List<?> list = asList(cell);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).intValue();
        }
        return out;
    }

    private static List<?> asList(Object cell) {
        if (cell instanceof List<?> list) {
            return list;
        }
        if (cell instanceof Seq<?> seq) {
            return scala.collection.JavaConverters.seqAsJavaList(seq);
        }
        if (cell == null) {
            throw new IllegalArgumentException("null array cell");
        }
        throw new IllegalArgumentException("not an array cell: " + cell.getClass().getName());
    }
}
