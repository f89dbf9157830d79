package org.uaespark.pipeline.store;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.hadoop.fs.Path;

/**
 * A stage ran out of space writing its output: the staged output has been deleted and nothing was published.
 * Raised in place of the file system's own error (Hadoop's local file system reports a full disk as an
 * {@code FSError}, Spark as a failed job), so the user reads which location filled up.
 */
public final class NoSpaceLeftException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private static final String ENOSPC = "No space left on device";

    NoSpaceLeftException(Path location, Throwable cause) {
        super("no space left on the file system of " + location + "; nothing was published, free space and run the "
                + "command again", cause instanceof IOException io ? io : new IOException(cause));
    }

    /** Whether a full disk (ENOSPC) is anywhere in {@code failure}'s causes or their messages. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoSpaceLeftException || (t.getMessage() != null && t.getMessage().contains(ENOSPC))) {
                return true;
            }
        }
        return false;
    }
}
