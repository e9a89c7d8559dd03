package dev.podbench.pr.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.podbench.pr.hosts.ApiHost;
import dev.podbench.pr.hosts.ApiHosts;
import dev.podbench.pr.hosts.HostClients;
import dev.podbench.pr.hosts.HostFailure;
import dev.podbench.pr.poll.PollPolicy;
import dev.podbench.pr.status.CheckState;
import dev.podbench.pr.status.PullRequestStatus;

/**
 * Reads a tracked pull request from its Git host, stores what it learned and when to ask again, and announces a
 * change ({@code pull-request.updated.v1}) only when the host's answer differs from the stored one.
 */
@ApplicationScoped
public class PullRequestTracker {

    private static final Logger LOG = Logger.getLogger(PullRequestTracker.class);
    /** How long a claimed row is left alone: longer than a read can take (requests wait in their token's lane). */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** When a change whose event could not be published is read (and announced) again. */
    static final Duration REPUBLISH_AFTER = Duration.ofSeconds(10);

    private final ApiHosts hosts;
    private final HostClients clients;
    private final PullRequestStore store;
    private final UpdatePublisher publisher;
    private final PollPolicy policy;
    private final Clock clock;

    public PullRequestTracker(ApiHosts hosts, HostClients clients, PullRequestStore store, UpdatePublisher publisher,
            PollPolicy policy, Clock clock) {
        this.hosts = hosts;
        this.clients = clients;
        this.store = store;
        this.publisher = publisher;
        this.policy = policy;
        this.clock = clock;
    }

    /** Reads a newly detected PR now, if no other reader has claimed it. */
    public Uni<Void> refreshNow(long id) {
        Instant now = clock.instant();
        return store.claim(id, now, now.plus(LEASE))
                .chain(row -> row.map(this::refresh).orElse(Uni.createFrom().voidItem()));
    }

    public Uni<Void> refresh(TrackedPullRequest pr) {
        Optional<ApiHost> host = hosts.forUrl(pr.url());
        if (host.isEmpty() || host.get().provider() != pr.provider()) {
            return failed(pr, HostFailure.of(HostFailure.Reason.NOT_CONFIGURED), false);
        }
        return clients.read(host.get(), pr.ref())
                .chain(status -> read(pr, status))
                .onFailure(HostFailure.class).recoverWithUni(failure -> failed(pr, (HostFailure) failure, true))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("pull request %d (%s): %s", pr.id(), pr.url(), failure.toString());
                    return failed(pr, new HostFailure(HostFailure.Reason.UNREADABLE, Optional.empty(), null), true);
                });
    }

    private Uni<Void> read(TrackedPullRequest pr, PullRequestStatus status) {
        Instant now = clock.instant();
        boolean changed = !Objects.equals(pr.status(), status);
        Instant changedAt = changed ? now : pr.changedAt();
        Optional<Instant> next = policy.nextAfterRead(new PollPolicy.Facts(pr.trackedAt(), changedAt, status.finished(),
                status.checks().state(), status.mergeable(), pr.sessionEndedAt()));
        if (!changed) {
            return store.saveRead(pr.id(), status, now, changedAt, next);
        }
        // Announce first, store after: once stored, the next read sees no change, so an event lost after the store
        // would never go out. A failed publication leaves the old answer stored and asks again soon; a failed store
        // after a publication at worst announces the same change twice.
        return publisher.changed(pr, status, now).replaceWith(true)
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("pull request %d (%s): its update could not be published, read again in %s: %s", pr.id(),
                            pr.url(), REPUBLISH_AFTER, failure.toString());
                    return store.pollAgainAt(pr.id(), now.plus(REPUBLISH_AFTER)).replaceWith(false);
                })
                .chain(published -> published ? store.saveRead(pr.id(), status, now, changedAt, next)
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> failed(TrackedPullRequest pr, HostFailure failure, boolean retry) {
        Instant now = clock.instant();
        int failures = pr.failures() + 1;
        Optional<Instant> next = retry
                ? policy.nextAfterFailure(new PollPolicy.Facts(pr.trackedAt(), pr.changedAt(), false,
                        pr.status() == null ? CheckState.NONE : pr.status().checks().state(),
                        pr.status() == null ? null : pr.status().mergeable(), pr.sessionEndedAt()), failures, failure.retryAt())
                : Optional.empty();
        if (pr.staleSince() == null) {
            LOG.infof("pull request %d (%s) is stale: %s", pr.id(), pr.url(), failure.getMessage());
        }
        return store.saveFailure(pr.id(), pr.staleSince() == null ? now : pr.staleSince(), failure.reason().text(),
                failures, next);
    }
}
