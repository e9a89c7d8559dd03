package dev.podbench.terminal.ws;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.http.OriginPolicy;
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

    private final OriginPolicy origins;
    private final TerminalMetrics metrics;

    public TerminalUpgradeCheck(TerminalConfig config, TerminalMetrics metrics) {
        this.origins = new OriginPolicy(config.allowedOrigins());
        this.metrics = metrics;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return TerminalEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (!origins.permits(origin)) {
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
}
