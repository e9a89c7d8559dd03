package dev.podbench.chat.transcript;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A normalized event before it is numbered: {@code payload} is what clients see (it has a {@code kind});
 * {@code fullText} keeps what the payload only previews.
 */
public record TranscriptEntry(ObjectNode payload, String fullText) {

    public String kind() {
        return payload.path("kind").asText("other");
    }

    public static TranscriptEntry of(ObjectNode payload) {
        return new TranscriptEntry(payload, null);
    }
}
