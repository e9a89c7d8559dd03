package dev.podbench.chat.agent;

import java.util.List;
import java.util.function.Supplier;

import dev.podbench.chat.transcript.StoredEvent;
import dev.podbench.chat.transcript.TranscriptEntry;
import io.smallrye.mutiny.Uni;

/** Where a session's events are numbered and stored, in order. */
public interface TranscriptLog {

    /**
     * Numbers and stores the entries {@code produce} gives. {@code produce} runs inside the storing transaction,
     * so what it records (a usage row, a pull request seen) is stored with the entries or not at all.
     */
    Uni<List<StoredEvent>> append(Supplier<Uni<List<TranscriptEntry>>> produce);

    default Uni<List<StoredEvent>> append(List<TranscriptEntry> entries) {
        return append(() -> Uni.createFrom().item(entries));
    }
}
