package dev.podbench.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Access tokens for local (one-machine) mode: RS256-signed JWTs that every service validates with
 * {@code quarkus.oidc.public-key=<publicKeyBase64()>} and {@code quarkus.oidc.token.issuer=podbench-local},
 * without any OIDC server.
 *
 * <p>Claims: {@code iss}, {@code sub}, {@code preferred_username}, {@code groups} (quarkus-oidc reads roles from
 * {@code groups} by default), {@code iat}, {@code exp}, {@code jti}.
 */
public final class LocalTokens {

    public static final String ISSUER = "podbench-local";
    /** Group (role) of every local user. */
    public static final String USER_GROUP = "user";
    /** Group (role) of administrators. */
    public static final String ADMIN_GROUP = "admin";

    /** PKCS#8 PEM ("PRIVATE KEY"), mode 0600. */
    public static final String PRIVATE_KEY_FILE = "token-signing-key.pem";
    /** X.509 SubjectPublicKeyInfo PEM ("PUBLIC KEY"). */
    public static final String PUBLIC_KEY_FILE = "token-signing-key.pub.pem";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64URL.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final KeyPair keyPair;

    private LocalTokens(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    /** Uses the key pair in {@code dir}, creating it (and the directory, mode 0700) on first use. */
    public static LocalTokens loadOrCreate(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                createPrivateDirectory(dir);
            }
            // serialise concurrent first starts (two processes must not generate two keys)
            try (FileChannel ch = FileChannel.open(dir.resolve(".token-signing-key.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
                Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
                KeyPair pair;
                if (Files.exists(privateFile)) {
                    pair = keyPairOf(readPrivateKey(privateFile));
                } else {
                    pair = generate();
                    writeAtomically(privateFile, new LocalTokens(pair).privateKeyPem(), true);
                }
                String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
                if (!Files.exists(publicFile) || !Files.readString(publicFile).equals(publicPem)) {
                    writeAtomically(publicFile, publicPem, false);
                }
                return new LocalTokens(pair);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bad token signing key in " + dir, e);
        }
    }

    /** A fresh in-memory key pair (tests). */
    public static LocalTokens ephemeral() {
        return new LocalTokens(generate());
    }

    /** Wraps an existing RSA key pair. */
    public static LocalTokens of(KeyPair keyPair) {
        if (!(keyPair.getPublic() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("RSA key pair required");
        }
        return new LocalTokens(keyPair);
    }

    /** The inverse of {@link #privateKeyPem()}: the public key is derived from the private one. */
    public static LocalTokens fromPrivateKeyPem(String pkcs8Pem) {
        try {
            byte[] der = unpem(pkcs8Pem, "PRIVATE KEY");
            return new LocalTokens(keyPairOf(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA PKCS#8 private key", e);
        }
    }

    /**
     * Issues a compact RS256 JWT.
     *
     * @param subject           {@code sub}: the stable user id
     * @param preferredUsername {@code preferred_username}: what quarkus-oidc uses as the principal name
     * @param groups            {@code groups}: the roles
     * @param ttl               lifetime ({@code exp - iat})
     */
    public String issue(String subject, String preferredUsername, Set<String> groups, Duration ttl) {
        return issue(subject, preferredUsername, groups, Instant.now(), ttl);
    }

    /** As {@link #issue(String, String, Set, Duration)} with an explicit {@code iat} (e.g. expired tokens in tests). */
    public String issue(String subject, String preferredUsername, Set<String> groups, Instant issuedAt, Duration ttl) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(preferredUsername, "preferredUsername");
        Objects.requireNonNull(groups, "groups");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        long now = issuedAt.getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("preferred_username", preferredUsername);
        claims.put("groups", List.copyOf(new TreeSet<>(groups)));
        claims.put("iat", now);
        claims.put("exp", now + Math.max(1, ttl.toSeconds()));
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String signingInput = HEADER + "." + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keyPair.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rs256.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("could not sign token", e);
        }
    }

    /** The public key as base64 (standard alphabet, no PEM armour) of its X.509 SubjectPublicKeyInfo DER. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded());
    }

    /** The signing key as PKCS#8 PEM, the content of {@link #PRIVATE_KEY_FILE}. */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    // --- keys ------------------------------------------------------------------------------------------

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        byte[] der = unpem(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static KeyPair keyPairOf(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("not an RSA CRT private key");
        }
        PublicKey pub = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        return new KeyPair(pub, key);
    }

    /** Parses a public key PEM or bare base64 DER (tests and tools). */
    public static PublicKey parsePublicKey(String pemOrBase64) {
        try {
            byte[] der = pemOrBase64.contains("-----BEGIN") ? unpem(pemOrBase64, "PUBLIC KEY")
                    : Base64.getMimeDecoder().decode(pemOrBase64);
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static byte[] unpem(String pem, String type) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new GeneralSecurityException("no " + type + " PEM block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    }

    // --- files -----------------------------------------------------------------------------------------

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // created concurrently
            }
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        if (posix(dir)) {
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--");
            tmp = Files.createTempFile(dir, ".tmp-", ".pem", PosixFilePermissions.asFileAttribute(perms));
            Files.setPosixFilePermissions(tmp, perms); // createTempFile's attribute is subject to the umask
        } else {
            tmp = Files.createTempFile(dir, ".tmp-", ".pem");
        }
        try {
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
