package org.uaespark.models.optim;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Keras 2 RMSprop: a ← ρa + (1−ρ)g²; p ← p − lr·g/(√a + ε). */
final class RmsProp extends StatefulOptimizer {
    private final OptimizerSpec spec;

    RmsProp(OptimizerSpec spec, NDManager home) {
        super(1, home);
        this.spec = spec;
    }

    @Override
    public void step(List<NDArray> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            NDArray a = slots(i, p)[0];
            a.muli((float) spec.rho()).addi(g.square().muli(1f - (float) spec.rho()));
            p.subi(g.mul((float) spec.learningRate()).divi(a.sqrt().addi((float) spec.epsilon())));
        }
    }
}
