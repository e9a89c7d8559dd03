package dev.podbench.session.pods;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.podbench.session.repositories.Repository;
import dev.podbench.session.repositories.RepositoryStore;
import dev.podbench.session.sessions.Session;
import dev.podbench.session.sessions.SessionStore;
import dev.podbench.session.sessions.SessionWorkspace;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.config.WorkspaceRuntimeConfig;
import dev.podbench.workspace.kubernetes.KubernetesWorkspaceRuntime;

/**
 * Deletes repository pods nobody uses: a pod with no live session for {@code podbench.workspace.kubernetes.idle-pod-timeout}
 * goes (its worktrees with it; branches and commits that were pushed stay on the remote). This service owns the
 * sessions, so it is the one that knows which pods are in use. A pod counts as used while a session on it is
 * starting, active or ending, and every pod of a repository counts as used while one of its sessions is still
 * starting without a pod. The idle clock starts when this instance first sees the pod unused (a restart starts it
 * again: never early). Only the {@code kubernetes} runtime has pods to reclaim; the local one's are directories.
 */
@ApplicationScoped
public class IdlePodReclaimer {

    private static final Logger LOG = Logger.getLogger(IdlePodReclaimer.class);

    private final WorkspaceRuntime runtime;
    private final RepositoryStore repositories;
    private final SessionStore sessions;
    private final SessionWorkspace workspace;
    private final Duration idleTimeout;
    private final Clock clock;
    /** Pod name → when it was first seen without a session. */
    private final Map<String, Instant> idleSince = new ConcurrentHashMap<>();

    public IdlePodReclaimer(WorkspaceRuntime runtime, RepositoryStore repositories, SessionStore sessions,
            SessionWorkspace workspace, WorkspaceRuntimeConfig config, Clock clock) {
        this.runtime = runtime;
        this.repositories = repositories;
        this.sessions = sessions;
        this.workspace = workspace;
        this.idleTimeout = config.kubernetes().idlePodTimeout();
        this.clock = clock;
    }

    @Scheduled(identity = "idle-pod-reclaim", every = "${podbench.pods.reclaim-interval:1m}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> run() {
        if (!KubernetesWorkspaceRuntime.KIND.equals(runtime.kind())) {
            return Uni.createFrom().voidItem();
        }
        // the database first (on this Vert.x context), then only runtime calls
        return Panache.withSession(() -> repositories.listLive()
                .flatMap(repos -> sessions.listAllLive().map(live -> new Usage(repos, live))))
                .flatMap(usage -> Multi.createFrom().iterable(usage.repositories())
                        .onItem().transformToUniAndConcatenate(repository -> reclaim(repository, usage))
                        .collect().last().replaceWithVoid())
                .onFailure().invoke(e -> LOG.warnf(e, "idle pod reclaim failed; retrying at the next run"))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> reclaim(Repository repository, Usage usage) {
        boolean starting = usage.live().stream()
                .anyMatch(s -> s.repositoryId.equals(repository.id) && s.pod == null);
        return runtime.listPods(repository.id.toString())
                .flatMap(pods -> Multi.createFrom().iterable(pods)
                        .onItem().transformToUniAndConcatenate(pod -> starting || usage.busyPods().contains(pod.name())
                                ? Uni.createFrom().item(idleSince.remove(pod.name())).replaceWithVoid()
                                : reclaimIfIdleLongEnough(repository, pod))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> reclaimIfIdleLongEnough(Repository repository, PodRef pod) {
        Instant now = clock.instant();
        Instant since = idleSince.computeIfAbsent(pod.name(), name -> now);
        if (Duration.between(since, now).compareTo(idleTimeout) < 0) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("pod %s of repository %s has had no session for %s; deleting it", pod.name(), repository.id,
                Duration.between(since, now));
        workspace.forgetPod(pod.name());
        return runtime.deletePod(pod).invoke(() -> idleSince.remove(pod.name()));
    }

    /** The live repositories, the live sessions, and the pods those sessions are on. */
    private record Usage(List<Repository> repositories, List<Session> live, Set<String> busyPods) {
        Usage(List<Repository> repositories, List<Session> live) {
            this(repositories, live, podsOf(live));
        }

        private static Set<String> podsOf(List<Session> live) {
            Set<String> pods = new HashSet<>();
            live.forEach(s -> {
                if (s.pod != null) {
                    pods.add(s.pod);
                }
            });
            return pods;
        }
    }
}
