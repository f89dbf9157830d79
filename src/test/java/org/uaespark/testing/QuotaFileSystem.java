package org.uaespark.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FullDisk;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code quota:}, with a byte budget shared by every writer in the JVM: once
 * it is spent, writes fail as a full local disk does in Hadoop ({@code FSError} wrapping "No space left on
 * device"). The test Spark session registers it ({@link SparkTestSession}); set the budget with {@link #allow(long)}.
 */
public final class QuotaFileSystem extends RawLocalFileSystem {
    private static final AtomicLong REMAINING = new AtomicLong(Long.MAX_VALUE);

    /** From now on, at most {@code bytes} more bytes can be written (all writers together). */
    public static void allow(long bytes) {
        REMAINING.set(bytes);
    }

    /** Lifts the budget. */
    public static void unlimited() {
        REMAINING.set(Long.MAX_VALUE);
    }

    @Override
    public URI getUri() {
        return URI.create("quota:///");
    }

    @Override
    public String getScheme() {
        return "quota";
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        return limited(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
            Progressable progress) throws IOException {
        return limited(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        return limited(super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream limited(FSDataOutputStream out) throws IOException {
        OutputStream quota = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                spend(1);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                spend(len);
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
        return new FSDataOutputStream(quota, null);
    }

    private static void spend(long bytes) {
        if (REMAINING.addAndGet(-bytes) < 0) {
            throw FullDisk.error();
        }
    }
}
