package org.uaespark.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens local input files for the driver-side readers, transparently un-gzipping by magic bytes (not by name). */
public final class InputFiles {
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private InputFiles() {
    }

    /**
     * Opens {@code file} for reading, decompressing it when it starts with the gzip magic bytes.
     *
     * @throws InputValidationException when the file is missing, not a regular file, unreadable or empty
     */
    public static InputStream open(Path file) {
        if (!Files.exists(file)) {
            throw InputValidationException.inFile(file, "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw InputValidationException.inFile(file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw InputValidationException.inFile(file, "file is not readable");
        }
        try {
            if (Files.size(file) == 0) {
                throw InputValidationException.inFile(file, "file is empty");
            }
            BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1) {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return in;
        } catch (IOException e) {
            throw new InputValidationException(file + ": cannot open: " + e.getMessage(), e);
        }
    }
}
