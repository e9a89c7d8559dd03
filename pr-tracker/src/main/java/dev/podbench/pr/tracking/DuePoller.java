package dev.podbench.pr.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.podbench.pr.PrTrackerConfig;

/**
 * Every tick, claims the pull requests whose next poll is due and reads them. At most {@code podbench.pr.poll.batch}
 * reads are in flight; a slow host never holds up the tick (the claim's lease keeps other ticks and replicas off).
 */
@ApplicationScoped
public class DuePoller {

    private static final Logger LOG = Logger.getLogger(DuePoller.class);
    private static final Duration KEEP_EVENT_IDS = Duration.ofDays(7);

    private final PullRequestStore store;
    private final PullRequestTracker tracker;
    private final Clock clock;
    private final int batch;
    private final AtomicInteger inFlight = new AtomicInteger();

    public DuePoller(PullRequestStore store, PullRequestTracker tracker, Clock clock, PrTrackerConfig config) {
        this.store = store;
        this.tracker = tracker;
        this.clock = clock;
        this.batch = config.poll().batch();
    }

    @Scheduled(every = "${podbench.pr.poll.tick}", delayed = "${podbench.pr.poll.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> readDue() {
        int room = batch - inFlight.get();
        if (room <= 0) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return store.claimDue(now, room, now.plus(PullRequestTracker.LEASE)).invoke(due -> due.forEach(pr -> {
            inFlight.incrementAndGet();
            tracker.refresh(pr).onTermination().invoke(inFlight::decrementAndGet).subscribe().with(
                    done -> { }, failure -> LOG.warnf("reading pull request %d failed: %s", pr.id(), failure));
        })).replaceWithVoid();
    }

    @Scheduled(every = "1h", delayed = "1m")
    Uni<Void> forgetOldEventIds() {
        return store.forgetEventsBefore(clock.instant().minus(KEEP_EVENT_IDS));
    }
}
