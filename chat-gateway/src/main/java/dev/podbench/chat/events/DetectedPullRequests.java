package dev.podbench.chat.events;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Which pull-request URLs a session has announced already (persisted: a gateway restart must not repeat them). */
@ApplicationScoped
public class DetectedPullRequests {

    /** True when the URL is new for the session (and is now recorded). Must run inside a transaction. */
    public Uni<Boolean> firstTime(String sessionId, String url) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into detected_pull_request (session_id, url, detected_at) values (?1, ?2, ?3) "
                        + "on conflict do nothing")
                .setParameter(1, sessionId).setParameter(2, url).setParameter(3, Instant.now())
                .executeUpdate()).map(rows -> rows > 0);
    }
}
