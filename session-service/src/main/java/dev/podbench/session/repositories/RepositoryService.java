package dev.podbench.session.repositories;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.podbench.contexts.Contexts;
import dev.podbench.session.errors.InvalidInput;
import dev.podbench.session.errors.NotFound;
import dev.podbench.session.errors.NotPermitted;
import dev.podbench.session.errors.StateConflict;
import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.http.Caller;
import dev.podbench.session.sessions.SessionEnding;
import dev.podbench.session.sessions.SessionWorkspace;
import dev.podbench.session.support.Failures;

/**
 * Repositories are shared by everybody (sessions are per user). Registration validates the clone URL and asks the
 * remote before anything is stored, so a stored repository is one a session can start in.
 */
@ApplicationScoped
public class RepositoryService {

    private static final int MAX_NAME = 200;
    private static final int MAX_IMAGE = 512;
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");

    /** Expired entries are swept once the branch cache holds more repositories than this. */
    private static final int BRANCH_CACHE_SWEEP_SIZE = 1000;

    private final RepositoryStore repositories;
    private final RemoteProbe remote;
    private final SessionWorkspace workspace;
    private final SessionEnding sessions;
    private final Duration branchesTtl;
    private final int maxBranches;
    /** Repository id → its remote branches (in flight or done) and until when they may be reused. */
    private final Map<UUID, CachedBranches> branchCache = new ConcurrentHashMap<>();

    public RepositoryService(RepositoryStore repositories, RemoteProbe remote, SessionWorkspace workspace,
            SessionEnding sessions, PodbenchConfig config) {
        this.repositories = repositories;
        this.remote = remote;
        this.workspace = workspace;
        this.sessions = sessions;
        this.branchesTtl = config.git().branchesCacheTtl();
        this.maxBranches = config.git().maxBranches();
    }

    public Uni<List<RepositoryView>> list() {
        return Panache.withSession(repositories::listLive).map(all -> all.stream().map(RepositoryView::of).toList());
    }

    public Uni<RepositoryView> get(UUID id) {
        return Panache.withSession(() -> repositories.findLive(id))
                .onItem().ifNull().failWith(() -> new NotFound("repository", id))
                .map(RepositoryView::of);
    }

    /**
     * The remote's branches for the New Session form. Asked at most once per repository within the cache time;
     * callers arriving while the remote is being asked share that answer. A failure is not kept.
     */
    public Uni<RepositoryBranches> branches(UUID id) {
        return Panache.withSession(() -> repositories.findLive(id))
                .onItem().ifNull().failWith(() -> new NotFound("repository", id))
                .flatMap(repository -> Contexts.onCallerContext(remoteBranches(repository))
                        .map(found -> RepositoryBranches.of(repository.defaultBranch, found)));
    }

    private Uni<RemoteProbe.Branches> remoteBranches(Repository repository) {
        return Uni.createFrom().deferred(() -> {
            long now = System.nanoTime();
            if (branchCache.size() > BRANCH_CACHE_SWEEP_SIZE) {
                branchCache.values().removeIf(cached -> cached.expired(now));
            }
            CachedBranches entry = branchCache.compute(repository.id, (key, cached) -> cached != null && !cached.expired(now)
                    ? cached
                    : new CachedBranches(now + branchesTtl.toNanos(),
                            remote.branches(repository.cloneUrl, maxBranches).subscribeAsCompletionStage()));
            entry.branches.whenComplete((found, failure) -> {
                if (failure != null) {
                    branchCache.remove(repository.id, entry);
                }
            });
            // a copy: one caller going away must not cancel the answer the others share
            return Uni.createFrom().completionStage(entry.branches.copy());
        });
    }

    private record CachedBranches(long expiresAt, CompletableFuture<RemoteProbe.Branches> branches) {

        boolean expired(long now) {
            return now - expiresAt >= 0;
        }
    }

    public Uni<RepositoryView> create(NewRepository request, Caller caller) {
        if (request == null) {
            throw new InvalidInput("request body is required", null);
        }
        String name = validName(request.name());
        String cloneUrl = CloneUrls.validate(request.cloneUrl(), "local".equals(workspace.runtimeKind()));
        String image = validImage(request.image());
        String requested = request.defaultBranch();
        Uni<String> defaultBranch = requested == null || requested.isEmpty()
                ? remote.defaultBranch(cloneUrl)
                : workspace.validateBranchName(requested).chain(() -> remote.requireBranch(cloneUrl, requested));
        return Contexts.onCallerContext(defaultBranch)
                .flatMap(branch -> Panache.withTransaction(() -> repositories.liveNameTaken(name).flatMap(taken -> {
                    if (taken) {
                        return Uni.createFrom().failure(nameTaken(name));
                    }
                    Repository repository = new Repository();
                    repository.id = UUID.randomUUID();
                    repository.name = name;
                    repository.cloneUrl = cloneUrl;
                    repository.defaultBranch = branch;
                    repository.image = image;
                    repository.createdBy = caller.name();
                    repository.createdAt = Instant.now();
                    return repositories.persist(repository).call(repositories::flush);
                })))
                .onFailure(Failures::isUniqueViolation).transform(e -> nameTaken(name))
                .map(RepositoryView::of);
    }

    /** Ends the repository's live sessions, then retires it; its pod and the branches in it are left alone. */
    public Uni<Void> delete(UUID id, Caller caller) {
        return Panache.withSession(() -> repositories.findLive(id))
                .onItem().ifNull().failWith(() -> new NotFound("repository", id))
                .flatMap(repository -> {
                    if (!caller.admin() && !caller.name().equals(repository.createdBy)) {
                        return Uni.createFrom().failure(new NotPermitted("only the repository's creator or an admin may delete it", Map.of("id", id.toString())));
                    }
                    return sessions.endAll(id).chain(() -> Panache.withTransaction(() -> repositories
                            .update("deletedAt = ?1 where id = ?2 and deletedAt is null", Instant.now(), id)));
                })
                .replaceWithVoid();
    }

    private static String validName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput("name is required", Map.of("field", "name"));
        }
        String name = raw.strip();
        if (name.length() > MAX_NAME) {
            throw new InvalidInput("name is longer than " + MAX_NAME + " characters", Map.of("field", "name"));
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput("name must not contain control characters", Map.of("field", "name"));
        }
        return name;
    }

    private static String validImage(String image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        if (image.length() > MAX_IMAGE || !IMAGE.matcher(image).matches()) {
            throw new InvalidInput("image is not a valid container image reference", Map.of("field", "image"));
        }
        return image;
    }

    private static StateConflict nameTaken(String name) {
        return new StateConflict("a repository named '" + name + "' already exists", Map.of("name", name));
    }
}
