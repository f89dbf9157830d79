package org.uaespark.mine;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;

import org.uaespark.models.scripted.ScriptedModule;

/**
 * The statistics networks' evaluation as one libtorch call: the TorchScript module {@code mine_kernels.pt}, written
 * by {@code src/main/torchscript/mine_kernels.py}, runs the towers, head and Donsker–Varadhan estimate of a batch
 * (and for a training step also the loss's gradients) that DJL would run as some forty operations, each a JNI
 * crossing with its own Java objects. The script keeps the operations, order and layouts of the layer-by-layer
 * definition, so float32 results are those of the DJL expression bit for bit.
 */
final class MineKernels {
    private MineKernels() {
    }

    /** The module, loaded on first use (class-holder idiom). */
    private static final class Module {
        static final ScriptedModule SCRIPT = ScriptedModule.load(MineKernels.class, "mine_kernels.pt");
    }

    /** What is fixed for one estimator: the input rule, the variant and the arithmetic of the towers. */
    record Layout(boolean standardise, boolean conv, Precision precision) {
    }

    /**
     * Every sample's DV estimate, [B], in the caller's graph when grad mode is on (differentiable with respect to
     * the rows).
     *
     * @param parameters   the networks' parameters in {@link StatisticsNetworks#parameters()} order
     * @param permutations the marginal pairs' row indices, [B, K]
     */
    static NDArray estimate(List<NDArray> parameters, Layout layout, NDArray xs, NDArray ys, NDArray permutations) {
        try (NDArray options = options(layout, permutations, 0, false)) {
            return Module.SCRIPT.train("estimate", xs.getManager(), parameters, xs, ys, permutations, options)
                    .singletonOrThrow();
        }
    }

    /**
     * One training step's estimates (before the update) and the loss's gradient per parameter: element 0 is the
     * estimates, [B], then one gradient per parameter. Grad mode must be on.
     *
     * @param moving     MINE's moving average of mean e^{T_marginal} per sample, float64 [B], updated in place when
     *                   {@code rate} is positive
     * @param rate       the moving average's rate; 0 for the plain DV loss
     * @param first      whether this is the first step (the average starts at the first value)
     */
    static List<NDArray> gradients(List<NDArray> parameters, Layout layout, NDArray xs, NDArray ys,
            NDArray permutations, NDArray moving, double rate, boolean first) {
        try (NDArray options = options(layout, permutations, rate, first)) {
            return new ArrayList<>(Module.SCRIPT.train("gradients", xs.getManager(), parameters, xs, ys, permutations,
                    options, moving));
        }
    }

    /** The script's options vector (mine_kernels.py's docstring). */
    private static NDArray options(Layout layout, NDArray permutations, double rate, boolean first) {
        return permutations.getManager().create(new double[] {flag(layout.standardise()), flag(layout.conv()),
            flag(layout.precision() == Precision.BF16), minusLogK(permutations), rate, flag(first)});
    }

    private static double flag(boolean value) {
        return value ? 1 : 0;
    }

    /** −log K rounded to float32, as the estimate subtracts it. */
    private static double minusLogK(NDArray permutations) {
        return -(float) Math.log(permutations.getShape().get(1));
    }
}
