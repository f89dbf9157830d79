package org.uaespark.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Keras 2 Adam: lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − lr_t·m/(√v + ε). */
final class Adam extends StatefulOptimizer {
    private long t;
    private float lrT;

    Adam(OptimizerSpec spec, NDManager home) {
        super(spec, 2, home);
    }

    @Override
    void beginStep() {
        t++;
        lrT = f(spec.learningRate() * Math.sqrt(1 - Math.pow(spec.beta2(), t)) / (1 - Math.pow(spec.beta1(), t)));
    }

    @Override
    void update(NDArray p, NDArray g, NDArray[] slots) {
        NDArray m = slots[0];
        NDArray v = slots[1];
        m.muli(f(spec.beta1())).addi(g.mul(f(1 - spec.beta1())));
        v.muli(f(spec.beta2())).addi(g.square().muli(f(1 - spec.beta2())));
        p.subi(m.mul(lrT).divi(v.sqrt().addi(f(spec.epsilon()))));
    }
}
