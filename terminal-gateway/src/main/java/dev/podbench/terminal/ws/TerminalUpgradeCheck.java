package dev.podbench.terminal.ws;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.terminal.config.TerminalConfig;
import dev.podbench.terminal.metrics.TerminalMetrics;
import dev.podbench.terminal.metrics.TerminalMetrics.FailureReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Refuses an upgrade with a real HTTP status before any WebSocket exists: 403 for a browser page from a foreign
 * origin (cross-site WebSocket hijacking with the dashboard's cookie), 401 without an authenticated identity.
 * Decisions that need the session (owner, state) come after the upgrade as close codes, because a browser
 * cannot read the status of a refused upgrade and the dashboard must tell "not yours" from "ended".
 */
@ApplicationScoped
public class TerminalUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(TerminalUpgradeCheck.class);

    private final Set<String> allowedOrigins;
    private final TerminalMetrics metrics;

    public TerminalUpgradeCheck(TerminalConfig config, TerminalMetrics metrics) {
        this.allowedOrigins = config.allowedOrigins().stream().map(TerminalUpgradeCheck::normalize)
                .collect(Collectors.toUnmodifiableSet());
        this.metrics = metrics;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TerminalEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        // No Origin: not a browser page (a CLI or the web-ui's server-side proxy with a bearer token).
        if (origin != null && !allowedOrigins.contains(normalize(origin))) {
            metrics.connectFailed(FailureReason.FORBIDDEN_ORIGIN);
            LOG.infof("terminal refused: reason=%s path=%s", FailureReason.FORBIDDEN_ORIGIN,
                    context.httpRequest().path());
            return CheckResult.rejectUpgrade(403);
        }
        return context.securityIdentity().map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                metrics.connectFailed(FailureReason.UNAUTHENTICATED);
                LOG.infof("terminal refused: reason=%s path=%s", FailureReason.UNAUTHENTICATED,
                        context.httpRequest().path());
                return CheckResult.rejectUpgradeSync(401);
            }
            return CheckResult.permitUpgradeSync();
        });
    }

    static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() != null && uri.getHost() != null) {
                int port = uri.getPort();
                boolean defaultPort = port == -1 || ("http".equals(uri.getScheme()) && port == 80)
                        || ("https".equals(uri.getScheme()) && port == 443);
                return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
            }
        } catch (IllegalArgumentException e) {
            // not a URI: compare as given
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
