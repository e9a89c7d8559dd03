package dev.podbench.chat.permission;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.chat.config.ChatConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The installation's permission settings (rules per installation and per repository, the default mode, the
 * question timeout, whether {@code bypassPermissions} may be chosen) and each session's remembered choices.
 * The configured rules are parsed at start-up, so a mistyped rule stops the service instead of being ignored.
 */
@ApplicationScoped
@Startup
public class PermissionPolicy {

    /** The modes a chat may switch to. */
    public static final Set<String> MODES = Set.of("default", "acceptEdits", "plan", "bypassPermissions");
    public static final String BYPASS = "bypassPermissions";

    private final ChatConfig config;
    private final SessionPermissionRepository rows;
    private final PermissionRules installation;
    private final Map<String, PermissionRules> repositories = new LinkedHashMap<>();

    public PermissionPolicy(ChatConfig config, SessionPermissionRepository rows) {
        this.config = config;
        this.rows = rows;
        this.installation = parse("podbench.chat.permission-rules", config.permissionRules());
        config.repositoryPermissionRules().forEach((repository, lists) -> repositories.put(repository,
                parse("podbench.chat.repository-permission-rules." + repository, lists)));
    }

    private static PermissionRules parse(String key, ChatConfig.RuleLists lists) {
        try {
            return PermissionRules.parse(lists.allow().orElse(List.of()), lists.deny().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(key + ": " + e.getMessage(), e);
        }
    }

    /** The administrators' rules for a session of this repository: the installation's, then the repository's. */
    public PermissionRules rulesFor(String repositoryId) {
        PermissionRules repository = repositoryId == null ? null : repositories.get(repositoryId);
        return repository == null ? installation : installation.and(repository);
    }

    public String defaultMode() {
        return config.permissionMode();
    }

    public Duration timeout() {
        return config.permissionTimeout();
    }

    public boolean allowsBypass() {
        return config.allowBypassPermissions();
    }

    /** The session's remembered choices, or null. Runs inside the caller's transaction. */
    Uni<SessionPermission> load(String sessionId) {
        return rows.findById(sessionId);
    }

    Uni<Void> saveMode(String sessionId, String mode) {
        return update(sessionId, row -> row.permissionMode = mode);
    }

    Uni<Void> saveRules(String sessionId, List<PermissionRule> rules) {
        return update(sessionId, row -> row.sessionRules = String.join("\n",
                rules.stream().map(PermissionRule::toString).toList()));
    }

    private Uni<Void> update(String sessionId, java.util.function.Consumer<SessionPermission> change) {
        return Panache.withTransaction(() -> rows.findById(sessionId).chain(row -> {
            SessionPermission target = row;
            if (target == null) {
                target = new SessionPermission();
                target.sessionId = sessionId;
            }
            change.accept(target);
            target.updatedAt = Instant.now();
            return row == null ? rows.persist(target).replaceWithVoid() : Uni.createFrom().voidItem();
        }));
    }
}
