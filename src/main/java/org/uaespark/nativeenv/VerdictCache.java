package org.uaespark.nativeenv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Verdicts on disk, one file per {@link #key}: {@code verdict-KEY.json} in {@code $UAE_NATIVE_CACHE}, else
 * {@code ~/.cache/uae-spark/native}, else (no writable home, as in some cluster containers) the temporary
 * directory. JVMs of one machine that need a verdict at once (executors starting together) take a file lock, so
 * one probes and the others read what it wrote; the file is written whole or not at all.
 */
public final class VerdictCache {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path dir;

    /** The cache in {@code dir}. */
    public VerdictCache(Path dir) {
        this.dir = dir;
    }

    /** The cache this machine's JVMs share (see the class comment). */
    public static VerdictCache shared() {
        String configured = System.getenv("UAE_NATIVE_CACHE");
        if (configured != null && !configured.isBlank()) {
            return new VerdictCache(Path.of(configured));
        }
        Path home = Path.of(System.getProperty("user.home"), ".cache", "uae-spark", "native");
        try {
            Files.createDirectories(home);
            if (Files.isWritable(home)) {
                return new VerdictCache(home);
            }
        } catch (IOException | SecurityException e) {
            // no usable home: the temporary directory below
        }
        return new VerdictCache(Path.of(System.getProperty("java.io.tmpdir"),
                "uae-spark-native-" + System.getProperty("user.name")));
    }

    /** The file of verdict {@code key}. */
    public Path file(String key) {
        return dir.resolve("verdict-" + key + ".json");
    }

    /** The verdict stored for {@code key}, if any (an unreadable file counts as none). */
    public Optional<NativeVerdict> read(String key) {
        Path file = file(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            NativeVerdict verdict = MAPPER.readValue(file.toFile(), NativeVerdict.class);
            return key.equals(verdict.key()) ? Optional.of(verdict) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The stored verdict for {@code key}, or the one {@code diagnose} makes, stored, under the cache's lock; with
     * {@code refresh} a stored verdict is replaced.
     */
    public NativeVerdict getOrCreate(String key, boolean refresh, Supplier<NativeVerdict> diagnose) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve("verdict-" + key + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                Optional<NativeVerdict> stored = refresh ? Optional.empty() : read(key);
                if (stored.isPresent()) {
                    return stored.get();
                }
                NativeVerdict made = diagnose.get();
                write(made);
                return made;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("native settings cache " + dir + ": " + e.getMessage(), e);
        }
    }

    private void write(NativeVerdict verdict) throws IOException {
        Path target = file(verdict.key());
        Path temporary = Files.createTempFile(dir, "verdict-", ".tmp");
        try {
            Files.write(temporary, MAPPER.writeValueAsBytes(verdict));
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * What a verdict holds for: the processor (vendor, model, flags), the libtorch build in the jar, DJL's version
     * and the probes' version, as 16 hex digits of their SHA-256.
     */
    public static String key(CpuInfo cpu) {
        String text = String.join("\n", cpu.vendor(), cpu.model(), String.join(" ", new java.util.TreeSet<>(cpu.flags())),
                libtorchVersion(), ai.djl.engine.Engine.getDjlVersion(), Integer.toString(Doctor.PROBE_VERSION));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The version and flavour of the libtorch the jar carries ({@code native/lib/pytorch.properties}). */
    static String libtorchVersion() {
        try (InputStream in = VerdictCache.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return "libtorch unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "?") + " " + p.getProperty("flavor", "?");
        } catch (IOException e) {
            return "libtorch unreadable";
        }
    }
}
