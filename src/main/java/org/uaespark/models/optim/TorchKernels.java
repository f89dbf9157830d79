package org.uaespark.models.optim;

import java.util.List;

import ai.djl.ndarray.NDArray;

import org.uaespark.models.scripted.ScriptedModule;

/**
 * Two libtorch kernels DJL has no binding for, reached through a small TorchScript module shipped as a resource
 * ({@code torch_kernels.pt}, written by {@code src/main/torchscript/torch_kernels.py}): the fused Adam update
 * ({@code aten::_fused_adam_}) and {@code torch.autograd.grad}. The module is loaded once per JVM, on first use, and
 * never closed; it holds no tensors, so task threads share it.
 */
public final class TorchKernels {
    private TorchKernels() {
    }

    /** The module, loaded on first use (class-holder idiom: thread-safe without locking). */
    private static final class Module {
        static final ScriptedModule SCRIPT = ScriptedModule.load(TorchKernels.class, "torch_kernels.pt");
    }

    /**
     * The gradients of {@code loss} (a scalar whose graph was recorded) with respect to each of {@code leaves},
     * in {@code loss}'s manager, without adding them into the leaves' own gradients: with DJL's backward each
     * gradient is formed, then added into a zero-filled array, which for the conv MINE variant's 12 M
     * parameters per sample cost a fifth of a MINE step. The graph is freed.
     *
     * @throws ai.djl.engine.EngineException if a leaf does not take part in the loss
     */
    public static List<NDArray> gradients(NDArray loss, List<NDArray> leaves) {
        return Module.SCRIPT.tensors("gradients", loss.getManager(), ScriptedModule.of(loss),
                ScriptedModule.of(leaves));
    }

    /**
     * PyTorch's Adam step t on each parameter, in place: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
     * p ← p − (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε). Every list holds one array per parameter, of the parameter's
     * shape, type and device; grads are read only.
     */
    static void adam(List<NDArray> params, List<NDArray> grads, List<NDArray> m, List<NDArray> v, double lr,
            double beta1, double beta2, double epsilon, long t) {
        Module.SCRIPT.forward(ScriptedModule.of(params), ScriptedModule.of(grads), ScriptedModule.of(m),
                ScriptedModule.of(v), ScriptedModule.of(lr), ScriptedModule.of(beta1), ScriptedModule.of(beta2),
                ScriptedModule.of(epsilon), ScriptedModule.of((double) t));
    }
}
