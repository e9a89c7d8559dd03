package dev.podbench.session.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.session.outbox.OutboxPublisher.Outcome;
import dev.podbench.session.outbox.OutboxPublisher.PendingEvent;

/**
 * Moves committed outbox rows to Kafka, oldest first. One pass: lock, read a batch, publish, mark the
 * acknowledged prefix. While Kafka is unreachable the pass fails and is retried with a growing pause;
 * nothing is skipped, so events arrive late but complete and in order.
 *
 * <p>A PostgreSQL advisory lock held for the pass makes the relay single-writer across service replicas,
 * which is what keeps the global (and so the per-session) order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary but fixed: the advisory lock key of this relay. */
    private static final long LOCK_KEY = 0x5e5510_0b0a1L;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final Pool pool;
    private final OutboxPublisher publisher;
    private final Vertx vertx;
    private final PodbenchConfig.Outbox config;
    private final Counter published;
    private final Counter failures;

    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final AtomicLong timer = new AtomicLong(-1);
    private volatile boolean stopped = true;
    private int consecutiveFailures;

    public OutboxRelay(Pool pool, OutboxPublisher publisher, Vertx vertx, PodbenchConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.publisher = publisher;
        this.vertx = vertx;
        this.config = config.outbox();
        this.published = Counter.builder("podbench.outbox.published").description("Events the relay put on Kafka")
                .register(registry);
        this.failures = Counter.builder("podbench.outbox.failures")
                .description("Relay passes that could not publish (Kafka unreachable, ...)").register(registry);
    }

    void start(@Observes StartupEvent event) {
        stopped = false;
        schedule(Duration.ZERO);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer.getAndSet(-1));
    }

    /** Asks for a pass soon (a transaction just committed new events). */
    public void wakeUp() {
        wakeRequested.set(true);
        if (!busy.get()) {
            schedule(Duration.ZERO);
        }
    }

    private void schedule(Duration delay) {
        if (stopped) {
            return;
        }
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> runPass());
        long previous = timer.getAndSet(id);
        if (previous >= 0) {
            vertx.cancelTimer(previous);
        }
    }

    private void runPass() {
        if (stopped || !busy.compareAndSet(false, true)) {
            return;
        }
        wakeRequested.set(false);
        pass().subscribe().with(outcome -> {
            busy.set(false);
            published.increment(outcome.acknowledged());
            if (outcome.failure() != null) {
                failed(outcome.failure());
                return;
            }
            if (consecutiveFailures > 0) {
                LOG.infof("outbox relay publishing again after %d failed attempts", consecutiveFailures);
            }
            consecutiveFailures = 0;
            boolean more = outcome.acknowledged() >= config.batchSize() || wakeRequested.get();
            schedule(more ? Duration.ZERO : config.pollInterval());
        }, failure -> {
            busy.set(false);
            failed(failure);
        });
    }

    private void failed(Throwable failure) {
        failures.increment();
        consecutiveFailures++;
        long factor = 1L << Math.min(consecutiveFailures - 1, 10);
        Duration backoff = FIRST_BACKOFF.multipliedBy(factor);
        if (backoff.compareTo(config.maxBackoff()) > 0) {
            backoff = config.maxBackoff();
        }
        if (consecutiveFailures == 1 || consecutiveFailures % 10 == 0) {
            LOG.warnf("outbox relay cannot publish (attempt %d, next in %d ms): %s", consecutiveFailures,
                    backoff.toMillis(), failure.toString());
        }
        schedule(backoff);
    }

    /** One batch inside one transaction; the outcome says how far it got. */
    Uni<Outcome> pass() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
                .onItem().transformToUni(rows -> rows.iterator().next().getBoolean(0)
                        ? publishBatch(connection)
                        : Uni.createFrom().item(new Outcome(0, null))));
    }

    private Uni<Outcome> publishBatch(SqlConnection connection) {
        return connection.preparedQuery("select seq, topic, session_id, payload from outbox_event"
                + " where published_at is null order by seq limit $1")
                .execute(Tuple.of(config.batchSize()))
                .onItem().transformToUni(rows -> {
                    List<PendingEvent> batch = new ArrayList<>();
                    for (Row row : rows) {
                        batch.add(new PendingEvent(row.getLong("seq"), row.getString("topic"),
                                row.getUUID("session_id").toString(), row.getString("payload")));
                    }
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(new Outcome(0, null));
                    }
                    return publisher.publish(batch)
                            .onItem().transformToUni(outcome -> markPublished(connection, batch, outcome));
                });
    }

    private Uni<Outcome> markPublished(SqlConnection connection, List<PendingEvent> batch, Outcome outcome) {
        if (outcome.acknowledged() == 0) {
            return Uni.createFrom().item(outcome);
        }
        Long[] seqs = batch.subList(0, outcome.acknowledged()).stream().map(PendingEvent::seq).toArray(Long[]::new);
        return connection.preparedQuery("update outbox_event set published_at = now() where seq = any($1)")
                .execute(Tuple.tuple().addArrayOfLong(seqs))
                .replaceWith(outcome);
    }
}
