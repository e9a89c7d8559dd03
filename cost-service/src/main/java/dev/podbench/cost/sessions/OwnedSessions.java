package dev.podbench.cost.sessions;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.cost.config.CostConfig;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;
import dev.podbench.sessions.SessionDirectory;
import io.smallrye.mutiny.Uni;

/**
 * The owner check of the session APIs, from the shared session directory (libs/sessions): a session the caller
 * owns (or any, for an admin); an unknown session and someone else's fail alike with a 404, telling nobody
 * whether it exists.
 */
@ApplicationScoped
public class OwnedSessions {

    private final SessionDirectory directory;
    private final CostConfig config;

    public OwnedSessions(SessionDirectory directory, CostConfig config) {
        this.directory = directory;
        this.config = config;
    }

    public Uni<SessionSnapshot> find(Caller caller, String sessionId) {
        return directory.awaitVisible(sessionId, caller.name(), caller.admin(), config.query().sessionWait())
                .map(found -> found.orElseThrow(() -> ApiException.notFound("session", sessionId)));
    }
}
