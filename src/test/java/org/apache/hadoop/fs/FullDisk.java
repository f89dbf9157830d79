package org.apache.hadoop.fs;

import java.io.IOException;

/**
 * Test helper in Hadoop's package, whose {@link FSError} constructor is package-private: the error Hadoop's local
 * file system throws when the disk is full.
 */
public final class FullDisk {
    private FullDisk() {
    }

    /** What {@code RawLocalFileSystem} throws on ENOSPC. */
    public static FSError error() {
        return new FSError(new IOException("No space left on device"));
    }
}
