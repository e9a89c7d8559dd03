package dev.podbench.events;

/**
 * The {@code data} of a Podbench CloudEvent. Every payload belongs to one session, whose id is
 * also the CloudEvent {@code subject} and the Kafka record key.
 */
public interface EventPayload {

    /** The Podbench session this event is about (CloudEvent subject, Kafka key). */
    String sessionId();
}
