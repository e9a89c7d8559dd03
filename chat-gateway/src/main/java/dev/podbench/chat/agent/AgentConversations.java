package dev.podbench.chat.agent;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.events.session.SessionSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The {@code agent_session} row of each session: the conversation to resume and the model. */
@ApplicationScoped
public class AgentConversations {

    private final AgentSessionRepository rows;
    private final ChatConfig config;

    public AgentConversations(AgentSessionRepository rows, ChatConfig config) {
        this.rows = rows;
        this.config = config;
    }

    /** The session's row, created with the default model on first use. Runs inside the caller's transaction. */
    Uni<AgentSession> loadOrCreate(SessionSnapshot session) {
        return rows.findById(session.sessionId()).chain(row -> {
            if (row != null) {
                return Uni.createFrom().item(row);
            }
            AgentSession fresh = new AgentSession();
            fresh.sessionId = session.sessionId();
            fresh.owner = session.owner();
            fresh.repositoryId = session.repositoryId();
            fresh.model = config.defaultModel();
            fresh.updatedAt = Instant.now();
            return rows.persist(fresh);
        });
    }

    Uni<Void> saveModel(String sessionId, String model) {
        return Panache.withTransaction(() -> rows.findById(sessionId).invoke(row -> {
            row.model = model;
            row.updatedAt = Instant.now();
        })).replaceWithVoid();
    }

    Uni<Void> saveConversation(String sessionId, String conversationId) {
        return Panache.withTransaction(() -> rows.findById(sessionId).invoke(row -> {
            if (row != null) {
                row.agentSessionId = conversationId;
                row.updatedAt = Instant.now();
            }
        })).replaceWithVoid();
    }
}
