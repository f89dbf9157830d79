package org.uaespark.models.optim;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Holds per-parameter state arrays, created as zeros on first use in the model's manager (not in whatever
 * step-scoped manager the parameter is temporarily attached to).
 */
abstract class StatefulOptimizer implements Optimizer {
    private final List<NDArray[]> slots = new ArrayList<>();
    private final int slotsPerParameter;
    private final NDManager home;

    StatefulOptimizer(int slotsPerParameter, NDManager home) {
        this.slotsPerParameter = slotsPerParameter;
        this.home = home;
    }

    /** The state arrays of parameter {@code i}. */
    NDArray[] slots(int i, NDArray parameter) {
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
