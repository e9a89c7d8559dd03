package dev.podbench.pr.api;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;
import dev.podbench.pr.PrTrackerConfig;
import dev.podbench.pr.tracking.PullRequestStore;
import dev.podbench.pr.tracking.PullRequestStore.StateFilter;
import dev.podbench.sessions.SessionDirectory;
import io.smallrye.mutiny.Uni;

/**
 * What the API answers about pull requests: owner only, an admin everything. Ownership is the shared session
 * directory's (libs/sessions); an ended session stays there, so its pull requests stay listed.
 */
@ApplicationScoped
public class PullRequestQueries {

    private static final Set<String> STATES = Set.of("open", "draft", "closed", "merged");

    private final PullRequestStore store;
    private final SessionDirectory directory;
    private final Duration sessionWait;

    public PullRequestQueries(PullRequestStore store, SessionDirectory directory, PrTrackerConfig config) {
        this.store = store;
        this.directory = directory;
        this.sessionWait = config.api().sessionWait();
    }

    /** A session's pull requests, oldest first; an unknown session and someone else's are both a 404. */
    public Uni<List<PullRequestView>> ofSession(Caller caller, String sessionId) {
        return directory.awaitVisible(sessionId, caller.name(), caller.admin(), sessionWait)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("session", sessionId)))
                .chain(session -> store.forSession(sessionId))
                .map(rows -> rows.stream().map(PullRequestView::of).toList());
    }

    /**
     * Across sessions, newest first: the caller's (all for an admin), optionally only in one state
     * ({@code open}, {@code draft}, {@code closed}, {@code merged}) and of one Podbench repository.
     */
    public Uni<List<PullRequestView>> across(Caller caller, String state, String repositoryId) {
        StateFilter stateFilter = parseState(state);
        String repository = repositoryId == null || repositoryId.isBlank() ? null : repositoryId.strip();
        Optional<Set<String>> sessions = caller.admin() && repository == null ? Optional.empty()
                : Optional.of(directory.matching(s -> caller.mayAccess(s.owner())
                        && (repository == null || repository.equals(s.repositoryId())))
                        .stream().map(s -> s.sessionId()).collect(Collectors.toSet()));
        if (sessions.isPresent() && sessions.get().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return store.list(sessions, stateFilter).map(rows -> rows.stream().map(PullRequestView::of).toList());
    }

    private static StateFilter parseState(String state) {
        if (state == null || state.isBlank()) {
            return StateFilter.ANY;
        }
        String value = state.strip().toLowerCase(Locale.ROOT);
        if (!STATES.contains(value)) {
            throw ApiException.badRequest("the state filter must be open, draft, closed or merged",
                    Map.of("field", "state", "value", state));
        }
        return StateFilter.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
