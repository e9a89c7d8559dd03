package dev.podbench.chat.ws;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.chat.config.ChatConfig;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Refuses a chat upgrade with a real HTTP status: 403 for a page of a foreign origin (the browser would send the
 * dashboard's cookie along: cross-site WebSocket hijacking), 401 without an identity. Owner and session state
 * are decided after the upgrade, as close codes a browser can read.
 */
@ApplicationScoped
public class ChatUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(ChatUpgradeCheck.class);

    private final Set<String> allowedOrigins;

    public ChatUpgradeCheck(ChatConfig config) {
        this.allowedOrigins = config.allowedOrigins().stream().map(ChatUpgradeCheck::origin)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ChatEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        // no Origin: not a browser page but a client holding a bearer token (or the web-ui's proxy)
        if (origin != null && !allowedOrigins.contains(origin(origin))) {
            LOG.infof("chat refused: foreign origin %s", origin);
            return CheckResult.rejectUpgrade(403);
        }
        return context.securityIdentity().map(identity -> identity == null || identity.isAnonymous()
                ? CheckResult.rejectUpgradeSync(401)
                : CheckResult.permitUpgradeSync());
    }

    /** scheme://host[:port], lower case, default ports dropped. */
    static String origin(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            URI uri = URI.create(v);
            if (uri.getScheme() != null && uri.getHost() != null) {
                int port = uri.getPort();
                boolean defaultPort = port == -1 || ("http".equals(uri.getScheme()) && port == 80)
                        || ("https".equals(uri.getScheme()) && port == 443);
                return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
            }
        } catch (IllegalArgumentException e) {
            // not a URI: compare verbatim
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }
}
