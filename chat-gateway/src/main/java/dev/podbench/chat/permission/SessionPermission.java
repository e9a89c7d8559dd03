package dev.podbench.chat.permission;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A session's permission mode (null: the configured one) and the rules the person allowed for the session. */
@Entity
@Table(name = "session_permission")
public class SessionPermission {

    @Id
    @Column(name = "session_id")
    public String sessionId;

    @Column(name = "permission_mode")
    public String permissionMode;

    /** One rule per line, in Claude Code's syntax. */
    @Column(name = "session_rules", nullable = false)
    public String sessionRules = "";

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
