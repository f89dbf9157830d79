package org.uaespark.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for tests, independently of the reader under test. */
public final class IdxFiles {
    private IdxFiles() {
    }

    /** The bytes of an IDX file: magic {@code 0x0000 type ndim}, big-endian dims, payload. */
    public static byte[] bytes(int type, int[] dims, byte[] payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt((type << 8) | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code content} to {@code file}, gzipped when {@code gzip}. */
    public static Path write(Path file, byte[] content, boolean gzip) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
                out.write(content);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An unsigned-byte image file of {@code count} images of {@code h×w}; pixel (i, j) = (i·31 + j·7) mod 256. */
    public static Path images(Path file, int count, int h, int w, boolean gzip) {
        return write(file, bytes(0x08, new int[] {count, h, w}, pixels(count, h * w)), gzip);
    }

    /** A label file; label i = i mod classes. */
    public static Path labels(Path file, int count, int classes, boolean gzip) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % classes);
        }
        return write(file, bytes(0x08, new int[] {count}, labels), gzip);
    }

    /** The raw pixel value of image {@code i}, flattened position {@code j}, in {@link #images}. */
    public static int pixel(int i, int j) {
        return (i * 31 + j * 7) % 256;
    }

    private static byte[] pixels(int count, int size) {
        byte[] data = new byte[count * size];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < size; j++) {
                data[i * size + j] = (byte) pixel(i, j);
            }
        }
        return data;
    }
}
