package org.uaespark.models;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import org.uaespark.models.optim.TorchKernels;

/**
 * Reverse-mode differentiation through libtorch's thread-local grad mode, without DJL's
 * {@code GradientCollector}: that collector holds a JVM-wide flag, so two models training in two Spark tasks of
 * one executor would collide. Here each thread records its own graph, and nothing is shared.
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * Evaluates {@code loss} with graph recording on for this thread, back-propagates it, and returns it
     * (detached from nothing: the caller reads {@code getGradient()} of its leaves, then calls {@link #zero}).
     */
    public static NDArray backward(Supplier<NDArray> loss) {
        return recording(() -> {
            NDArray value = loss.get();
            JniUtils.backward((PtNDArray) value, (PtNDArray) value.onesLike(), false, false);
            return value;
        });
    }

    /**
     * Evaluates {@code loss} with graph recording on for this thread and returns its gradients with respect to
     * {@code leaves}, one per leaf, in the loss's manager. Unlike {@link #backward} nothing is added into the
     * leaves' own gradients, so there is nothing to {@link #zero} afterwards, and no pass over them.
     */
    public static List<NDArray> gradients(Supplier<NDArray> loss, List<NDArray> leaves) {
        return TorchKernels.gradients(recording(loss), leaves);
    }

    /**
     * Evaluates {@code work} with graph recording on for this thread and restores the thread's mode: for scripted
     * calls that differentiate inside.
     */
    public static <T> T recording(Supplier<T> work) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** Turns graph recording off for this thread: required before in-place updates and for inference. */
    public static void noGrad() {
        JniUtils.setGradMode(false);
    }

    /** Clears the accumulated gradients of {@code leaves}. */
    public static void zero(Collection<NDArray> leaves) {
        for (NDArray leaf : leaves) {
            if (leaf.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) leaf);
            }
        }
    }
}
