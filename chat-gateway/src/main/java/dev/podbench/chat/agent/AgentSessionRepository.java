package dev.podbench.chat.agent;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class AgentSessionRepository implements PanacheRepositoryBase<AgentSession, String> {
}
