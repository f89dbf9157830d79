package org.uaespark.pipeline.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;

/** SHA-256 of a value's canonical JSON (sorted keys): how stages fingerprint what determines an output. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** Hex SHA-256 of {@code value} rendered by {@link Json#mapper()}. */
    public static String of(Object value) {
        try {
            byte[] canonical = Json.mapper().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint " + value, e);
        }
    }
}
