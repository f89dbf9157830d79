package org.uaespark.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands as tensors that libtorch owns. DJL's {@code Number} overloads ({@code mul(Number)},
 * {@code div(Number)}, {@code pow(Number)}, {@code add(Number)}, {@code maximum(Number)}, …) wrap the number in a
 * tensor whose memory is a Java direct buffer ({@code from_blob}, no copy) and close that tensor as soon as the
 * operation returns. An operation recorded for autograd keeps its scalar operand for the backward pass
 * ({@code mul} and {@code div} save it to scale the gradient, {@code pow} to differentiate), and once the
 * wrapper is closed nothing keeps the buffer alive: when the garbage collector frees it before {@code backward}
 * runs, the gradient is computed from freed memory. That made training depend on GC timing (NaN losses in long
 * JVMs, never in fresh ones). Code that may run with graph recording on takes its scalars from here instead.
 */
public final class Scalars {
    private Scalars() {
    }

    /** {@code value} as a 0-dimensional tensor of {@code like}'s type and device, in {@code like}'s manager. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** {@code a · value}. */
    public static NDArray times(NDArray a, double value) {
        return a.mul(of(a, value));
    }

    /** {@code a / value}. */
    public static NDArray over(NDArray a, double value) {
        return a.div(of(a, value));
    }

    /** {@code a + value}. */
    public static NDArray plus(NDArray a, double value) {
        return a.add(of(a, value));
    }

    /** {@code a} raised to {@code exponent}, elementwise. */
    public static NDArray power(NDArray a, double exponent) {
        return a.pow(of(a, exponent));
    }
}
