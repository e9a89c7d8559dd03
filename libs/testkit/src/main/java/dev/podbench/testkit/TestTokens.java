package dev.podbench.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static dev.podbench.embedded.LocalTokens.ADMIN_GROUP;
import static dev.podbench.embedded.LocalTokens.USER_GROUP;

/**
 * Bearer tokens accepted by a service running with {@link TokenTestResource}. {@code sub} and
 * {@code preferred_username} are both the given user name; tokens live one hour.
 *
 * <pre>
 * given().auth().oauth2(TestTokens.bearer("alice")).get("/api/sessions")...
 * given().header("Authorization", TestTokens.authorization("root", true))...
 * </pre>
 */
public final class TestTokens {

    public static final Duration TTL = Duration.ofHours(1);

    /** A token of a regular user (groups: user). */
    public static String bearer(String username) {
        return token(username, Set.of(USER_GROUP), TTL);
    }

    /** A token of an administrator (groups: user, admin). */
    public static String admin(String username) {
        return token(username, Set.of(USER_GROUP, ADMIN_GROUP), TTL);
    }

    /** Any groups, any lifetime. */
    public static String token(String username, Set<String> groups, Duration ttl) {
        return TokenTestResource.tokens().issue(username, username, groups, ttl);
    }

    /** An expired token (exp one minute in the past), for 401 tests. */
    public static String expired(String username) {
        return TokenTestResource.tokens().issue(username, username, Set.of(USER_GROUP),
                Instant.now().minus(TTL).minusSeconds(60), TTL);
    }

    /** The {@code Authorization} header value: {@code "Bearer " + token}. */
    public static String authorization(String username, boolean admin) {
        return "Bearer " + (admin ? admin(username) : bearer(username));
    }

    private TestTokens() {
    }
}
