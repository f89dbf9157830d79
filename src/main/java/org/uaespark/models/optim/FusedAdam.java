package org.uaespark.models.optim;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keras 2's Adam ({@link Adam}'s rule) through libtorch's fused kernel ({@link TorchKernels#adam}): one pass over
 * p, g, m and v per step where the elementwise expression takes about fifteen, which is what bounds the conv MINE
 * variant (12 M statistics-network parameters per sample): 52–56 ms → 7–11 ms per step on such a parameter here.
 *
 * <p>The kernel computes PyTorch's form, p ← p − (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε′). With ε′ = ε/√(1−β₂ᵗ) that is
 * Keras's p ← p − lr·√(1−β₂ᵗ)/(1−β₁ᵗ)·m/(√v + ε) exactly in real arithmetic; only the rounding differs (m and v
 * agree to a few float32 ulps).
 *
 * <p>The kernel runs whole 64-byte vectors and finishes a tensor's last partial vector in scalar code, which rounds
 * differently. So that an element's result never depends on where in its tensor it lies, only parameters whose
 * slices along the first axis hold a multiple of 16 elements go through the kernel (a batch of MINE networks
 * stacks one slice per sample, so a sample's result does not depend on its batch); the rest, small biases and
 * heads, take the elementwise {@link Adam}.
 */
final class FusedAdam implements Optimizer {
    /** Elements per 64-byte vector of float32: slices of a multiple of this never reach the scalar tail. */
    private static final long VECTOR = 16;

    private final OptimizerSpec spec;
    private final NDManager home;
    private final Adam elementwise;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private long t;

    FusedAdam(OptimizerSpec spec, NDManager home) {
        this.spec = spec;
        this.home = home;
        this.elementwise = new Adam(spec, home);
    }

    @Override
    public void step(List<NDArray> parameters, List<NDArray> gradients) {
        t++;
        List<NDArray> fused = new ArrayList<>();
        List<NDArray> fusedGradients = new ArrayList<>();
        List<NDArray> rest = new ArrayList<>();
        List<NDArray> restGradients = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            boolean fusable = fusable(parameters.get(i));
            (fusable ? fused : rest).add(parameters.get(i));
            (fusable ? fusedGradients : restGradients).add(gradients.get(i));
        }
        elementwise.step(rest, restGradients);
        if (fused.isEmpty()) {
            return;
        }
        while (m.size() < fused.size()) {
            NDArray p = fused.get(m.size());
            m.add(home.zeros(p.getShape(), p.getDataType()));
            v.add(home.zeros(p.getShape(), p.getDataType()));
        }
        double epsilon = spec.epsilon() / Math.sqrt(1 - Math.pow(spec.beta2(), t));
        TorchKernels.adam(fused, fusedGradients, m.subList(0, fused.size()), v.subList(0, fused.size()),
                spec.learningRate(), spec.beta1(), spec.beta2(), epsilon, t);
    }

    private static boolean fusable(NDArray p) {
        long rows = p.getShape().dimension() == 0 ? 1 : p.getShape().get(0);
        return rows > 0 && (p.size() / rows) % VECTOR == 0;
    }

    @Override
    public List<NDArray> state() {
        List<NDArray> out = new ArrayList<>(elementwise.state());
        out.addAll(m);
        out.addAll(v);
        return out;
    }
}
