package org.uaespark.models.optim;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A first-order optimiser with Keras 2 semantics, updating parameters in place from their accumulated
 * gradients. Call with graph recording off ({@link org.uaespark.models.Autograd#noGrad()}).
 */
public interface Optimizer {
    /** Applies one update to {@code parameters}, whose gradients hold ∂loss/∂parameter. */
    default void step(List<NDArray> parameters) {
        step(parameters, parameters.stream().map(NDArray::getGradient).toList());
    }

    /** Applies one update to {@code parameters} from {@code gradients}, one per parameter, of its shape. */
    void step(List<NDArray> parameters, List<NDArray> gradients);

    /** The optimiser's state arrays (moments, accumulators), for managers that must own them during a step. */
    List<NDArray> state();

    /** Creates the optimiser described by {@code spec}, keeping its state in {@code home}. */
    static Optimizer of(OptimizerSpec spec, NDManager home) {
        return switch (spec.name()) {
            case "adam" -> new Adam(spec, home);
            case "adam-fused" -> new FusedAdam(spec, home);
            case "rmsprop" -> new RmsProp(spec, home);
            case "adadelta" -> new Adadelta(spec, home);
            case "lars" -> throw new IllegalArgumentException("lars is built by the simclr model from its "
                    + "contrastive settings (momentum, weight decay, trust coefficient, schedule)");
            default -> throw new IllegalArgumentException("unknown optimizer '" + spec.name()
                    + "'; expected adam, adam-fused, rmsprop or adadelta");
        };
    }
}
