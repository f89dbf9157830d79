package org.uaespark.nativeenv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Returns the C heap's free memory to the kernel (glibc's {@code malloc_trim}). The launchers let glibc keep freed
 * blocks of up to 32 MiB in its arenas and trim an arena only beyond 256 MiB of free memory
 * ({@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_}: the conv MINE step's gradients stay resident
 * instead of being zero-filled afresh at every step), so up to that much per arena, and free chunks below an
 * arena's top that only {@code malloc_trim} releases, stayed resident between stages. Trimming when a task ends
 * keeps the speed inside the task and bounds what stays resident after it. A no-op where libc has no
 * {@code malloc_trim} (musl, macOS).
 */
public final class MallocTrim {
    private static final Logger LOG = LoggerFactory.getLogger(MallocTrim.class);
    private static final LibC LIBC = load();

    private MallocTrim() {
    }

    private static LibC load() {
        try {
            LibC libc = LibC.INSTANCE;
            libc.malloc_trim(0);
            return libc;
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("no malloc_trim in this libc: the C heap is not trimmed between tasks", e);
            return null;
        }
    }

    /** Trims every arena; returns whether memory was returned to the kernel (false without glibc). */
    public static boolean trim() {
        return LIBC != null && LIBC.malloc_trim(0) != 0;
    }
}
