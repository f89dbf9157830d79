package org.uaespark.models.optim;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keras 2 Adadelta: a ← ρa + (1−ρ)g²; u = g·√(d + ε)/√(a + ε); p ← p − lr·u; d ← ρd + (1−ρ)u².
 */
final class Adadelta extends StatefulOptimizer {
    private final OptimizerSpec spec;

    Adadelta(OptimizerSpec spec, NDManager home) {
        super(2, home);
        this.spec = spec;
    }

    @Override
    public void step(List<NDArray> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            NDArray[] s = slots(i, p);
            NDArray a = s[0];
            NDArray d = s[1];
            a.muli((float) spec.rho()).addi(g.square().muli(1f - (float) spec.rho()));
            NDArray update = g.mul(d.add((float) spec.epsilon()).sqrt()).divi(a.add((float) spec.epsilon()).sqrt());
            p.subi(update.mul((float) spec.learningRate()));
            d.muli((float) spec.rho()).addi(update.square().muli(1f - (float) spec.rho()));
        }
    }
}
