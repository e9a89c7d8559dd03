package dev.podbench.web.updates;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.sessions.SessionDirectory;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * What the SSE streams need: a session's current snapshot, for its owner (or an admin) only, from the session
 * directory (the compacted {@code podbench.sessions} topic, replayed at every start), and a hot stream of every
 * update as it arrives.
 */
@ApplicationScoped
public class UpdatesHub {

    private final SessionDirectory directory;
    private final BroadcastProcessor<SessionUpdate> live = BroadcastProcessor.create();

    public UpdatesHub(SessionDirectory directory) {
        this.directory = directory;
    }

    void publish(SessionUpdate update) {
        live.onNext(update);
    }

    /**
     * The {@code session} event of the session's current snapshot, if {@code caller} may watch it, waiting up to
     * {@code wait} for one not known yet (just created, or Kafka still replaying).
     */
    public Uni<Optional<SessionUpdate>> awaitVisible(String sessionId, String caller, boolean admin, Duration wait) {
        return directory.awaitVisible(sessionId, caller, admin, wait).map(found -> found.map(SessionUpdate::of));
    }

    /** Every update of one session from now on. */
    public Multi<SessionUpdate> updates(String sessionId) {
        return live.filter(u -> u.sessionId().equals(sessionId));
    }
}
