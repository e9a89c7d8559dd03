package dev.podbench.chat.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.podbench.contexts.Contexts;
import dev.podbench.chat.transcript.StoredEvent;
import dev.podbench.chat.transcript.TranscriptEntry;
import dev.podbench.chat.transcript.TranscriptStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * A session's transcript numbering: every event gets its {@code seq} here, in order, is stored, kept in a ring of
 * recent events for reconnecting chats, and announced to the chats. Appends run on the session's work queue.
 */
public final class SessionTranscript implements TranscriptLog {

    private static final int RING = 1000;

    private final String sessionId;
    private final TranscriptStore store;
    private final ChatSubscribers subscribers;
    private final Vertx vertx;
    private final ArrayDeque<StoredEvent> ring = new ArrayDeque<>();
    private volatile long lastSeq;

    public SessionTranscript(String sessionId, TranscriptStore store, ChatSubscribers subscribers, Vertx vertx) {
        this.sessionId = sessionId;
        this.store = store;
        this.subscribers = subscribers;
        this.vertx = vertx;
    }

    /** Reads where the numbering goes on. Runs inside the caller's transaction. */
    Uni<Void> load() {
        return store.lastSeq(sessionId).invoke(seq -> lastSeq = seq).replaceWithVoid();
    }

    public long lastSeq() {
        return lastSeq;
    }

    @Override
    public Uni<List<StoredEvent>> append(Supplier<Uni<List<TranscriptEntry>>> produce) {
        return Panache.withTransaction(() -> produce.get().chain(entries -> entries.isEmpty()
                ? Uni.createFrom().item(List.<StoredEvent> of())
                : store.append(sessionId, lastSeq, entries))).invoke(stored -> {
                    if (stored.isEmpty()) {
                        return;
                    }
                    synchronized (ring) {
                        for (StoredEvent e : stored) {
                            ring.addLast(e);
                            if (ring.size() > RING) {
                                ring.removeFirst();
                            }
                        }
                        lastSeq = stored.get(stored.size() - 1).seq();
                    }
                    subscribers.eventsAvailable();
                });
    }

    /** Events after {@code afterSeq}, oldest first, from memory when recent enough, else from the database. */
    public Uni<List<StoredEvent>> eventsAfter(long afterSeq, int limit) {
        synchronized (ring) {
            if (afterSeq >= lastSeq) {
                return Uni.createFrom().item(List.of());
            }
            StoredEvent first = ring.peekFirst();
            if (first != null && first.seq() <= afterSeq + 1) {
                List<StoredEvent> out = new ArrayList<>();
                for (StoredEvent e : ring) {
                    if (e.seq() > afterSeq) {
                        out.add(e);
                        if (out.size() >= limit) {
                            break;
                        }
                    }
                }
                return Uni.createFrom().item(out);
            }
        }
        // a context of its own: the session's is busy with its transactions
        return Contexts.on(Contexts.newContext(vertx),
                () -> Panache.withSession(() -> store.page(sessionId, afterSeq, limit)));
    }
}
