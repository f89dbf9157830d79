package org.uaespark.models.optim;

import java.util.Set;

/**
 * Which optimiser and its hyperparameters. Defaults are Keras 2's.
 *
 * @param name         {@code adam}, {@code adam-fused} (Adam's rule through libtorch's fused kernel, other rounding),
 *                     {@code rmsprop}, {@code adadelta}, or {@code lars} (the contrastive model's, whose other
 *                     settings are in its {@link org.uaespark.models.ContrastiveRecipe})
 * @param learningRate step size
 * @param rho          decay of the squared-gradient average (RMSprop 0.9, Adadelta 0.95)
 * @param beta1        Adam's first-moment decay (0.9)
 * @param beta2        Adam's second-moment decay (0.999)
 * @param epsilon      numerical floor (Keras: 1e-7)
 */
public record OptimizerSpec(String name, double learningRate, double rho, double beta1, double beta2, double epsilon)
        implements java.io.Serializable {
    private static final Set<String> NAMES = Set.of("adam", "adam-fused", "rmsprop", "adadelta", "lars");

    public OptimizerSpec {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of " + NAMES);
        }
        if (!(learningRate > 0) || !(epsilon > 0) || rho < 0 || rho >= 1 || beta1 < 0 || beta1 >= 1 || beta2 < 0
                || beta2 >= 1) {
            throw new IllegalArgumentException("optimizer " + name + ": learning rate and epsilon must be positive and "
                    + "rho, beta1, beta2 in [0, 1)");
        }
    }

    /**
     * Arrays of a parameter's size the optimiser keeps per parameter: Adam's two moments and its work array, the
     * fused Adam's two moments (its few small parameters updated elementwise also get a work array), RMSprop's
     * average, Adadelta's two averages, LARS's velocity. For sizing memory.
     */
    public int stateArraysPerParameter() {
        return switch (name) {
            case "adam" -> 3;
            case "adam-fused", "adadelta" -> 2;
            default -> 1;
        };
    }

    /** The same hyperparameters for another optimiser. */
    public OptimizerSpec withName(String value) {
        return new OptimizerSpec(value, learningRate, rho, beta1, beta2, epsilon);
    }

    /** The same optimiser with another step size. */
    public OptimizerSpec withLearningRate(double value) {
        return new OptimizerSpec(name, value, rho, beta1, beta2, epsilon);
    }
}
