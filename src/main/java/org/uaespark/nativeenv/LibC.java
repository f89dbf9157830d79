package org.uaespark.nativeenv;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The C library functions this package calls through JNA; bound on first call (malloc_trim is glibc's own). */
interface LibC extends Library {
    /** The process's C library. */
    LibC INSTANCE = Native.load("c", LibC.class);

    /** POSIX setenv. */
    int setenv(String name, String value, int overwrite);

    /** glibc's malloc_trim: returns free heap memory of every arena to the kernel. */
    int malloc_trim(long pad);
}
