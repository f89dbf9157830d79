package org.uaespark.mine;

import java.util.Locale;

/**
 * How the {@code random} MINE variant draws its Gaussian projections A (K·p columns of N(0, s²I_d), s² = 1/p) for
 * each evaluation of I(x, x'). All three give every sample the same law of (Aᵀx, Aᵀx') as the paper's code.
 */
public enum ProjectionMode {
    /** The paper's scheme: a fresh A per sample and evaluation; O(d·K·p) draws per sample and evaluation. */
    REDRAW,
    /** One A per (run seed, iteration, step), shared by every sample of a batch: one GEMM for the batch. */
    COMMON,
    /**
     * The pairs (a·x, a·x') sampled directly from their 2×2 covariance s²·Gram(x, x'): O(K·p) draws per sample and
     * evaluation ({@code src/site/markdown/paper-spec.md} §11.2).
     */
    EXACT;

    /** The configuration spelling, e.g. {@code exact}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
