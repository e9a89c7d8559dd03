package dev.podbench.chat.transcript;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/** Persists and reads transcript events; numbering is the caller's (one writer per session). */
@ApplicationScoped
public class TranscriptStore {

    private final ChatEventRepository events;
    private final ObjectMapper mapper;

    public TranscriptStore(ChatEventRepository events, ObjectMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    /** Stores entries as seq {@code afterSeq + 1, + 2, …}. Must run inside a transaction. */
    public Uni<List<StoredEvent>> append(String sessionId, long afterSeq, List<TranscriptEntry> entries) {
        List<ChatEvent> rows = new ArrayList<>(entries.size());
        List<StoredEvent> stored = new ArrayList<>(entries.size());
        long seq = afterSeq;
        for (TranscriptEntry entry : entries) {
            seq++;
            ChatEvent row = new ChatEvent();
            row.sessionId = sessionId;
            row.seq = seq;
            row.kind = entry.kind();
            row.payload = entry.payload().toString();
            row.fullText = entry.fullText();
            row.createdAt = Instant.now();
            rows.add(row);
            stored.add(new StoredEvent(seq, entry.payload()));
        }
        return events.persist(rows).replaceWith(stored);
    }

    public Uni<List<StoredEvent>> page(String sessionId, long afterSeq, int limit) {
        return events.page(sessionId, afterSeq, limit).map(rows -> rows.stream().map(this::toStored).toList());
    }

    /** One event; a truncated tool result comes back with its full text. */
    public Uni<StoredEvent> full(String sessionId, long seq) {
        return events.bySeq(sessionId, seq).map(row -> {
            if (row == null) {
                return null;
            }
            StoredEvent stored = toStored(row);
            if (row.fullText != null) {
                stored.event().put("text", row.fullText).put("truncated", false);
            }
            return stored;
        });
    }

    public Uni<Long> lastSeq(String sessionId) {
        return events.lastSeq(sessionId);
    }

    private StoredEvent toStored(ChatEvent row) {
        try {
            return new StoredEvent(row.seq, (ObjectNode) mapper.readTree(row.payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("transcript event " + row.sessionId + "/" + row.seq + " is not JSON", e);
        }
    }
}
