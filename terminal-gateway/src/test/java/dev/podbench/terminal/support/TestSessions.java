package dev.podbench.terminal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.workspace.tmux.TmuxCommands;

/**
 * Makes sessions exist the way session-service does: a worktree directory in a local pod and a snapshot on the
 * compacted topic. Remembers what it created so a test can kill its tmux sessions afterwards.
 */
public final class TestSessions implements AutoCloseable {

    public static final String POD = "terminal-test-pod";
    public static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "podbench-terminal-gateway-test");
    private static final String SOURCE = "/podbench/session-service";

    private final List<String> created = new ArrayList<>();

    /** A new active session of {@code owner} with a unique id (so tmux sessions never collide between tests). */
    public String active(String owner) {
        String id = newId();
        publish(snapshot(id, owner, SessionState.ACTIVE, worktree(id)));
        return id;
    }

    /** A fresh session id whose tmux sessions are killed on {@link #close()}. */
    public String newId() {
        String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        created.add(id);
        return id;
    }

    /** Creates the session's worktree directory inside the test pod. */
    public static String worktree(String id) {
        Path worktree = ROOT.resolve(POD).resolve("worktrees").resolve(id);
        try {
            Files.createDirectories(worktree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return worktree.toString();
    }

    public void publish(SessionSnapshot snapshot) {
        KafkaTestResource.send(Topics.SESSIONS, snapshot.sessionId(),
                EventJson.encodeToString(CloudEvent.of(SOURCE, snapshot)));
    }

    public static SessionSnapshot snapshot(String id, String owner, SessionState state, String worktree) {
        return snapshot(id, owner, state, POD, "local", worktree);
    }

    /** A session on a given pod of a given runtime ({@code local} or {@code kubernetes}). */
    public static SessionSnapshot snapshot(String id, String owner, SessionState state, String pod, String runtime,
            String worktree) {
        Instant now = Instant.now();
        return new SessionSnapshot(id, "repo-1", "repo", "pb/" + id, "origin/main", state, owner, pod, runtime,
                worktree, null, now, now, state.isFinal() ? now : null);
    }

    public void end(String id, String owner) {
        KafkaTestResource.send(Topics.SESSION_EVENTS, id, EventJson.encodeToString(CloudEvent.of(SOURCE,
                new SessionEnded(id, "repo-1", owner, SessionEndReason.USER, Instant.now()))));
    }

    @Override
    public void close() {
        for (String id : created) {
            for (String name : List.of(TmuxCommands.DEFAULT_TERMINAL, "second")) {
                try {
                    new ProcessBuilder(TmuxCommands.killSession(TmuxCommands.tmuxSessionName(id, name)))
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start().waitFor(5, TimeUnit.SECONDS);
                } catch (IOException e) {
                    // no tmux: nothing to kill
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        created.clear();
    }
}
