package dev.podbench.events.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What a dead-letter topic ({@link dev.podbench.events.Topics#deadLetters()}) holds besides the rejected record's own
 * key and value: headers saying why it was rejected and where it came from, the same on every dead-letter topic so
 * one tool can inspect and replay them all.
 */
public final class DeadLetters {

    /** A short, stable reason (also a metric tag), e.g. {@code not-json}. */
    public static final String HEADER_REASON = "podbench-dead-letter-reason";
    /** A human-readable message. */
    public static final String HEADER_DETAIL = "podbench-dead-letter-detail";
    public static final String HEADER_TOPIC = "podbench-dead-letter-topic";
    public static final String HEADER_PARTITION = "podbench-dead-letter-partition";
    public static final String HEADER_OFFSET = "podbench-dead-letter-offset";

    /** The headers of {@code rejected}'s dead letter (UTF-8 strings). */
    public static Headers headers(ConsumerRecord<?, ?> rejected, String reason, String detail) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_REASON, utf8(reason));
        headers.add(HEADER_DETAIL, utf8(String.valueOf(detail)));
        headers.add(HEADER_TOPIC, utf8(rejected.topic()));
        headers.add(HEADER_PARTITION, utf8(Integer.toString(rejected.partition())));
        headers.add(HEADER_OFFSET, utf8(Long.toString(rejected.offset())));
        return headers;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private DeadLetters() {
    }
}
