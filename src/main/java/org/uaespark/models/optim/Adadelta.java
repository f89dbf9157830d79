package org.uaespark.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Keras 2 Adadelta: a ← ρa + (1−ρ)g²; u = g·√(d + ε)/√(a + ε); p ← p − lr·u; d ← ρd + (1−ρ)u². */
final class Adadelta extends StatefulOptimizer {
    Adadelta(OptimizerSpec spec, NDManager home) {
        super(spec, 2, home);
    }

    @Override
    void update(NDArray p, NDArray g, NDArray[] slots) {
        NDArray a = slots[0];
        NDArray d = slots[1];
        a.muli(f(spec.rho())).addi(g.square().muli(f(1 - spec.rho())));
        NDArray u = g.mul(d.add(f(spec.epsilon())).sqrt()).divi(a.add(f(spec.epsilon())).sqrt());
        p.subi(u.mul(f(spec.learningRate())));
        d.muli(f(spec.rho())).addi(u.square().muli(f(1 - spec.rho())));
    }
}
