package dev.podbench.testkit;

import dev.podbench.embedded.LocalTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Local-mode authentication for {@code @QuarkusTest}s: the service verifies RS256 tokens with one in-memory key
 * pair per test JVM; tests get tokens from {@link TestTokens}.
 *
 * <p>Returns {@code quarkus.oidc.public-key}, {@code quarkus.oidc.token.issuer=podbench-local} and
 * {@code quarkus.oidc.tenant-enabled=true}.
 */
public class TokenTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String KEY = "podbench-testkit.tokens.private-key";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.public-key", tokens().publicKeyBase64(),
                "quarkus.oidc.token.issuer", LocalTokens.ISSUER,
                "quarkus.oidc.tenant-enabled", "true");
    }

    @Override
    public void stop() {
    }

    /** This JVM's token issuer (the same key pair whichever class loader asks). */
    public static LocalTokens tokens() {
        return LocalTokens.fromPrivateKeyPem(JvmShared.get(KEY, () -> LocalTokens.ephemeral().privateKeyPem()));
    }
}
