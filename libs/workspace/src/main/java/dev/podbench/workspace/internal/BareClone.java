package dev.podbench.workspace.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.git.GitCommandException;

/**
 * The steps of a pod's bare clone that every runtime takes alike, once the repository is initialised
 * ({@code git init --bare}) and has its {@code remote.origin.url}: fetch into {@code refs/remotes/origin/*} only (no
 * local branch, so none is occupied for a worktree), {@code push.autoSetupRemote}, the repository id, the first
 * fetch, and {@code origin/HEAD} (the default branch when origin has it, else what origin says). How git runs (a
 * local process, an exec in a pod) is the runtime's.
 */
public final class BareClone {

    private static final Logger LOG = Logger.getLogger(BareClone.class);

    /** Runs {@code git <args>} in {@code cwd}, on the calling (blocking) thread. */
    @FunctionalInterface
    public interface Git {
        CommandResult run(String cwd, Duration timeout, String... args);
    }

    private final Git git;
    private final Duration commandTimeout;

    public BareClone(Git git, Duration commandTimeout) {
        this.git = git;
        this.commandTimeout = commandTimeout;
    }

    /** Configures and fetches the freshly initialised bare repository {@code repo}. */
    public void configureAndFetch(String repo, String repositoryId, String defaultBranch, Duration fetchTimeout) {
        require(repo, commandTimeout, "config", "--", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*");
        require(repo, commandTimeout, "config", "--", "push.autoSetupRemote", "true");
        require(repo, commandTimeout, "config", "--", "podbench.repositoryId", repositoryId);
        require(repo, fetchTimeout, "fetch", "--quiet", "--prune", "origin");
        setOriginHead(repo, defaultBranch);
    }

    /** Runs git and fails with {@link GitCommandException} unless it succeeded. */
    public void require(String cwd, Duration timeout, String... args) {
        CommandResult result = git.run(cwd, timeout, args);
        if (!result.succeeded()) {
            List<String> argv = new ArrayList<>(List.of(args));
            argv.add(0, "git");
            throw new GitCommandException(argv, result.exitCode(), result.stderr());
        }
    }

    private void setOriginHead(String repo, String defaultBranch) {
        if (defaultBranch != null && !defaultBranch.isBlank() && !defaultBranch.startsWith("-")) {
            String ref = "refs/remotes/origin/" + defaultBranch;
            if (git.run(repo, commandTimeout, "show-ref", "--verify", "--quiet", "--", ref).succeeded()) {
                require(repo, commandTimeout, "symbolic-ref", "refs/remotes/origin/HEAD", ref);
                require(repo, commandTimeout, "symbolic-ref", "HEAD", "refs/heads/" + defaultBranch);
                return;
            }
        }
        CommandResult auto = git.run(repo, commandTimeout, "remote", "set-head", "origin", "--auto");
        if (!auto.succeeded()) {
            LOG.debugf("could not determine origin/HEAD of %s: %s", repo, auto.stderr());
        }
    }
}
