package org.uaespark.mine;

import java.util.SplittableRandom;

import org.uaespark.data.StandardNormal;

/**
 * The δ-gradient of the {@code exact} projection mode ({@code src/site/markdown/paper-spec.md} §11.2). When the pairs
 * (u_i, v_i) = (a_iᵀx, a_iᵀx') are sampled from their Gram law instead of drawing the a_i ~ N(0, s²I_d), the
 * gradient of an objective through the v_i, Σ_i w_i a_i with w_i = ∂L/∂v_i, is drawn from its conditional law:
 * given the sampled pairs, a_i = B·G⁻¹·(u_i, v_i)ᵀ + (I − P)·z_i with B = [x, x'], G = BᵀB, P = B·G⁻¹·Bᵀ and
 * z_i ~ N(0, s²I), so Σ_i w_i a_i = B·G⁻¹·(Σ w_i u_i, Σ w_i v_i)ᵀ + s·‖w‖·(I − P)·ξ with one ξ ~ N(0, I_d).
 * Values and gradient together then have exactly the law of the literal redraw scheme, at O(K·p + d) cost.
 */
public final class ExactProjectionGradient {
    private ExactProjectionGradient() {
    }

    /**
     * Σ_i w_i a_i for one sample.
     *
     * @param w      ∂L/∂v_i for the K·p pairs
     * @param u      the sampled a_iᵀx
     * @param v      the sampled a_iᵀx'
     * @param x      the original
     * @param xPrime the perturbed input the pairs were sampled for
     * @param p      projected dimension (s² = 1/p)
     * @param random source of ξ
     */
    public static double[] lift(float[] w, float[] u, float[] v, float[] x, float[] xPrime, int p,
            SplittableRandom random) {
        double su = 0;
        double sv = 0;
        double ww = 0;
        for (int i = 0; i < w.length; i++) {
            su += (double) w[i] * u[i];
            sv += (double) w[i] * v[i];
            ww += (double) w[i] * w[i];
        }
        int d = x.length;
        double[] xi = new double[d];
        double xx = 0;
        double xy = 0;
        double yy = 0;
        double xXi = 0;
        double yXi = 0;
        for (int j = 0; j < d; j++) {
            xi[j] = StandardNormal.ziggurat(random);
            xx += (double) x[j] * x[j];
            xy += (double) x[j] * xPrime[j];
            yy += (double) xPrime[j] * xPrime[j];
            xXi += x[j] * xi[j];
            yXi += xPrime[j] * xi[j];
        }
        // G⁻¹ with a vanishing ridge, for x' (nearly) parallel to x.
        double ridge = 1e-12 * (xx + yy);
        double a = xx + ridge;
        double c = yy + ridge;
        double det = a * c - xy * xy;
        double[] mean = solve(a, xy, c, det, su, sv);
        double[] projected = solve(a, xy, c, det, xXi, yXi);
        double scale = Math.sqrt(ww / p);
        double[] out = new double[d];
        for (int j = 0; j < d; j++) {
            double residual = xi[j] - projected[0] * x[j] - projected[1] * xPrime[j];
            out[j] = mean[0] * x[j] + mean[1] * xPrime[j] + scale * residual;
        }
        return out;
    }

    /** [[a, b], [b, c]]⁻¹ · (r, s). */
    private static double[] solve(double a, double b, double c, double det, double r, double s) {
        return new double[] {(c * r - b * s) / det, (a * s - b * r) / det};
    }
}
