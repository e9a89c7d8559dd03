package dev.podbench.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void issuesVerifiableRs256Jwt() throws Exception {
        LocalTokens tokens = LocalTokens.ephemeral();
        String jwt = tokens.issue("u-1", "alice", Set.of("user", "admin"), Duration.ofHours(1));
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);

        PublicKey key = LocalTokens.parsePublicKey(tokens.publicKeyBase64());
        assertTrue(verify(jwt, key));
        assertFalse(verify(jwt, LocalTokens.ephemeral().publicKey()), "other key does not verify");
        String tampered = parts[0] + "." + b64(dec(parts[1]).replace("alice", "mallory").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertFalse(verify(tampered, key));

        JsonNode header = JSON.readTree(dec(parts[0]));
        assertEquals("RS256", header.get("alg").asText());
        assertEquals("JWT", header.get("typ").asText());
        JsonNode claims = JSON.readTree(dec(parts[1]));
        assertEquals(LocalTokens.ISSUER, claims.get("iss").asText());
        assertEquals("podbench-local", claims.get("iss").asText());
        assertEquals("u-1", claims.get("sub").asText());
        assertEquals("alice", claims.get("preferred_username").asText());
        assertEquals(Set.of("user", "admin"), Set.of(claims.get("groups").get(0).asText(), claims.get("groups").get(1).asText()));
        long now = Instant.now().getEpochSecond();
        assertTrue(Math.abs(claims.get("iat").asLong() - now) < 5);
        assertEquals(3600, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertFalse(claims.get("jti").asText().isBlank());
        assertNotEquals(claims.get("jti").asText(),
                JSON.readTree(dec(tokens.issue("u-1", "alice", Set.of(), Duration.ofMinutes(1)).split("\\.")[1])).get("jti").asText());
        assertFalse(jwt.contains("=") || jwt.contains("+") || jwt.contains("/"), "base64url without padding");
    }

    @Test
    void persistsKeyPairWithPrivateFileMode0600(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("home");
        LocalTokens first = LocalTokens.loadOrCreate(dir);
        Path priv = dir.resolve(LocalTokens.PRIVATE_KEY_FILE);
        Path pub = dir.resolve(LocalTokens.PUBLIC_KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));

        LocalTokens second = LocalTokens.loadOrCreate(dir);
        assertEquals(first.publicKeyBase64(), second.publicKeyBase64());
        assertEquals(first.publicKeyBase64(), Base64.getEncoder().encodeToString(LocalTokens.parsePublicKey(Files.readString(pub)).getEncoded()));
        assertTrue(verify(second.issue("bob", "bob", Set.of("user"), Duration.ofMinutes(5)), first.publicKey()));

        assertEquals(Files.readString(priv), first.privateKeyPem());
        assertEquals(first.publicKeyBase64(), LocalTokens.fromPrivateKeyPem(first.privateKeyPem()).publicKeyBase64());

        Files.delete(pub); // recreated from the private key
        assertEquals(first.publicKeyBase64(), LocalTokens.loadOrCreate(dir).publicKeyBase64());
        assertTrue(Files.exists(pub));
    }

    static boolean verify(String jwt, PublicKey key) throws Exception {
        int lastDot = jwt.lastIndexOf('.');
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(key);
        s.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return s.verify(Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1)));
    }

    static String dec(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
