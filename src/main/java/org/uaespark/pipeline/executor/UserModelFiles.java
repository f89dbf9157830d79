package org.uaespark.pipeline.executor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.apache.hadoop.fs.FileSystem;

import org.uaespark.data.InputValidationException;
import org.uaespark.pipeline.store.HadoopConf;

/**
 * JVM-local copies of users' TorchScript files: libtorch loads a model from a local file, and the file may sit on
 * HDFS or an object store. The driver copies a file once to learn its SHA-256 (the model's fingerprint) and to check
 * it loads; each executor JVM copies it once, and its copy's SHA-256 must be the one the driver planned with (a file
 * replaced in the meantime is another model, and fails the task). Copies are kept by digest, so in local mode the
 * executors reuse the driver's.
 */
public final class UserModelFiles {
    private static final Map<String, Path> COPIES = new HashMap<>();

    private UserModelFiles() {
    }

    /**
     * A local copy of a TorchScript file and its SHA-256.
     *
     * @param local  the copy, deleted when the JVM exits
     * @param sha256 the file's SHA-256, hex
     */
    public record Copy(Path local, String sha256) {
    }

    /**
     * Copies {@code path} to this JVM and keeps the copy for the executors of this JVM.
     *
     * @throws InputValidationException naming the path when there is no such file
     */
    public static synchronized Copy copy(String path, HadoopConf hadoop) {
        Copy copy = download(path, hadoop);
        Path kept = COPIES.get(copy.sha256());
        if (kept != null && Files.isRegularFile(kept)) {
            delete(copy.local()); // the same bytes are already here: one copy per digest
            return new Copy(kept, copy.sha256());
        }
        COPIES.put(copy.sha256(), copy.local());
        return copy;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** A local copy of {@code source}'s TorchScript file, whose SHA-256 is {@code source.fingerprint()}. */
    static synchronized Path local(ExecutorModels.Source source) {
        Path kept = COPIES.get(source.fingerprint());
        if (kept != null && Files.isRegularFile(kept)) {
            return kept;
        }
        Copy copy = download(source.dir(), source.hadoop());
        if (!copy.sha256().equals(source.fingerprint())) {
            throw new InputValidationException(source.dir() + " changed since the attack was planned: SHA-256 "
                    + copy.sha256() + ", planned " + source.fingerprint());
        }
        COPIES.put(copy.sha256(), copy.local());
        return copy.local();
    }

    private static Copy download(String path, HadoopConf hadoop) {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = remote.getFileSystem(hadoop.get());
            if (!fs.isFile(remote)) {
                throw new InputValidationException(remote + ": no such TorchScript file"
                        + (fs.exists(remote) ? " (it is a folder)" : ""));
            }
            Path local = Files.createTempFile("uae-user-model-", ".pt");
            local.toFile().deleteOnExit();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = fs.open(remote);
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(local), sha)) {
                in.transferTo(out);
            }
            return new Copy(local, HexFormat.of().formatHex(sha.digest()));
        } catch (FileNotFoundException e) {
            throw new InputValidationException(remote + ": no such TorchScript file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + remote + " to this machine", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
