package org.uaespark.models.optim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Two libtorch kernels DJL has no binding for, reached through a small TorchScript module shipped as a resource
 * ({@code torch_kernels.pt}, written by {@code src/main/torchscript/torch_kernels.py}): the fused Adam update
 * ({@code aten::_fused_adam_}) and {@code torch.autograd.grad}. The module is loaded once per JVM, on first use, and
 * never closed; it holds no tensors, so task threads share it.
 */
public final class TorchKernels {
    private static final String RESOURCE = "torch_kernels.pt";

    private TorchKernels() {
    }

    /** The module, loaded on first use (class-holder idiom: thread-safe without locking). */
    private static final class Module {
        static final PtSymbolBlock BLOCK = load();

        private static PtSymbolBlock load() {
            PtNDManager owner = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
            try (InputStream in = TorchKernels.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath (package "
                            + TorchKernels.class.getPackageName() + "): rebuild the jar");
                }
                return JniUtils.loadModule(owner, in, true, false);
            } catch (IOException e) {
                throw new UncheckedIOException("could not load " + RESOURCE, e);
            }
        }
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
        try (IValue lossValue = IValue.from((PtNDArray) loss);
                IValue leafValues = list(leaves);
                IValue result = IValueUtils.runMethod(Module.BLOCK, "gradients", lossValue, leafValues)) {
            return Arrays.asList(result.toTensorArray((PtNDManager) loss.getManager()));
        }
    }

    /**
     * PyTorch's Adam step t on each parameter, in place: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
     * p ← p − (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε). Every list holds one array per parameter, of the parameter's
     * shape, type and device; grads are read only.
     */
    static void adam(List<NDArray> params, List<NDArray> grads, List<NDArray> m, List<NDArray> v, double lr,
            double beta1, double beta2, double epsilon, long t) {
        List<IValue> arguments = new ArrayList<>();
        try {
            arguments.add(list(params));
            arguments.add(list(grads));
            arguments.add(list(m));
            arguments.add(list(v));
            arguments.add(IValue.from(lr));
            arguments.add(IValue.from(beta1));
            arguments.add(IValue.from(beta2));
            arguments.add(IValue.from(epsilon));
            arguments.add(IValue.from((double) t));
            Module.BLOCK.forward(arguments.toArray(IValue[]::new)).close();
        } finally {
            arguments.forEach(IValue::close);
        }
    }

    private static IValue list(List<NDArray> arrays) {
        return IValue.listFrom(arrays.stream().map(a -> (PtNDArray) a).toArray(PtNDArray[]::new));
    }
}
