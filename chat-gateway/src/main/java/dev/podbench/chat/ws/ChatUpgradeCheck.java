package dev.podbench.chat.ws;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.http.OriginPolicy;
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

    private final OriginPolicy origins;

    public ChatUpgradeCheck(ChatConfig config) {
        this.origins = new OriginPolicy(config.allowedOrigins());
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ChatEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (!origins.permits(origin)) {
            LOG.infof("chat refused: foreign origin %s", origin);
            return CheckResult.rejectUpgrade(403);
        }
        return context.securityIdentity().map(identity -> identity == null || identity.isAnonymous()
                ? CheckResult.rejectUpgradeSync(401)
                : CheckResult.permitUpgradeSync());
    }
}
