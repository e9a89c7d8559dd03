package dev.podbench.session.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.podbench.session.config.PodbenchConfig;

/**
 * Sends outbox rows to Kafka and reports how many of them, from the first, are acknowledged. The relay
 * marks exactly that prefix as published, so a partial failure is retried from the first unacknowledged
 * event and no session's events overtake each other.
 *
 * <p>A plain Kafka producer rather than a Reactive Messaging channel: the relay needs the per-record
 * outcome and must survive a broker that is gone for minutes, which a channel turns into a failed sink.
 * Sending can block (metadata, full buffers), so it runs on a thread of its own.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);

    private final Map<String, Object> producerConfig;
    private final Duration sendTimeout;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "outbox-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private KafkaProducer<String, byte[]> producer;

    @Inject
    public OutboxPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, PodbenchConfig config) {
        this(bootstrapServers, config.outbox().sendTimeout());
    }

    public OutboxPublisher(String bootstrapServers, Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
        int half = (int) Math.max(1000, sendTimeout.toMillis() / 2);
        this.producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "session-service-outbox",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, half,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, half,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    /** Publishes in list order; completes with how many leading events Kafka acknowledged and the first failure, if any. */
    public Uni<Outcome> publish(List<PendingEvent> events) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> publishBlocking(events), sender));
    }

    private Outcome publishBlocking(List<PendingEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        Throwable failure = null;
        try {
            KafkaProducer<String, byte[]> kafka = producer();
            for (PendingEvent event : events) {
                acks.add(kafka.send(new ProducerRecord<>(event.topic(), event.key(),
                        event.payload().getBytes(StandardCharsets.UTF_8))));
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        int acknowledged = 0;
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            } catch (Exception e) {
                failure = e.getCause() == null ? e : e.getCause();
                break;
            }
        }
        if (failure != null) {
            // An idempotent producer that lost records may refuse further sends; start afresh on the retry.
            discardProducer();
        }
        return new Outcome(acknowledged, failure);
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig);
        }
        return producer;
    }

    private synchronized void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing the outbox producer failed", e);
            }
            producer = null;
        }
    }

    @PreDestroy
    public void close() {
        sender.shutdownNow();
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
                producer = null;
            }
        }
    }

    /** An outbox row on its way to Kafka. */
    public record PendingEvent(long seq, String topic, String key, String payload) {
    }

    /** How a batch went: the first {@code acknowledged} events are in Kafka; {@code failure} stopped the rest. */
    public record Outcome(int acknowledged, Throwable failure) {
    }
}
