package dev.podbench.session.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.podbench.events.session.SessionEndReason;
import dev.podbench.events.session.SessionState;
import dev.podbench.session.api.ApiException;
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
 * the background.
 */
@ApplicationScoped
public class SessionService {

    private static final Logger LOG = Logger.getLogger(SessionService.class);
    static final Caller SYSTEM = new Caller("podbench", true);
    /** An end request still cleaning up after this long has lost its worker (failure or restart). */
    private static final java.time.Duration STUCK_ENDING = java.time.Duration.ofSeconds(30);

    private final SessionStore sessions;
    private final RepositoryStore repositories;
    private final Outbox outbox;
    private final SessionEvents events;
    private final SessionWorkspace workspace;
    private final PodbenchConfig config;
    private final Vertx vertx;
    /** Sessions whose workspace work (start or end) runs in this process right now; the sweeper leaves them alone. */
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();

    public SessionService(SessionStore sessions, RepositoryStore repositories, Outbox outbox, SessionEvents events,
            SessionWorkspace workspace, PodbenchConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.repositories = repositories;
        this.outbox = outbox;
        this.events = events;
        this.workspace = workspace;
        this.config = config;
        this.vertx = vertx;
    }

    // ------------------------------------------------------------------------------------------------ start

    public Uni<SessionView> start(NewSession request, Caller caller) {
        if (request == null) {
            throw ApiException.badRequest("request body is required", null);
        }
        UUID repositoryId = parseId(request.repositoryId(), "repositoryId");
        UUID id = UUID.randomUUID();
        String branch = request.branch() == null ? generatedBranch(caller.name(), id) : request.branch();
        Instant now = Instant.now();
        // A generated name is valid by construction; only a name the user chose needs git's verdict.
        Uni<Void> validated = request.branch() == null ? Uni.createFrom().voidItem() : workspace.validateBranchName(branch);
        return validated.chain(() -> Panache.withTransaction(() -> repositories.findLive(repositoryId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("repository", repositoryId))
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
                                    .call(() -> outbox.append(events.snapshot(s, repository.name)));
                        }))))
                .onFailure(Failures::isUniqueViolation).recoverWithUni(e -> Panache.withSession(
                        () -> sessions.findLiveOnBranch(repositoryId, branch))
                        .flatMap(holder -> Uni.createFrom().failure(
                                branchInUse(branch, holder == null ? null : holder.id))))
                .invoke(s -> {
                    outbox.committed();
                    inBackground(s.id, () -> prepare(s.id));
                })
                .map(SessionView::of);
    }

    /** Pod, fetch, worktree; then {@code active}, or {@code failed} with the reason. */
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
                    StartTimings timings = new StartTimings(s.createdAt);
                    return workspace.pod(repository)
                            .invoke(timings::podReady)
                            .flatMap(pod -> workspace.createWorktree(pod, s, repository.defaultBranch)
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
            Instant now = Instant.now();
            s.state = SessionState.ACTIVE;
            s.startedAt = now;
            s.lastActivityAt = now;
            return outbox.append(events.started(s))
                    .call(() -> outbox.append(events.snapshot(s, repository.name)))
                    .replaceWith(s);
        })).flatMap(s -> {
            outbox.committed();
            return s.state == SessionState.ENDING ? cleanUp(s).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> failStart(UUID id, String reason, Repository repository) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            Instant now = Instant.now();
            if (s.state == SessionState.STARTING) {
                s.state = SessionState.FAILED;
                s.failureReason = reason;
                s.endedAt = now;
                return outbox.append(events.failed(s)).call(() -> outbox.append(events.snapshot(s, repository.name)));
            }
            if (s.state == SessionState.ENDING) {
                // Ended while starting, and there is no worktree to remove.
                s.state = SessionState.ENDED;
                return outbox.append(events.snapshot(s, repository.name));
            }
            return Uni.createFrom().voidItem();
        })).invoke(outbox::committed).replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------------ end

    public Uni<SessionView> end(UUID id, Caller caller, SessionEndReason reason) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            if (s == null || !caller.mayAccess(s.owner)) {
                return Uni.createFrom().failure(ApiException.notFound("session", id));
            }
            if (s.state != SessionState.STARTING && s.state != SessionState.ACTIVE) {
                // Ending twice (or ending a failed session) changes nothing.
                return Uni.createFrom().item(new Transition(s, null));
            }
            SessionState before = s.state;
            s.state = SessionState.ENDING;
            s.endReason = reason;
            s.endedAt = Instant.now();
            return repositories.findById(s.repositoryId).flatMap(repository -> outbox.append(events.ended(s))
                    .call(() -> outbox.append(events.snapshot(s, repository.name)))
                    .replaceWith(new Transition(s, before)));
        })).flatMap(transition -> {
            if (transition.before == null) {
                return Uni.createFrom().item(transition.session);
            }
            outbox.committed();
            // A starting session is cleaned up by its start, which sees the end when it takes the lock.
            return transition.before == SessionState.ACTIVE ? guarded(id, () -> cleanUp(transition.session))
                    : Uni.createFrom().item(transition.session);
        }).map(SessionView::of);
    }

    /**
     * Terminals killed, worktree removed (uncommitted work is lost, as the UI warned), then {@code ended}. The
     * branch and its commits stay in the pod's repository. A failure leaves the session {@code ending}; the sweeper
     * tries again later.
     */
    Uni<Session> cleanUp(Session ending) {
        return Panache.withSession(() -> repositories.findById(ending.repositoryId))
                .flatMap(repository -> ending.pod == null ? Uni.createFrom().voidItem()
                        : workspace.pod(repository)
                                .call(pod -> workspace.killTerminals(pod, ending.id))
                                .call(pod -> ending.worktreePath == null ? Uni.createFrom().voidItem()
                                        : workspace.removeWorktree(pod, ending.worktreePath))
                                .replaceWithVoid())
                .flatMap(ignored -> markEnded(ending.id))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("session %s: cleanup failed, will retry: %s", ending.id, e.getMessage());
                    return ending;
                });
    }

    private Uni<Session> markEnded(UUID id) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            if (s.state != SessionState.ENDING) {
                return Uni.createFrom().item(s);
            }
            s.state = SessionState.ENDED;
            return repositories.findById(s.repositoryId)
                    .flatMap(repository -> outbox.append(events.snapshot(s, repository.name)))
                    .replaceWith(s);
        })).invoke(outbox::committed);
    }

    /** Ends every live session of a repository (it is being deleted). */
    public Uni<Void> endAll(UUID repositoryId) {
        return Panache.withSession(() -> sessions.listLive(repositoryId))
                .flatMap(live -> Multi.createFrom().iterable(live)
                        .onItem().transformToUniAndConcatenate(s -> end(s.id, SYSTEM, SessionEndReason.ADMIN))
                        .collect().asList())
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------------ queries

    public Uni<SessionView> get(UUID id, Caller caller) {
        return Panache.withSession(() -> sessions.findVisible(id, caller))
                .onItem().ifNull().failWith(() -> ApiException.notFound("session", id))
                .map(SessionView::of);
    }

    public Uni<SessionPage> list(Caller caller, String state, String repositoryId, Integer page, Integer size) {
        SessionState stateFilter = parseState(state);
        UUID repositoryFilter = repositoryId == null || repositoryId.isEmpty() ? null : parseId(repositoryId, "repositoryId");
        int pageIndex = page == null ? 0 : page;
        int pageSize = size == null ? config.sessions().defaultPageSize() : size;
        int max = config.sessions().maxPageSize();
        if (pageIndex < 0) {
            throw ApiException.badRequest("page must be 0 or more", Map.of("page", pageIndex));
        }
        if (pageSize < 1 || pageSize > max) {
            throw ApiException.badRequest("size must be between 1 and " + max, Map.of("size", pageSize));
        }
        return Panache.withSession(() -> sessions.page(caller, stateFilter, repositoryFilter, pageIndex, pageSize)
                .flatMap(items -> sessions.count(caller, stateFilter, repositoryFilter)
                        .map(total -> new SessionPage(items.stream().map(SessionView::of).toList(), pageIndex, pageSize,
                                total))));
    }

    public Uni<WorktreeView> worktree(UUID id, Caller caller) {
        return Panache.withSession(() -> sessions.findVisible(id, caller)
                .onItem().ifNull().failWith(() -> ApiException.notFound("session", id))
                .flatMap(s -> {
                    if (s.state != SessionState.ACTIVE) {
                        return Uni.createFrom().failure(ApiException.conflict("the session is not active",
                                Map.of("state", s.state.value())));
                    }
                    return repositories.findById(s.repositoryId).map(r -> new Loaded(s, r));
                }))
                .flatMap(loaded -> workspace.pod(loaded.repository)
                        .flatMap(pod -> workspace.status(pod, loaded.session)));
    }

    // ------------------------------------------------------------------------------------------------ idle policy

    /** Marks activity seen by a gateway; a warned session is un-warned by it. */
    public Uni<Void> recordActivity(UUID id, Instant at) {
        return Panache.withTransaction(() -> sessions.recordActivity(id, at)).replaceWithVoid();
    }

    /** Warns sessions idle for longer than the configured time; ends those still idle a grace period after. */
    public Uni<Void> applyIdlePolicy() {
        Instant now = Instant.now();
        Instant warnBefore = now.minus(config.idle().warnAfter());
        Instant endBefore = now.minus(config.idle().grace());
        return Panache.withSession(() -> sessions.idleUnwarned(warnBefore))
                .flatMap(idle -> each(idle, s -> warn(s.id, warnBefore)))
                .flatMap(ignored -> Panache.withSession(() -> sessions.warnedAndStillIdle(endBefore)))
                .flatMap(idle -> each(idle, s -> {
                    LOG.infof("ending idle session %s of %s", s.id, s.owner);
                    return end(s.id, SYSTEM, SessionEndReason.IDLE).replaceWithVoid();
                }));
    }

    private Uni<Void> warn(UUID id, Instant warnBefore) {
        return Panache.withTransaction(() -> sessions.lock(id).flatMap(s -> {
            if (s.state != SessionState.ACTIVE || s.idleWarnedAt != null || !s.lastActivityAt.isBefore(warnBefore)) {
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            s.idleWarnedAt = now;
            return outbox.append(events.idleWarning(s, now.plus(config.idle().grace())));
        })).invoke(outbox::committed);
    }

    public Uni<Void> recordCost(UUID id, java.math.BigDecimal total, Instant at) {
        return Panache.withTransaction(() -> sessions.recordCost(id, total, at)).replaceWithVoid();
    }

    /**
     * Finishes what was interrupted: cleanups that failed (or whose process died) are retried, and starts that have
     * been running for longer than any start can take are given up. Sessions this process is working on are skipped.
     */
    public Uni<Void> sweep() {
        Instant now = Instant.now();
        return Panache.withSession(() -> sessions.stale(SessionState.ENDING, now.minus(STUCK_ENDING)))
                .flatMap(ending -> each(ending, s -> busy.contains(s.id) ? Uni.createFrom().voidItem()
                        : guarded(s.id, () -> cleanUp(s)).replaceWithVoid()))
                .flatMap(ignored -> Panache.withSession(
                        () -> sessions.stale(SessionState.STARTING, now.minus(config.sessions().startTimeout()))))
                .flatMap(starting -> each(starting, s -> busy.contains(s.id) ? Uni.createFrom().voidItem()
                        : Panache.withSession(() -> repositories.findById(s.repositoryId)).flatMap(
                                r -> failStart(s.id, "the session did not start within "
                                        + config.sessions().startTimeout().toMinutes() + " minutes", r))));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Runs workspace work for a session off the request, on a fresh Vert.x context of its own. */
    private void inBackground(UUID id, java.util.function.Supplier<Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> guarded(id, work).subscribe().with(
                done -> {
                },
                failure -> LOG.errorf(failure, "session %s: background work failed", id)));
    }

    private <T> Uni<T> guarded(UUID id, java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            busy.add(id);
            return work.get();
        }).onTermination().invoke(() -> busy.remove(id));
    }

    private static Uni<Void> each(List<Session> list, Function<Session, Uni<Void>> action) {
        return Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(s -> action.apply(s)
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf(e, "session %s: %s", s.id, e.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }

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
            throw ApiException.badRequest(field + " is required", Map.of("field", field));
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " is not a valid id", Map.of("field", field));
        }
    }

    private static SessionState parseState(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return SessionState.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state must be one of starting, active, ending, ended, failed",
                    Map.of("state", value));
        }
    }

    private static ApiException branchInUse(String branch, UUID holder) {
        return ApiException.conflict("branch '" + branch + "' is in use by another session",
                holder == null ? Map.of("branch", branch) : Map.of("branch", branch, "sessionId", holder.toString()));
    }

    private record Loaded(Session session, Repository repository) {
    }

    private record Placed(PodRef pod, Worktree worktree) {
    }

    /** Where a start's time went, logged at DEBUG: the figures behind bench/session-bench. */
    private static final class StartTimings {
        private final Instant requested;
        private final long began = System.nanoTime();
        private long pod;
        private long worktree;

        StartTimings(Instant requested) {
            this.requested = requested;
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
                        + "%d ms, recorded %d ms", id, java.time.Duration.between(requested, Instant.now()).toMillis(),
                        java.time.Duration.between(requested, Instant.now()).toMillis() - (now - began) / 1_000_000,
                        (pod - began) / 1_000_000, (worktree - pod) / 1_000_000, (now - worktree) / 1_000_000);
            }
        }
    }

    private record Transition(Session session, SessionState before) {
    }
}
