package org.uaespark.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;


/**
 * A tensor made from Java values keeps them after the garbage collector has freed the Java buffer they were
 * copied from and other direct buffers have taken its memory (with a view of that buffer, as DJL's same-type
 * {@code toType} returns, they would read the newcomers' bytes); and a model's parameters, created or read from
 * a file, hold no direct buffer (DJL's {@code set(float[])} made them views of one).
 */
class OwnedArraysTest {
    @Test
    void valuesOutliveTheJavaBufferTheyCameFrom() throws Exception {
        int n = 1 << 16;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.25f - 3;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> arrays = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                arrays.add(OwnedArrays.of(manager, values, new Shape(n), DataType.FLOAT32));
                directBytesAfterCollection(); // the buffer the values came from, unreachable, is freed
                for (int j = 0; j < 20; j++) {
                    ByteBuffer noise = ByteBuffer.allocateDirect(4 * n);
                    while (noise.hasRemaining()) {
                        noise.put((byte) 0x7f);
                    }
                }
            }
            for (NDArray a : arrays) {
                assertArrayEquals(values, a.toFloatArray());
            }
            float[] exactInHalf = {-3f, 0.25f, 1.5f, 1024f};
            NDArray half = OwnedArrays.of(manager, exactInHalf, new Shape(4), DataType.FLOAT16);
            assertEquals(DataType.FLOAT16, half.getDataType());
            assertArrayEquals(exactInHalf, half.toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    @Test
    void aModelsParametersHoldNoJavaBufferOnceCreatedOrRead() throws Exception {
        long size = 1 << 22;
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterSet written = new ParameterSet(manager, DataType.FLOAT32);
            written.glorotUniform("w", new Shape(size), 1000, 1000, 7);
            long created = directBytesAfterCollection();
            ParameterSet read = new ParameterSet(manager, DataType.FLOAT32);
            read.zeros("w", new Shape(size));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            written.write(bytes);
            read.read(new ByteArrayInputStream(bytes.toByteArray()));
            long held = directBytesAfterCollection() - created;
            assertTrue(held < size, "a loaded model holds " + held + " bytes of direct buffers");
            assertArrayEquals(written.get("w").toFloatArray(), read.get("w").toFloatArray());
            assertTrue(directBytesAfterCollection() < 4 * size, "nor does a created one");
        }
    }

    private static long directBytesAfterCollection() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
