package org.uaespark.models.optim;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Keras 2 Adam: lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − lr_t·m/(√v + ε). */
final class Adam extends StatefulOptimizer {
    private final OptimizerSpec spec;
    private long t;

    Adam(OptimizerSpec spec, NDManager home) {
        super(2, home);
        this.spec = spec;
    }

    @Override
    public void step(List<NDArray> parameters) {
        t++;
        double lrT = spec.learningRate() * Math.sqrt(1 - Math.pow(spec.beta2(), t)) / (1 - Math.pow(spec.beta1(), t));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            NDArray[] s = slots(i, p);
            s[0].muli((float) spec.beta1()).addi(g.mul(1f - (float) spec.beta1()));
            s[1].muli((float) spec.beta2()).addi(g.square().muli(1f - (float) spec.beta2()));
            p.subi(s[0].mul((float) lrT).divi(s[1].sqrt().addi((float) spec.epsilon())));
        }
    }
}
