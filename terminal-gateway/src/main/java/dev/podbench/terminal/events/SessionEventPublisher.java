package dev.podbench.terminal.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.Surface;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.terminal.config.TerminalConfig;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * What the gateway tells the rest of Podbench: the user is active in a session (for the idle policy) and a
 * pull-request URL appeared in a terminal. Both are deduplicated here so a busy terminal cannot flood Kafka.
 */
@ApplicationScoped
public class SessionEventPublisher {

    static final String SOURCE = "/podbench/terminal-gateway";
    private static final Logger LOG = Logger.getLogger(SessionEventPublisher.class);

    private final Emitter<CloudEvent<?>> activity;
    private final Emitter<CloudEvent<?>> pullRequests;
    private final Duration activityInterval;
    private final Clock clock;
    private final ConcurrentMap<String, Instant> lastActivity = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<String>> detected = new ConcurrentHashMap<>();

    public SessionEventPublisher(
            @Channel("activity") @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<CloudEvent<?>> activity,
            @Channel("pull-requests") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) Emitter<CloudEvent<?>> pullRequests,
            TerminalConfig config) {
        this.activity = activity;
        this.pullRequests = pullRequests;
        this.activityInterval = config.events().activityInterval();
        this.clock = Clock.systemUTC();
    }

    /** The user did something in a terminal of the session; published at most once per interval per session. */
    public void activity(String sessionId) {
        Instant now = clock.instant();
        Instant previous = lastActivity.get(sessionId);
        if (previous != null && previous.plus(activityInterval).isAfter(now)) {
            return;
        }
        boolean won = previous == null ? lastActivity.putIfAbsent(sessionId, now) == null
                : lastActivity.replace(sessionId, previous, now);
        if (won) {
            send(activity, CloudEvent.of(SOURCE, new SessionActivity(sessionId, Surface.TERMINAL, now)));
        }
    }

    /** A pull-request URL appeared in the session's output; published once per URL per session. */
    public void pullRequest(String sessionId, PullRequestUrl found) {
        Set<String> seen = detected.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet());
        if (!seen.add(found.url())) {
            return;
        }
        LOG.infof("pull request detected in terminal: session=%s url=%s", sessionId, found.url());
        send(pullRequests, CloudEvent.of(SOURCE, new PullRequestDetected(sessionId, found.url(), found.provider(),
                found.host(), found.namespace(), found.repository(), found.number(), Surface.TERMINAL,
                clock.instant())));
    }

    /** The session is over: nothing more will be published for it. */
    public void forget(String sessionId) {
        lastActivity.remove(sessionId);
        detected.remove(sessionId);
    }

    private static void send(Emitter<CloudEvent<?>> emitter, CloudEvent<?> event) {
        Message<CloudEvent<?>> message = Message.<CloudEvent<?>> of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder().withKey(event.key()).build())
                .withNack(failure -> {
                    LOG.warnf("could not publish %s for session %s: %s", event.type(), event.subject(),
                            failure.getMessage());
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            // Overflow or a channel that is down must never break a terminal.
            LOG.warnf("could not publish %s for session %s: %s", event.type(), event.subject(), e.getMessage());
        }
    }
}
