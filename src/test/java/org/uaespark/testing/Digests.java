package org.uaespark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** SHA-256 of files, computed independently of the code under test. */
public final class Digests {
    private Digests() {
    }

    /** Hex SHA-256 of one file. */
    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** File name to SHA-256 of every {@code *.parquet} file in {@code dir}. */
    public static Map<String, String> parquetFiles(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .forEach(p -> out.put(p.getFileName().toString(), sha256(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Relative path to SHA-256 of every Parquet data file and model parameter file below {@code root}: the
     * outputs whose bytes a run promises (sidecars carry times and run ids).
     */
    public static Map<String, String> dataFilesUnder(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && (name.endsWith(".parquet") || name.endsWith(".ndlist"))) {
                    out.put(root.relativize(p).toString(), sha256(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
