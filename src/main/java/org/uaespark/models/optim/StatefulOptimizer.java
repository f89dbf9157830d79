package org.uaespark.models.optim;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * An optimiser that updates each parameter from its gradient and a few per-parameter state arrays ("slots"),
 * created as zeros on first use in the model's manager (not in whatever step-scoped manager the parameter is
 * temporarily attached to). Subclasses give the update rule.
 */
abstract class StatefulOptimizer implements Optimizer {
    /** The hyperparameters. */
    protected final OptimizerSpec spec;
    private final List<NDArray[]> slots = new ArrayList<>();
    private final int slotsPerParameter;
    private final NDManager home;

    StatefulOptimizer(OptimizerSpec spec, int slotsPerParameter, NDManager home) {
        this.spec = spec;
        this.slotsPerParameter = slotsPerParameter;
        this.home = home;
    }

    @Override
    public final void step(List<NDArray> parameters, List<NDArray> gradients) {
        beginStep();
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            update(p, gradients.get(i), slots(i, p));
        }
    }

    /** Called once before each step's updates (Adam counts steps here). */
    void beginStep() {
    }

    /** Updates parameter {@code p} in place from its gradient {@code g} and its state {@code slots}. */
    abstract void update(NDArray p, NDArray g, NDArray[] slots);

    /** {@code value} as a float32 scalar: keeps every operation in the parameters' type. */
    static float f(double value) {
        return (float) value;
    }

    private NDArray[] slots(int i, NDArray parameter) {
        while (slots.size() <= i) {
            slots.add(null);
        }
        if (slots.get(i) == null) {
            NDArray[] s = new NDArray[slotsPerParameter];
            for (int k = 0; k < s.length; k++) {
                s[k] = home.zeros(parameter.getShape(), parameter.getDataType());
            }
            slots.set(i, s);
        }
        return slots.get(i);
    }

    @Override
    public List<NDArray> state() {
        List<NDArray> out = new ArrayList<>();
        for (NDArray[] s : slots) {
            if (s != null) {
                out.addAll(List.of(s));
            }
        }
        return out;
    }
}
