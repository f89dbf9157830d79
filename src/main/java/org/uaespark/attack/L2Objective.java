package org.uaespark.attack;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.uaespark.models.Autograd;

/**
 * The L2-UAE baseline's objective: minus the distance √f(x, x + δ) = ‖x − Φ(x + δ)‖₂ (the paper's §6), so the
 * attack pushes the reconstruction away from x within the hinge; a successful iterate (hinge 0) with the largest
 * distance is selected.
 */
final class L2Objective implements Objective {

    @Override
    public List<NDArray> mutableState() {
        return List.of();
    }

    @Override
    public float[][] gradient(Evaluation e) {
        Autograd.backward(() -> {
            NDArray errors = e.target().perSample(e.original(), e.perturbed());
            return e.hinge().get().sub(errors.sqrt()).sum();
        });
        Autograd.noGrad();
        return e.stepGradient();
    }

    @Override
    public double[] update(NDManager attack, float[][] x, float[][] images, long[] sampleSeeds, long sharedSeed, int t) {
        double[] none = new double[x.length];
        Arrays.fill(none, Double.NaN);
        return none;
    }

    @Override
    public void zeroGradients() {
    }

    @Override
    public SelectionRule rule() {
        return RULE;
    }

    /** A success has hinge 0; the largest distance wins. */
    static final SelectionRule RULE = new SelectionRule() {
        @Override
        public boolean success(double hinge, double mi) {
            return hinge == 0;
        }

        @Override
        public double score(double mi, double distance) {
            return -distance;
        }
    };
}
