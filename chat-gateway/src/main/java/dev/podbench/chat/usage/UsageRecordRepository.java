package dev.podbench.chat.usage;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UsageRecordRepository implements PanacheRepositoryBase<UsageRecord, UUID> {

    /** The conversation's earlier results, newest first. */
    public Uni<List<UsageRecord>> history(String agentSessionId, int max) {
        return find("agentSessionId = ?1 order by position desc", agentSessionId).page(0, max).list();
    }

    public Uni<List<UsageRecord>> unpublished(int max) {
        return find("published = false order by position").page(0, max).list();
    }

    public Uni<Integer> markPublished(UUID eventId) {
        return update("published = true where eventId = ?1", eventId);
    }
}
