package dev.podbench.chat.transcript;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One stored transcript entry: a normalized agent event or a user message, numbered per session. */
@Entity
@Table(name = "chat_event")
public class ChatEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "session_id", nullable = false)
    public String sessionId;

    @Column(nullable = false)
    public long seq;

    @Column(nullable = false)
    public String kind;

    /** The normalized event as JSON (what the chat WebSocket and the history API send). */
    @Column(nullable = false)
    public String payload;

    /** The untruncated text of a tool result whose payload carries only a preview. */
    @Column(name = "full_text")
    public String fullText;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
