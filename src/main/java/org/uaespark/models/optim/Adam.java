package org.uaespark.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Keras 2 Adam: lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; p ← p − lr_t·m/(√v + ε).
 *
 * <p>Each product is formed in a per-parameter work array kept between steps, not in fresh temporaries: for the conv
 * MINE variant's 12 M parameters per sample, fresh arrays meant ≈ 200 MB of newly mapped, zero-filled pages per
 * step, which cost more than the arithmetic. The operations and their order are those of the expression above, so
 * the bits are the same as computing it with temporaries; only √v still gets a fresh array (DJL has no in-place
 * square root, and {@code pow(v, 0.5)} rounds differently), freed as soon as it is used.
 */
final class Adam extends StatefulOptimizer {
    private static final NDIndex WHOLE = new NDIndex("...");
    private long t;
    private float lrT;

    Adam(OptimizerSpec spec, NDManager home) {
        super(spec, 3, home);
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
        NDArray work = slots[2];
        work.set(WHOLE, g);
        m.muli(f(spec.beta1())).addi(work.muli(f(1 - spec.beta1())));
        work.set(WHOLE, g);
        v.muli(f(spec.beta2())).addi(work.muli(g).muli(f(1 - spec.beta2())));
        work.set(WHOLE, m);
        try (NDArray root = v.sqrt()) {
            p.subi(work.muli(lrT).divi(root.addi(f(spec.epsilon()))));
        }
    }
}
