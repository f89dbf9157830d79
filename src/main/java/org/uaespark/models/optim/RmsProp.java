package org.uaespark.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Keras 2 RMSprop: a ← ρa + (1−ρ)g²; p ← p − lr·g/(√a + ε). */
final class RmsProp extends StatefulOptimizer {
    RmsProp(OptimizerSpec spec, NDManager home) {
        super(spec, 1, home);
    }

    @Override
    void update(NDArray p, NDArray g, NDArray[] slots) {
        NDArray a = slots[0];
        a.muli(f(spec.rho())).addi(g.square().muli(f(1 - spec.rho())));
        p.subi(g.mul(f(spec.learningRate())).divi(a.sqrt().addi(f(spec.epsilon()))));
    }
}
