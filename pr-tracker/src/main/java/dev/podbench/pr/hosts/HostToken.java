package dev.podbench.pr.hosts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Git host access token. Its {@link #toString()} never shows it, so it cannot leak through a log line, an
 * exception message or a config dump; only {@link #authorization()} reveals it, for the request header.
 */
public final class HostToken {

    private final String value;
    private final String fingerprint;

    private HostToken(String value) {
        this.value = value;
        this.fingerprint = sha256(value).substring(0, 16);
    }

    /** Used by SmallRye Config to convert the configured string. */
    public static HostToken of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a host token must not be blank");
        }
        return new HostToken(value.strip());
    }

    /** The {@code Authorization} header value. */
    public String authorization() {
        return "Bearer " + value;
    }

    /** A one-way digest that tells tokens apart (cache keys, lanes) without holding the token itself. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostToken token && token.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "HostToken[redacted]";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
