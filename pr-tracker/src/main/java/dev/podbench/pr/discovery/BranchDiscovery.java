package dev.podbench.pr.discovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.podbench.events.pullrequest.PullRequestDetector;
import dev.podbench.events.pullrequest.PullRequestLink;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.pr.PrTrackerConfig;
import dev.podbench.pr.hosts.ApiHosts;
import dev.podbench.pr.hosts.HostClients;
import dev.podbench.pr.hosts.HostFailure;
import dev.podbench.pr.tracking.PullRequestStore;
import dev.podbench.pr.tracking.PullRequestTracker;
import dev.podbench.sessions.SessionDirectory;
import dev.podbench.sessions.SessionFinished;

/**
 * Finds the pull requests of an active session's branch that nobody printed (opened in another browser tab, by
 * {@code git push -o merge_request.create}, ...): neither the terminal nor the agent can say when the branch is
 * pushed, so the host is asked on a gentle schedule while the session is active (every {@code early-every} in its first
 * {@code early-for}, then every {@code every}) and once more when it ends. The requests are conditional and go
 * through the same per-token lanes as every read: an unchanged list is a 304, which costs no rate limit.
 */
@ApplicationScoped
public class BranchDiscovery {

    private static final Logger LOG = Logger.getLogger(BranchDiscovery.class);

    private final SessionDirectory sessions;
    private final ApiHosts hosts;
    private final HostClients clients;
    private final PullRequestDetector detector;
    private final PullRequestStore store;
    private final PullRequestTracker tracker;
    private final Clock clock;
    private final PrTrackerConfig.Discovery schedule;
    private final int batch;
    /** The active sessions being watched, by id; a session leaves when it is no longer active. */
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public BranchDiscovery(SessionDirectory sessions, ApiHosts hosts, HostClients clients, PullRequestDetector detector,
            PullRequestStore store, PullRequestTracker tracker, Clock clock, PrTrackerConfig config) {
        this.sessions = sessions;
        this.hosts = hosts;
        this.clients = clients;
        this.detector = detector;
        this.store = store;
        this.tracker = tracker;
        this.clock = clock;
        this.schedule = config.discovery();
        this.batch = config.poll().batch();
    }

    private record Watch(Instant since, Instant next, boolean looking) {
    }

    @Scheduled(every = "${podbench.pr.poll.tick}", delayed = "${podbench.pr.poll.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void lookAtDueBranches() {
        Instant now = clock.instant();
        List<SessionSnapshot> active = sessions.matching(s -> s.state() == SessionState.ACTIVE && s.cloneUrl() != null);
        watches.keySet().retainAll(active.stream().map(SessionSnapshot::sessionId).collect(Collectors.toSet()));
        for (SessionSnapshot session : active) {
            if (inFlight.get() >= batch) {
                return;
            }
            Watch watch = watches.computeIfAbsent(session.sessionId(), id -> new Watch(now, now, false));
            if (!watch.looking() && !watch.next().isAfter(now)
                    && watches.replace(session.sessionId(), watch, new Watch(watch.since(), watch.next(), true))) {
                look(session).subscribe().with(retryAt -> looked(session.sessionId(), retryAt),
                        failure -> looked(session.sessionId(), Optional.empty()));
            }
        }
    }

    /** A session that ended is looked at once more: its branch may have been pushed at the very end. */
    void onSessionFinished(@Observes SessionFinished finished) {
        if (watches.remove(finished.sessionId()) == null) {
            return;
        }
        sessions.find(finished.sessionId()).filter(s -> s.cloneUrl() != null)
                .ifPresent(session -> look(session).subscribe().with(retryAt -> { }, failure -> { }));
    }

    private void looked(String sessionId, Optional<Instant> retryAt) {
        Instant now = clock.instant();
        watches.computeIfPresent(sessionId, (id, watch) -> {
            Duration every = now.isBefore(watch.since().plus(schedule.earlyFor())) ? schedule.earlyEvery() : schedule.every();
            Instant next = now.plus(every);
            return new Watch(watch.since(), retryAt.filter(next::isBefore).orElse(next), false);
        });
    }

    /** Asks the host for the branch's pull requests and tracks the new ones; completes with when to ask again at the earliest. */
    Uni<Optional<Instant>> look(SessionSnapshot session) {
        Optional<RepositoryLocator.Located> located = RepositoryLocator.locate(session.cloneUrl(), hosts.all());
        if (located.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        inFlight.incrementAndGet();
        return clients.pullRequestsOf(located.get().host(), located.get().repository(), session.branch())
                .chain(urls -> track(session.sessionId(), urls))
                .replaceWith(Optional.<Instant>empty())
                .onFailure(HostFailure.class).recoverWithItem(failure -> ((HostFailure) failure).retryAt())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("looking for the pull requests of session %s's branch failed: %s", session.sessionId(), failure);
                    return Optional.empty();
                })
                .onTermination().invoke(inFlight::decrementAndGet);
    }

    private Uni<Void> track(String sessionId, List<String> urls) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String url : urls) {
            Optional<PullRequestLink> link = detector.find(url).stream().findFirst();
            if (link.isEmpty()) {
                continue; // a web URL on no configured host: nothing pr-tracker could read
            }
            all = all.chain(() -> store.recordFound(sessionId, link.get(), clock.instant())
                    .invoke(created -> created.ifPresent(id -> tracker.refreshNow(id).subscribe().with(
                            done -> { }, failure -> LOG.warnf("first read of pull request %d failed: %s", id, failure))))
                    .replaceWithVoid());
        }
        return all;
    }
}
