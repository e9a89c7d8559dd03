package dev.podbench.session.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.podbench.http.Caller;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.session.StartStep;
import dev.podbench.session.errors.InvalidInput;
import dev.podbench.session.errors.NotFound;
import dev.podbench.session.errors.StateConflict;
import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.session.outbox.Outbox;
import dev.podbench.session.repositories.Repository;
import dev.podbench.session.repositories.RepositoryStore;
import dev.podbench.session.support.Failures;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.git.Worktree;

/**
 * The session lifecycle: {@code starting → active → ending → ended}, or {@code failed}. Every transition locks the
 * session row and writes its events to the outbox in the same transaction. Pod and git work never happens inside a
 * transaction nor on the request: a start returns once the session is recorded, and the workspace is prepared in
 * the background. Ending is {@link SessionEnding}'s, unfinished work the {@link SessionSweeper}'s.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final SessionStore sessions;
    private final RepositoryStore repositories;
    private final Outbox outbox;
    private final SessionEvents events;
    private final SessionWorkspace workspace;
    private final SessionEnding endings;
    private final SessionWork work;
    private final PodbenchConfig config;
    private final Clock clock;

    public SessionService(SessionStore sessions, RepositoryStore repositories, Outbox outbox, SessionEvents events,
            SessionWorkspace workspace, SessionEnding endings, SessionWork work, PodbenchConfig config, Clock clock) {
        this.sessions = sessions;
        this.repositories = repositories;
        this.outbox = outbox;
        this.events = events;
        this.workspace = workspace;
        this.endings = endings;
        this.work = work;
        this.config = config;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ start

    public Uni<SessionView> start(NewSession request, Caller caller) {
        if (request == null) {
            throw new InvalidInput("request body is required", null);
        }
        UUID repositoryId = parseId(request.repositoryId(), "repositoryId");
        UUID id = UUID.randomUUID();
        String branch = request.branch() == null ? generatedBranch(caller.name(), id) : request.branch();
        Instant now = clock.instant();
        // A generated name is valid by construction; only a name the user chose needs git's verdict.
        Uni<Void> validated = request.branch() == null ? Uni.createFrom().voidItem() : workspace.validateBranchName(branch);
        return validated.chain(() -> Panache.withTransaction(() -> repositories.findLive(repositoryId)
                .onItem().ifNull().failWith(() -> new NotFound("repository", repositoryId))
                .flatMap(repository -> sessions.findLiveOnBranch(repositoryId, branch)
                        .flatMap(holder -> {
                            if (holder != null) {
                                return Uni.createFrom().failure(branchInUse(branch, holder.id));
                            }
                            Session s = new Session();
                            s.id = id;
                            s.repositoryId = repositoryId;
                            s.owner = caller.name();
                            s.branch = branch;
                            s.baseRef = request.branch() == null ? "origin/" + repository.defaultBranch : null;
                            s.state = SessionState.STARTING;
                            s.createdAt = now;
                            s.lastActivityAt = now;
                            return sessions.persist(s)
                                    .call(sessions::flush)
                                    .call(() -> outbox.append(events.created(s, repository.name)))
                                    .call(() -> outbox.append(events.snapshot(s, repository)));
                        }))))
                .onFailure(Failures::isUniqueViolation).recoverWithUni(e -> Panache.withSession(
                        () -> sessions.findLiveOnBranch(repositoryId, branch))
                        .flatMap(holder -> Uni.createFrom().failure(
                                branchInUse(branch, holder == null ? null : holder.id))))
                .invoke(s -> {
                    outbox.committed();
                    work.inBackground(s.id, () -> prepare(s.id));
                })
                .map(SessionView::of);
    }

    /** Pod, fetch, worktree, each step recorded as it begins; then {@code active}, or {@code failed} with the reason. */
    Uni<Void> prepare(UUID id) {
        return Panache.withSession(() -> sessions.findById(id)
                .flatMap(s -> repositories.findById(s.repositoryId).map(r -> new Loaded(s, r))))
                .flatMap(loaded -> {
                    if (loaded.session.state != SessionState.STARTING) {
                        return Uni.createFrom().voidItem();
                    }
                    Session s = loaded.session;
                    Repository repository = loaded.repository;
                    AtomicReference<Placed> placed = new AtomicReference<>();
                    StartTimings timings = new StartTimings(s.createdAt, clock);
                    return beginStep(id, StartStep.POD, repository)
                            .chain(() -> place(s, repository))
                            .invoke(timings::podReady)
                            .call(() -> beginStep(id, StartStep.FETCH, repository))
                            .flatMap(pod -> workspace.createWorktree(pod, s, repository.defaultBranch,
                                    () -> beginStep(id, StartStep.WORKTREE, repository))
                                    .invoke(worktree -> placed.set(new Placed(pod, worktree)))
                                    .invoke(timings::worktreeReady)
                                    .flatMap(worktree -> baseRef(pod, s, worktree, repository.defaultBranch)
                                            .flatMap(baseRef -> activate(id, pod, worktree, baseRef, repository))))
                            .invoke(() -> timings.log(id))
                            .onFailure().recoverWithUni(e -> {
                                LOG.infof("session %s could not start: %s", id, e.getMessage());
                                Placed orphan = placed.get();
                                Uni<Void> undo = orphan == null ? Uni.createFrom().voidItem()
                                        : workspace.removeWorktree(orphan.pod, orphan.worktree.path())
                                                .onFailure().recoverWithNull();
                                return undo.chain(() -> failStart(id, Failures.describe(e), repository));
                            });
                });
    }

    /**
     * Chooses the session's pod from the live sessions per pod of the repository and records it on the session, one
     * start at a time per repository so that concurrent starts count each other. Fetch and worktree come after.
     */
    private Uni<PodRef> place(Session starting, Repository repository) {
        return workspace.placing(repository.id, () -> Panache.withSession(() -> sessions.sessionsByPod(repository.id))
                .flatMap(sessionsByPod -> workspace.placePod(repository, sessionsByPod))
                .call(pod -> Panache.withTransaction(() -> sessions.lock(starting.id)
                        .invoke(s -> s.pod = pod.name()))));
    }

    /**
     * Records that a step of the start begins and publishes the snapshot that says so (the start page follows it);
     * a session no longer starting (ended meanwhile) is left as it is.
     */
    private Uni<Void> beginStep(UUID id, StartStep step, Repository repository) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            if (s.state != SessionState.STARTING) {
                return Uni.createFrom().voidItem();
            }
            s.beginStep(step, clock.instant());
            return outbox.append(events.snapshot(s, repository));
        })).invoke(outbox::committed).replaceWithVoid();
    }

    /** What a new branch was started from; null when the session took a branch that already existed. */
    private Uni<String> baseRef(PodRef pod, Session s, Worktree worktree, String defaultBranch) {
        if (s.baseRef != null || !worktree.createdBranch()) {
            return Uni.createFrom().item(s.baseRef);
        }
        return workspace.onOrigin(pod, s.branch).map(tracking -> tracking ? null : "origin/" + defaultBranch);
    }

    private Uni<Void> activate(UUID id, PodRef pod, Worktree worktree, String baseRef, Repository repository) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            s.pod = pod.name();
            s.worktreePath = worktree.path();
            s.baseRef = baseRef;
            if (s.state != SessionState.STARTING) {
                // Ended while we were preparing: the end request left the cleanup to us.
                return Uni.createFrom().item(s);
            }
            Instant now = clock.instant();
            s.state = SessionState.ACTIVE;
            s.startedAt = now;
            s.lastActivityAt = now;
            return outbox.append(events.started(s))
                    .call(() -> outbox.append(events.snapshot(s, repository)))
                    .replaceWith(s);
        })).flatMap(s -> {
            outbox.committed();
            return s.state == SessionState.ENDING ? endings.cleanUp(s).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    Uni<Void> failStart(UUID id, String reason, Repository repository) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            Instant now = clock.instant();
            if (s.state == SessionState.STARTING) {
                s.state = SessionState.FAILED;
                s.failureReason = reason;
                s.endedAt = now;
                return outbox.append(events.failed(s)).call(() -> outbox.append(events.snapshot(s, repository)));
            }
            if (s.state == SessionState.ENDING) {
                // Ended while starting, and there is no worktree to remove.
                s.state = SessionState.ENDED;
                return outbox.append(events.snapshot(s, repository));
            }
            return Uni.createFrom().voidItem();
        })).invoke(outbox::committed).replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------------ queries

    public Uni<SessionView> get(UUID id, Caller caller) {
        return Panache.withSession(() -> sessions.findVisible(id, caller))
                .onItem().ifNull().failWith(() -> new NotFound("session", id))
                .map(SessionView::of);
    }

    public Uni<SessionPage> list(Caller caller, String state, String repositoryId, Integer page, Integer size) {
        SessionState stateFilter = parseState(state);
        UUID repositoryFilter = repositoryId == null || repositoryId.isEmpty() ? null : parseId(repositoryId, "repositoryId");
        int pageIndex = page == null ? 0 : page;
        int pageSize = size == null ? config.sessions().defaultPageSize() : size;
        int max = config.sessions().maxPageSize();
        if (pageIndex < 0) {
            throw new InvalidInput("page must be 0 or more", Map.of("page", pageIndex));
        }
        if (pageSize < 1 || pageSize > max) {
            throw new InvalidInput("size must be between 1 and " + max, Map.of("size", pageSize));
        }
        return Panache.withSession(() -> sessions.page(caller, stateFilter, repositoryFilter, pageIndex, pageSize)
                .flatMap(items -> sessions.count(caller, stateFilter, repositoryFilter)
                        .map(total -> new SessionPage(items.stream().map(SessionView::of).toList(), pageIndex, pageSize,
                                total))));
    }

    public Uni<WorktreeView> worktree(UUID id, Caller caller) {
        return Panache.withSession(() -> sessions.findVisible(id, caller)
                .onItem().ifNull().failWith(() -> new NotFound("session", id))
                .flatMap(s -> {
                    if (s.state != SessionState.ACTIVE) {
                        return Uni.createFrom().failure(new StateConflict("the session is not active",
                                Map.of("state", s.state.value())));
                    }
                    return repositories.findById(s.repositoryId).map(r -> new Loaded(s, r));
                }))
                .flatMap(loaded -> workspace.podOf(loaded.repository, loaded.session.pod)
                        .onItem().ifNull().failWith(() -> new StateConflict("the session's pod no longer exists",
                                Map.of("pod", loaded.session.pod)))
                        .flatMap(pod -> workspace.status(pod, loaded.session)));
    }

    /** cost-service's running total for a session (shown as {@code costUsd}). */
    public Uni<Void> recordCost(UUID id, java.math.BigDecimal total, Instant at) {
        return Panache.withTransaction(() -> sessions.recordCost(id, total, at)).replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** {@code podbench/<user>/<first 8 hex digits of the id>}, the user part reduced to what a ref may hold. */
    static String generatedBranch(String user, UUID id) {
        String safe = user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("\\.{2,}", ".")
                .replaceAll("^[.-]+", "").replaceAll("[.-]+$", "");
        if (safe.endsWith(".lock")) {
            safe = safe.substring(0, safe.length() - ".lock".length());
        }
        if (safe.length() > 40) {
            safe = safe.substring(0, 40).replaceAll("[.-]+$", "");
        }
        if (safe.isEmpty()) {
            safe = "user";
        }
        return "podbench/" + safe + "/" + id.toString().substring(0, 8);
    }

    static UUID parseId(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field + " is required", Map.of("field", field));
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field + " is not a valid id", Map.of("field", field));
        }
    }

    private static SessionState parseState(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return SessionState.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("state must be one of starting, active, ending, ended, failed",
                    Map.of("state", value));
        }
    }

    private static StateConflict branchInUse(String branch, UUID holder) {
        return new StateConflict("branch '" + branch + "' is in use by another session",
                holder == null ? Map.of("branch", branch) : Map.of("branch", branch, "sessionId", holder.toString()));
    }

    private record Loaded(Session session, Repository repository) {
    }

    private record Placed(PodRef pod, Worktree worktree) {
    }

    /** Where a start's time went, logged at DEBUG: the figures behind bench/session-bench. */
    private static final class StartTimings {
        private final Instant requested;
        private final Clock clock;
        private final long began = System.nanoTime();
        private long pod;
        private long worktree;

        StartTimings(Instant requested, Clock clock) {
            this.requested = requested;
            this.clock = clock;
        }

        void podReady() {
            pod = System.nanoTime();
        }

        void worktreeReady() {
            worktree = System.nanoTime();
        }

        void log(UUID id) {
            if (LOG.isDebugEnabled()) {
                long now = System.nanoTime();
                LOG.debugf("session %s active %d ms after its request: queued %d ms, pod %d ms, fetch and worktree "
                        + "%d ms, recorded %d ms", id, java.time.Duration.between(requested, clock.instant()).toMillis(),
                        java.time.Duration.between(requested, clock.instant()).toMillis() - (now - began) / 1_000_000,
                        (pod - began) / 1_000_000, (worktree - pod) / 1_000_000, (now - worktree) / 1_000_000);
            }
        }
    }
}
