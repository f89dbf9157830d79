package org.uaespark.nativeenv;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Freed tensors that glibc keeps under the launchers' thresholds (blocks below 32 MiB from the arenas, no trim
 * below 256 MiB free) stay resident until {@link MallocTrim#trim} returns them.
 */
class MallocTrimTest {
    private static final long MIB = 1 << 20;

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void freedTensorsLeaveResidentMemoryOnlyAfterATrim() throws IOException {
        assumeTrue("33554432".equals(System.getenv("MALLOC_MMAP_THRESHOLD_"))
                && "268435456".equals(System.getenv("MALLOC_TRIM_THRESHOLD_")), "the launchers' glibc settings");
        MallocTrim.trim();
        long before = residentBytes();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> blocks = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                blocks.add(manager.ones(new Shape(MIB), DataType.FLOAT32));
            }
            blocks.forEach(NDArray::close);
        }
        long kept = residentBytes() - before;
        assertTrue(kept > 100 * MIB, "glibc keeps the 192 MiB freed, below its trim threshold: " + kept / MIB + " MiB");
        assertTrue(MallocTrim.trim(), "memory went back to the kernel");
        long after = residentBytes() - before;
        assertTrue(after < kept - 100 * MIB, "trimmed: " + kept / MIB + " MiB resident before, " + after / MIB + " after");
    }
}
