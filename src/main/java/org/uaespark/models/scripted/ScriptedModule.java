package org.uaespark.models.scripted;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A TorchScript module read from a classpath resource next to a class, loaded once and never closed. A module that
 * holds no tensors runs on whatever device its arguments are on, so task threads share it. Arguments are given as
 * {@link IValue}s built with the static helpers here; the call closes them.
 */
public final class ScriptedModule {
    private final PtSymbolBlock block;

    private ScriptedModule(PtSymbolBlock block) {
        this.block = block;
    }

    /**
     * Loads {@code resource} from {@code anchor}'s package.
     *
     * @throws IllegalStateException when the resource is not on the classpath (a jar built without it)
     */
    public static ScriptedModule load(Class<?> anchor, String resource) {
        PtNDManager owner = (PtNDManager) NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (package "
                        + anchor.getPackageName() + "): rebuild the jar");
            }
            return new ScriptedModule(JniUtils.loadModule(owner, in, true, false));
        } catch (IOException e) {
            throw new UncheckedIOException("could not load " + resource, e);
        }
    }

    /** Runs {@code forward} and discards its result; closes the arguments. */
    public void forward(IValue... arguments) {
        try {
            unoptimised(() -> block.forward(arguments)).close();
        } finally {
            Arrays.stream(arguments).forEach(IValue::close);
        }
    }

    /** Runs the exported method {@code method}, which returns one tensor, into {@code manager}; closes the arguments. */
    public NDArray tensor(String method, NDManager manager, IValue... arguments) {
        try (IValue result = unoptimised(() -> IValueUtils.runMethod(block, method, arguments))) {
            return result.toTensor((PtNDManager) manager);
        } finally {
            Arrays.stream(arguments).forEach(IValue::close);
        }
    }

    /**
     * Runs the exported method {@code method}, which returns a list of tensors, into {@code manager}; closes the
     * arguments.
     */
    public List<NDArray> tensors(String method, NDManager manager, IValue... arguments) {
        try (IValue result = unoptimised(() -> IValueUtils.runMethod(block, method, arguments))) {
            return new ArrayList<>(Arrays.asList(result.toTensorArray((PtNDManager) manager)));
        } finally {
            Arrays.stream(arguments).forEach(IValue::close);
        }
    }

    /**
     * Runs the exported method {@code method} in training mode, in which libtorch records a graph when the thread's
     * grad mode is on (DJL runs {@link #tensors} under inference mode), and returns its tensor or list of tensors
     * in {@code manager}. DJL passes only tensors this way: each argument is a tensor or a list of tensors, and
     * scalars travel in a tensor.
     *
     * @param arguments {@link NDArray}s and {@code List<NDArray>}s, in the method's order
     */
    public NDList train(String method, NDManager manager, Object... arguments) {
        NDList inputs = new NDList();
        try (NDArray marker = manager.create(0f)) {
            // The first array's manager receives the outputs; the marker names the method and is no argument.
            marker.setName("module_method:" + method);
            inputs.add(marker);
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i] instanceof NDArray array) {
                    inputs.add(array);
                } else if (arguments[i] instanceof List<?> list) {
                    String name = "argument" + i + "[]";
                    for (Object element : list) {
                        NDArray array = (NDArray) element;
                        array.setName(name);
                        inputs.add(array);
                    }
                } else {
                    throw new IllegalArgumentException("argument " + i + " of " + method
                            + " is neither a tensor nor a list of tensors");
                }
            }
            return unoptimised(() -> IValueUtils.forward(block, inputs, true));
        }
    }

    /**
     * Runs {@code call} with TorchScript's graph executor optimisations off for this thread (a thread-local libtorch
     * flag, on by default, turned back on afterwards). Left on, the profiling executor re-specialises a method's
     * graph after its first calls and differentiates it by its own symbolic formulas, whose rounding differs from
     * the eager kernels': the attack's δ gradient changed in its eleventh iteration. Off, every call runs the
     * operations as written, the same bits as the same operations called one by one.
     */
    private static <T> T unoptimised(Supplier<T> call) {
        JniUtils.setGraphExecutorOptimize(false);
        try {
            return call.get();
        } finally {
            JniUtils.setGraphExecutorOptimize(true);
        }
    }

    /** A tensor argument. */
    public static IValue of(NDArray array) {
        return IValue.from((PtNDArray) array);
    }

    /** A {@code List[Tensor]} argument. */
    public static IValue of(List<NDArray> arrays) {
        return IValue.listFrom(arrays.stream().map(a -> (PtNDArray) a).toArray(PtNDArray[]::new));
    }

    /** A {@code float} (double) argument. */
    public static IValue of(double value) {
        return IValue.from(value);
    }

    /** A {@code bool} argument. */
    public static IValue of(boolean value) {
        return IValue.from(value);
    }
}
