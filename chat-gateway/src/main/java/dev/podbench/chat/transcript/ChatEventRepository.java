package dev.podbench.chat.transcript;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ChatEventRepository implements PanacheRepository<ChatEvent> {

    public Uni<List<ChatEvent>> page(String sessionId, long afterSeq, int limit) {
        return find("sessionId = ?1 and seq > ?2 order by seq", sessionId, afterSeq).page(0, limit).list();
    }

    public Uni<ChatEvent> bySeq(String sessionId, long seq) {
        return find("sessionId = ?1 and seq = ?2", sessionId, seq).firstResult();
    }

    public Uni<Long> lastSeq(String sessionId) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select coalesce(max(e.seq), 0) from ChatEvent e where e.sessionId = :session", Long.class)
                .setParameter("session", sessionId).getSingleResult());
    }
}
