package dev.podbench.terminal.events;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.Surface;
import dev.podbench.events.kafka.EventEmitters;
import dev.podbench.events.pullrequest.GitHosts;
import dev.podbench.events.pullrequest.GitHostsConfig;
import dev.podbench.events.pullrequest.PullRequestDetector;
import dev.podbench.events.pullrequest.PullRequestLink;
import dev.podbench.events.pullrequest.PullRequestScanner;
import dev.podbench.events.session.ActivityThrottle;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.terminal.config.TerminalConfig;

/**
 * What the gateway tells the rest of Podbench: the user is active in a session (for the idle policy) and a
 * pull-request URL appeared in a terminal. Both are deduplicated here so a busy terminal cannot flood Kafka.
 */
@ApplicationScoped
public class SessionEventPublisher {

    static final String SOURCE = "/podbench/terminal-gateway";
    private static final Logger LOG = Logger.getLogger(SessionEventPublisher.class);
    /** URLs remembered per session; past that the memory starts again (consumers dedupe on session and URL too). */
    static final int MAX_REMEMBERED_URLS = 256;

    private final Emitter<CloudEvent<?>> activity;
    private final Emitter<CloudEvent<?>> pullRequests;
    private final ActivityThrottle activityThrottle;
    private final PullRequestDetector pullRequestDetector;
    private final int urlScanOverlap;
    private final Clock clock;
    private final ConcurrentMap<String, Set<String>> detected = new ConcurrentHashMap<>();

    public SessionEventPublisher(
            @Channel("activity") @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<CloudEvent<?>> activity,
            @Channel("pull-requests") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) Emitter<CloudEvent<?>> pullRequests,
            TerminalConfig config, GitHostsConfig gitHosts) {
        this.activity = activity;
        this.pullRequests = pullRequests;
        this.clock = Clock.systemUTC();
        this.activityThrottle = new ActivityThrottle(config.events().activityInterval(), clock);
        this.pullRequestDetector = new PullRequestDetector(GitHosts.from(gitHosts));
        this.urlScanOverlap = config.events().urlScanOverlap();
    }

    /** A scanner for the output of one terminal connection. */
    public PullRequestScanner pullRequestScanner() {
        return pullRequestDetector.scanner(urlScanOverlap);
    }

    /** The user did something in a terminal of the session; published at most once per interval per session. */
    public void activity(String sessionId) {
        activityThrottle.due(sessionId).ifPresent(
                now -> send(activity, CloudEvent.of(SOURCE, new SessionActivity(sessionId, Surface.TERMINAL, now))));
    }

    /** A pull-request URL appeared in the session's output; published once per URL per session (all its terminals). */
    public void pullRequest(String sessionId, PullRequestLink found) {
        Set<String> seen = detected.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet());
        if (seen.size() >= MAX_REMEMBERED_URLS) {
            seen.clear();
        }
        if (!seen.add(found.url())) {
            return;
        }
        LOG.infof("pull request detected in terminal: session=%s url=%s", sessionId, found.url());
        send(pullRequests, CloudEvent.of(SOURCE, found.detected(sessionId, Surface.TERMINAL, clock.instant())));
    }

    /** The session is over: nothing more will be published for it. */
    public void forget(String sessionId) {
        activityThrottle.forget(sessionId);
        detected.remove(sessionId);
    }

    /** Overflow or a channel that is down must never break a terminal: logged, never thrown. */
    private static void send(Emitter<CloudEvent<?>> emitter, CloudEvent<?> event) {
        EventEmitters.send(emitter, event).subscribe().with(ok -> {
        }, failure -> LOG.warnf("could not publish %s for session %s: %s", event.type(), event.subject(),
                failure.getMessage()));
    }
}
