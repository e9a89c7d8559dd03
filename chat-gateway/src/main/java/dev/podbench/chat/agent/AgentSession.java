package dev.podbench.chat.agent;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The agent behind a Podbench session: the conversation to {@code --resume} and the model it runs with. */
@Entity
@Table(name = "agent_session")
public class AgentSession {

    @Id
    @Column(name = "session_id")
    public String sessionId;

    @Column(nullable = false)
    public String owner;

    @Column(name = "repository_id")
    public String repositoryId;

    @Column(name = "agent_session_id")
    public String agentSessionId;

    @Column(nullable = false)
    public String model;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
