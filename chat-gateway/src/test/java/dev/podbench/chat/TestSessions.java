package dev.podbench.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.agent.FakeClaudeAgent;

/** Sessions as session-service would announce them, each with a worktree directory inside its local pod. */
final class TestSessions {

    static final String REPOSITORY = "chat-test-repo";

    /** A session of {@code owner} with a fresh worktree; {@code fakeSettings} go to the fake agent. */
    static SessionSnapshot active(Path podRoot, String owner, Map<String, String> fakeSettings) {
        String id = UUID.randomUUID().toString();
        Path worktree = podRoot.resolve(REPOSITORY).resolve("worktrees").resolve(id);
        try {
            Files.createDirectories(worktree);
            if (!fakeSettings.isEmpty()) {
                Files.writeString(worktree.resolve(FakeClaudeAgent.PROPERTIES_FILE), fakeSettings.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SessionSnapshot snapshot = snapshot(id, owner, SessionState.ACTIVE, worktree.toString());
        publish(snapshot);
        return snapshot;
    }

    static SessionSnapshot snapshot(String id, String owner, SessionState state, String worktree) {
        return snapshot(id, owner, state, REPOSITORY, "local", worktree);
    }

    /** A session on a given pod of a given runtime ({@code local} or {@code kubernetes}). */
    static SessionSnapshot snapshot(String id, String owner, SessionState state, String pod, String runtime,
            String worktree) {
        Instant now = Instant.now();
        return new SessionSnapshot(id, REPOSITORY, "chat test repo", "podbench/" + id.substring(0, 8), "origin/main",
                state, owner, pod, runtime, worktree, null, now, now, state.isFinal() ? now : null);
    }

    static void publish(SessionSnapshot snapshot) {
        KafkaTestResource.send(Topics.SESSIONS, snapshot.sessionId(), EventJson.encodeToString(
                CloudEvent.of(EventType.SESSION_SNAPSHOT, "/podbench/session-service", snapshot.sessionId(), snapshot)));
    }

    static void ended(SessionSnapshot session) {
        SessionEnded ended = new SessionEnded(session.sessionId(), session.repositoryId(), session.owner(),
                SessionEndReason.USER, Instant.now());
        KafkaTestResource.send(Topics.SESSION_EVENTS, session.sessionId(),
                EventJson.encodeToString(CloudEvent.of("/podbench/session-service", ended)));
    }

    private TestSessions() {
    }
}
