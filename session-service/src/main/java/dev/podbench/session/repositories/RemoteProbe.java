package dev.podbench.session.repositories;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.podbench.session.errors.RemoteUnusable;
import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.session.git.GitCli;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.git.GitEnvironment;

/**
 * Asks a remote what a repository registration needs to know, before any pod exists: that it answers at all, and
 * its default branch. Anything that goes wrong on the remote side is a 422 the user can fix (URL, access, branch),
 * never a 500.
 */
@ApplicationScoped
public class RemoteProbe {

    private static final String HEADS = "refs/heads/";
    private static final Pattern SYMREF_HEAD = Pattern.compile("^ref: refs/heads/(\\S+)\\tHEAD$", Pattern.MULTILINE);

    private final GitCli git;
    private final Duration timeout;
    private final Map<String, String> env;

    public RemoteProbe(GitCli git, PodbenchConfig config, WorkspaceRuntime runtime) {
        this.git = git;
        this.timeout = config.git().remoteTimeout();
        this.env = GitEnvironment.hardened("local".equals(runtime.kind()) ? GitEnvironment.LOCAL_PROTOCOLS
                : GitEnvironment.REMOTE_PROTOCOLS);
    }

    /** The branch the remote's HEAD points to. */
    public Uni<String> defaultBranch(String cloneUrl) {
        return git.run(List.of("ls-remote", "--symref", "--", cloneUrl, "HEAD"), env, timeout).map(result -> {
            requireReachable(result);
            Matcher head = SYMREF_HEAD.matcher(result.stdout());
            if (!head.find()) {
                throw new RemoteUnusable("the remote has no default branch (is the repository empty?)",
                        Map.of("cloneUrl", cloneUrl));
            }
            return head.group(1);
        });
    }

    /** Fails with a 422 unless the remote has the branch. */
    public Uni<String> requireBranch(String cloneUrl, String branch) {
        String ref = "refs/heads/" + branch;
        return git.run(List.of("ls-remote", "--heads", "--", cloneUrl, ref), env, timeout).map(result -> {
            requireReachable(result);
            boolean found = result.stdout().lines().anyMatch(line -> line.endsWith("\t" + ref));
            if (!found) {
                throw new RemoteUnusable("branch '" + branch + "' does not exist on the remote",
                        Map.of("defaultBranch", branch));
            }
            return branch;
        });
    }

    /**
     * The remote's branches ({@code git ls-remote --heads}), sorted, at most {@code max} of them: a longer list is
     * cut and flagged.
     */
    public Uni<Branches> branches(String cloneUrl, int max) {
        return git.run(List.of("ls-remote", "--heads", "--", cloneUrl), env, timeout).map(result -> {
            requireReachable(result);
            List<String> lines = result.stdout().lines().toList();
            if (result.stdoutTruncated() && !lines.isEmpty()) {
                // the last line may have been cut in the middle
                lines = lines.subList(0, lines.size() - 1);
            }
            List<String> names = lines.stream()
                    .map(line -> line.substring(line.indexOf('\t') + 1))
                    .filter(ref -> ref.startsWith(HEADS) && ref.length() > HEADS.length())
                    .map(ref -> ref.substring(HEADS.length()))
                    .sorted().distinct().toList();
            boolean truncated = result.stdoutTruncated() || names.size() > max;
            return new Branches(truncated ? names.subList(0, Math.min(max, names.size())) : names, truncated);
        });
    }

    /** Branch names on a remote; {@code truncated}: the remote has more than these. */
    public record Branches(List<String> names, boolean truncated) {
    }

    private void requireReachable(GitCli.Result result) {
        if (result.timedOut()) {
            throw new RemoteUnusable("the repository could not be reached",
                    "no answer within " + timeout.toSeconds() + " s");
        }
        if (!result.ok()) {
            throw new RemoteUnusable("the repository could not be reached", result.lastErrorLine());
        }
    }
}
