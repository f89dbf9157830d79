package org.uaespark.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Long-lived tensors made from Java values, held in libtorch's own memory. DJL's {@code create(float[])} wraps a
 * Java direct buffer ({@code from_blob}, no copy), so a model's parameters made that way kept their direct
 * buffers for as long as the model lived: the evaluate stage's pool of loaded grid models held hundreds of MiB
 * of them, more than the JVM's direct-memory cap ({@code -XX:MaxDirectMemorySize}, which bounds a long run's
 * growth: src/site/markdown/performance.md, "Memory over a long run"). A copy into libtorch's memory leaves the buffer unreachable at once,
 * so the cap bounds only transient data. Values are unchanged.
 */
public final class OwnedArrays {
    private OwnedArrays() {
    }

    /** {@code values} as a tensor of {@code shape} and {@code dataType} in libtorch's memory, in {@code manager}. */
    public static NDArray of(NDManager manager, float[] values, Shape shape, DataType dataType) {
        try (NDArray wrapped = manager.create(values, shape)) {
            // duplicate() is libtorch's clone; toType converts into fresh memory only for another type (for the
            // same type DJL returns a view of the wrapped buffer, whatever its copy flag)
            return dataType == wrapped.getDataType() ? wrapped.duplicate() : wrapped.toType(dataType, false);
        }
    }
}
