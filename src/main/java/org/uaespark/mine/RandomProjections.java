package org.uaespark.mine;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.uaespark.data.StandardNormal;

/**
 * The {@code random} MINE variant's inputs: K pairs (A_kᵀx, A_kᵀx') of p-vectors per sample, A_k with entries
 * N(0, 1/p), each vector then standardised over its own p coordinates (population standard deviation, no
 * epsilon), as the paper's code does: {@link MineEstimator#standardisingInputs()} does that inside its call. Draws come from Java generators with explicit seeds, never from libtorch's
 * global generator, so results do not depend on threads or on other tasks in the JVM.
 */
public final class RandomProjections {
    /** The most values one Java array holds. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int k;
    private final int p;

    /**
     * @param k pairs per sample (500 in the paper)
     * @param p projected dimension (128 in the paper)
     */
    public RandomProjections(int k, int p) {
        if (k < 2 || p < 2) {
            throw new IllegalArgumentException("MINE random projections need k >= 2 and p >= 2, got k=" + k + ", p=" + p);
        }
        if ((long) k * p > MAX_ARRAY) {
            throw new IllegalArgumentException("MINE random projections: k·p = " + (long) k * p
                    + " values per sample is more than one array holds");
        }
        this.k = k;
        this.p = p;
    }

    /**
     * The most samples attacked together whose projections still fit in Java arrays: the δ step's {@code redraw}
     * matrices of a batch are one [B, d, K·p] array, every other mode allocates at most [B, K·p] or [d, K·p].
     */
    public static int maxBatch(int d, int k, int p, ProjectionMode mode) {
        long perSample = (long) k * p * (mode == ProjectionMode.REDRAW ? d : 1);
        return (int) Math.min(Integer.MAX_VALUE, MAX_ARRAY / perSample);
    }

    /**
     * Raw (unstandardised) projections of x and x' for every sample, [B, K, p] each.
     *
     * @param x           originals, [B, d]
     * @param xPrime      perturbed inputs, [B, d]
     * @param mode        how A is drawn
     * @param sampleSeeds per-sample seeds of this evaluation (REDRAW, EXACT)
     * @param sharedSeed  seed of this evaluation's shared A (COMMON)
     */
    public NDArray[] project(NDManager manager, float[][] x, float[][] xPrime, ProjectionMode mode, long[] sampleSeeds,
            long sharedSeed) {
        int batch = x.length;
        int d = x[0].length;
        float[] u = new float[Math.toIntExact((long) batch * k * p)];
        float[] v = new float[u.length];
        switch (mode) {
            case COMMON -> {
                float[] a = gaussianMatrix(d, new SplittableRandom(sharedSeed));
                for (int b = 0; b < batch; b++) {
                    projectWith(a, x[b], xPrime[b], u, v, b);
                }
            }
            case REDRAW -> {
                for (int b = 0; b < batch; b++) {
                    projectWith(gaussianMatrix(d, new SplittableRandom(sampleSeeds[b])), x[b], xPrime[b], u, v, b);
                }
            }
            case EXACT -> {
                for (int b = 0; b < batch; b++) {
                    sampleFromGram(x[b], xPrime[b], new SplittableRandom(sampleSeeds[b]), u, v, b);
                }
            }
            default -> throw new IllegalStateException(mode.toString());
        }
        Shape shape = new Shape(batch, k, p);
        return new NDArray[] {manager.create(u, shape), manager.create(v, shape)};
    }

    /**
     * The projection matrices of one evaluation as an array, for graphs that differentiate through the projection:
     * COMMON gives one [d, K·p] matrix, REDRAW one [B, d, K·p] stack (EXACT has no matrix).
     */
    public NDArray matrix(NDManager manager, int d, ProjectionMode mode, long[] sampleSeeds, long sharedSeed) {
        int cols = k * p;
        return switch (mode) {
            case COMMON -> manager.create(gaussianMatrix(d, new SplittableRandom(sharedSeed)), new Shape(d, cols));
            case REDRAW -> {
                float[] all = new float[Math.toIntExact((long) sampleSeeds.length * d * cols)];
                for (int b = 0; b < sampleSeeds.length; b++) {
                    float[] a = gaussianMatrix(d, new SplittableRandom(sampleSeeds[b]));
                    System.arraycopy(a, 0, all, b * a.length, a.length);
                }
                yield manager.create(all, new Shape(sampleSeeds.length, d, cols));
            }
            case EXACT -> throw new IllegalArgumentException("projection mode exact draws no matrix");
        };
    }

    /** Projects rows [B, d] with a {@link #matrix}, keeping the graph: [B, K, p], unstandardised. */
    public NDArray apply(NDArray rows, NDArray matrix) {
        long batch = rows.getShape().get(0);
        NDArray projected = matrix.getShape().dimension() == 2 ? rows.matMul(matrix)
                : rows.expandDims(1).batchMatMul(matrix).squeeze(1);
        return projected.reshape(batch, k, p);
    }

    /** Pairs per sample. */
    public int k() {
        return k;
    }

    /** Projected dimension. */
    public int p() {
        return p;
    }

    /** A [d, K·p] matrix of N(0, 1/p) entries, column-major per projection: entry (j, c) at j·K·p + c. */
    private float[] gaussianMatrix(int d, SplittableRandom random) {
        int cols = k * p;
        float[] a = new float[Math.toIntExact((long) d * cols)];
        double scale = 1 / Math.sqrt(p);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (StandardNormal.ziggurat(random) * scale);
        }
        return a;
    }

    private void projectWith(float[] a, float[] x, float[] xPrime, float[] u, float[] v, int b) {
        int cols = k * p;
        int offset = b * cols;
        double[] su = new double[cols];
        double[] sv = new double[cols];
        for (int j = 0; j < x.length; j++) {
            float xj = x[j];
            float yj = xPrime[j];
            if (xj == 0 && yj == 0) {
                continue;
            }
            int row = j * cols;
            for (int c = 0; c < cols; c++) {
                su[c] += xj * a[row + c];
                sv[c] += yj * a[row + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            u[offset + c] = (float) su[c];
            v[offset + c] = (float) sv[c];
        }
    }

    /**
     * Samples the K·p pairs (u, v) = (aᵀx, aᵀx') of a ~ N(0, I_d/p) from their joint law N(0, Gram/p), Gram the
     * 2×2 Gram matrix of (x, x'), through its Cholesky factor.
     */
    private void sampleFromGram(float[] x, float[] xPrime, SplittableRandom random, float[] u, float[] v, int b) {
        double xx = 0;
        double xy = 0;
        double yy = 0;
        for (int j = 0; j < x.length; j++) {
            xx += (double) x[j] * x[j];
            xy += (double) x[j] * xPrime[j];
            yy += (double) xPrime[j] * xPrime[j];
        }
        double l11 = Math.sqrt(xx / p);
        double l21 = l11 > 0 ? (xy / p) / l11 : 0;
        double l22 = Math.sqrt(Math.max(0, yy / p - l21 * l21));
        int cols = k * p;
        int offset = b * cols;
        for (int c = 0; c < cols; c++) {
            double z1 = StandardNormal.ziggurat(random);
            double z2 = StandardNormal.ziggurat(random);
            u[offset + c] = (float) (l11 * z1);
            v[offset + c] = (float) (l21 * z1 + l22 * z2);
        }
    }
}
