package org.uaespark.pipeline.executor;

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

/**
 * Executor-local copies of users' TorchScript files: libtorch loads a model from a local file, and the file may sit
 * on HDFS or an object store. Each file is copied once per JVM, and the copy's SHA-256 must be the one the driver
 * planned with (a file replaced in the meantime is another model, and fails the task).
 */
final class UserModelFiles {
    private static final Map<String, Path> COPIES = new HashMap<>();

    private UserModelFiles() {
    }

    /** A local copy of {@code source}'s TorchScript file, whose SHA-256 is {@code source.fingerprint()}. */
    static synchronized Path local(ExecutorModels.Source source) {
        Path copy = COPIES.get(source.fingerprint());
        if (copy != null && Files.isRegularFile(copy)) {
            return copy;
        }
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(source.dir());
        try {
            Path local = Files.createTempFile("uae-user-model-", ".pt");
            local.toFile().deleteOnExit();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            FileSystem fs = remote.getFileSystem(source.hadoop().get());
            try (InputStream in = fs.open(remote); OutputStream out = new DigestOutputStream(Files.newOutputStream(local), sha)) {
                in.transferTo(out);
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            if (!digest.equals(source.fingerprint())) {
                throw new InputValidationException(remote + " changed since the attack was planned: SHA-256 " + digest
                        + ", planned " + source.fingerprint());
            }
            COPIES.put(source.fingerprint(), local);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + remote + " to the executor", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
