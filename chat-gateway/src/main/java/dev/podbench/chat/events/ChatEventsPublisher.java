package dev.podbench.chat.events;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.Surface;
import dev.podbench.events.kafka.EventEmitters;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.session.ActivityThrottle;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.events.usage.UsageRecorded;
import io.smallrye.mutiny.Uni;

/** What the chat tells the rest of Podbench: usage (cost), pull requests seen, and that the user is active. */
@ApplicationScoped
public class ChatEventsPublisher {

    public static final String SOURCE = "/podbench/chat-gateway";
    private static final Logger LOG = Logger.getLogger(ChatEventsPublisher.class);

    private final Emitter<CloudEvent<?>> usage;
    private final Emitter<CloudEvent<?>> pullRequests;
    private final Emitter<CloudEvent<?>> activity;
    private final ActivityThrottle activityThrottle;

    public ChatEventsPublisher(
            @Channel("usage") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) Emitter<CloudEvent<?>> usage,
            @Channel("pull-requests") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) Emitter<CloudEvent<?>> pullRequests,
            @Channel("activity") @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<CloudEvent<?>> activity,
            ChatConfig config) {
        this.usage = usage;
        this.pullRequests = pullRequests;
        this.activity = activity;
        this.activityThrottle = new ActivityThrottle(config.activityInterval(), Clock.systemUTC());
    }

    /** Completes once Kafka acknowledged the event; the id is the usage record's, so a resend is deduplicated. */
    public Uni<Void> usage(String eventId, UsageRecorded recorded) {
        return EventEmitters.send(usage, CloudEvent.of(SOURCE, recorded).withId(eventId));
    }

    public Uni<Void> pullRequest(PullRequestDetected detected) {
        LOG.infof("pull request detected in chat: session=%s url=%s", detected.sessionId(), detected.url());
        return EventEmitters.send(pullRequests, CloudEvent.of(SOURCE, detected));
    }

    /** The user did something in the chat: published at most once per interval per session (idle policy). */
    public void activity(String sessionId) {
        activityThrottle.due(sessionId).ifPresent(now -> EventEmitters.send(activity,
                CloudEvent.of(SOURCE, new SessionActivity(sessionId, Surface.CHAT, now)))
                .subscribe().with(ok -> {
                }, e -> LOG.debugf("activity for %s not published: %s", sessionId, e.getMessage())));
    }

    public void forget(String sessionId) {
        activityThrottle.forget(sessionId);
    }
}
