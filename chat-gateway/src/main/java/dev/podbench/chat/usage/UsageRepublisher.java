package dev.podbench.chat.usage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.podbench.contexts.Contexts;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.sessions.SessionDirectory;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Usage is persisted before it is published, so a Kafka outage or a crash in between loses nothing: this sends
 * what is still unpublished, at start and then periodically. The event id is the record's, so a resend of an
 * event Kafka did get is deduplicated by consumers.
 */
@ApplicationScoped
public class UsageRepublisher {

    private static final Logger LOG = Logger.getLogger(UsageRepublisher.class);
    private static final Duration PERIOD = Duration.ofSeconds(30);

    private final UsageRecordRepository records;
    private final UsagePublisher publisher;
    private final SessionDirectory directory;
    private final Vertx vertx;
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private long timer = -1;

    public UsageRepublisher(UsageRecordRepository records, UsagePublisher publisher, SessionDirectory directory,
            Vertx vertx) {
        this.records = records;
        this.publisher = publisher;
        this.directory = directory;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(PERIOD.toMillis(), PERIOD.toMillis(), id -> republish());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void republish() {
        if (running.putIfAbsent("run", Boolean.TRUE) != null) {
            return;
        }
        Contexts.on(Contexts.newContext(vertx), () -> Panache.withSession(() -> records.unpublished(100)))
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::send)
                .collect().asList()
                .onTermination().invoke(() -> running.remove("run"))
                .subscribe().with(sent -> {
                    if (!sent.isEmpty()) {
                        LOG.infof("republished %d usage events", sent.size());
                    }
                }, e -> LOG.debugf("usage republish failed: %s", e.getMessage()));
    }

    private Uni<Boolean> send(UsageRecord r) {
        SessionSnapshot session = directory.find(r.sessionId).orElse(null);
        return publisher.publish(r, session == null ? null : session.repositoryId(),
                session == null ? null : session.owner())
                .replaceWith(true);
    }
}
