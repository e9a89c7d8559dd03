package dev.podbench.session.sessions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.session.SessionCreated;
import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionFailed;
import dev.podbench.events.session.SessionIdleWarning;
import dev.podbench.events.session.SessionStarted;

/**
 * One entry of a session's timeline, as the dashboard's Activity tab shows it: what happened ({@code kind}), when,
 * who did it ({@code by}: the owner, "idle policy", "administrator"; absent when Podbench itself did it) and the
 * few facts that go with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionTimeline(String kind, Instant at, String by, Map<String, String> detail) {

    /** The entry a lifecycle event stands for; other events (activity, snapshots) have none. */
    static Optional<SessionTimeline> of(CloudEvent<?> event) {
        Object data = event.data();
        if (data instanceof SessionCreated c) {
            return entry("created", c.createdAt(), c.owner(), "branch", c.branch(), "baseRef", c.baseRef());
        }
        if (data instanceof SessionStarted s) {
            return entry("started", s.startedAt(), null, "branch", s.branch(), "pod", s.pod());
        }
        if (data instanceof SessionIdleWarning w) {
            return entry("idle-warning", event.time(), null, "idleSince", String.valueOf(w.idleSince()),
                    "endsAt", String.valueOf(w.endsAt()));
        }
        if (data instanceof SessionEnded e) {
            String by = e.reason() == SessionEndReason.IDLE ? "idle policy"
                    : e.reason() == SessionEndReason.ADMIN ? "administrator" : e.owner();
            return entry("ended", e.endedAt(), by, "reason", e.reason().value(), null, null);
        }
        if (data instanceof SessionFailed f) {
            return entry("failed", f.failedAt(), null, "reason", f.reason(), null, null);
        }
        return Optional.empty();
    }

    private static Optional<SessionTimeline> entry(String kind, Instant at, String by, String key1, String value1,
            String key2, String value2) {
        Map<String, String> detail = new LinkedHashMap<>();
        if (value1 != null) {
            detail.put(key1, value1);
        }
        if (key2 != null && value2 != null) {
            detail.put(key2, value2);
        }
        return Optional.of(new SessionTimeline(kind, at, by, detail));
    }
}
