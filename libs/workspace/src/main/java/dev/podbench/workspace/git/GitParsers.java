package dev.podbench.workspace.git;

import java.util.ArrayList;
import java.util.List;

/** Parsers for git's machine-readable output. Pure functions, unit-tested on their own. */
final class GitParsers {

    private GitParsers() {
    }

    /** The {@code ## ...} header and the entries of {@code git status --porcelain=v1 -z --branch}. */
    record Status(String branch, String upstream, boolean upstreamGone, boolean unborn, List<DirtyFile> files) {
    }

    /**
     * @param output    the NUL-separated output
     * @param truncated whether the output was cut: the last, possibly partial, entry is then dropped
     */
    static Status parseStatus(String output, boolean truncated) {
        List<String> tokens = new ArrayList<>(List.of(output.split("\0", -1)));
        // a complete output ends with NUL, leaving an empty last token; a truncated one may end mid-entry
        String last = tokens.remove(tokens.size() - 1);
        if (!last.isEmpty() && !truncated) {
            tokens.add(last);
        }
        String branch = null;
        String upstream = null;
        boolean gone = false;
        boolean unborn = false;
        List<DirtyFile> files = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String entry = tokens.get(i);
            if (entry.startsWith("## ")) {
                String header = entry.substring(3);
                for (String prefix : new String[] { "No commits yet on ", "Initial commit on " }) {
                    if (header.startsWith(prefix)) {
                        unborn = true;
                        header = header.substring(prefix.length());
                    }
                }
                if (header.startsWith("HEAD (no branch)")) {
                    continue;
                }
                int space = header.indexOf(' ');
                String names = space < 0 ? header : header.substring(0, space);
                int dots = names.indexOf("...");
                branch = dots < 0 ? names : names.substring(0, dots);
                upstream = dots < 0 ? null : names.substring(dots + 3);
                gone = space >= 0 && header.substring(space).contains("[gone]");
                continue;
            }
            if (entry.length() < 4) {
                continue;
            }
            String code = entry.substring(0, 2);
            String path = entry.substring(3);
            String original = null;
            if ((code.indexOf('R') >= 0 || code.indexOf('C') >= 0) && i + 1 < tokens.size()) {
                original = tokens.get(++i);
            }
            files.add(new DirtyFile(path, code, original));
        }
        return new Status(branch, upstream, gone, unborn, files);
    }

    /** {@code git worktree list --porcelain -z}: attribute lines ended by NUL, records ended by an extra NUL. */
    static List<WorktreeInfo> parseWorktreeList(String output) {
        List<WorktreeInfo> result = new ArrayList<>();
        String path = null;
        String head = null;
        String branch = null;
        boolean bare = false;
        boolean detached = false;
        boolean locked = false;
        boolean prunable = false;
        for (String line : output.split("\0", -1)) {
            if (line.isEmpty()) {
                if (path != null) {
                    result.add(new WorktreeInfo(path, head, branch, bare, detached, locked, prunable));
                }
                path = null;
                head = null;
                branch = null;
                bare = false;
                detached = false;
                locked = false;
                prunable = false;
                continue;
            }
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (key) {
                case "worktree" -> path = value;
                case "HEAD" -> head = value;
                case "branch" -> branch = value.startsWith("refs/heads/") ? value.substring("refs/heads/".length())
                        : value;
                case "bare" -> bare = true;
                case "detached" -> detached = true;
                case "locked" -> locked = true;
                case "prunable" -> prunable = true;
                default -> {
                    // newer git versions may add attributes
                }
            }
        }
        if (path != null) {
            result.add(new WorktreeInfo(path, head, branch, bare, detached, locked, prunable));
        }
        return result;
    }

    /** {@code git log --format=%H%x00%s}: one commit per line. */
    static List<Commit> parseCommits(String output) {
        List<Commit> commits = new ArrayList<>();
        for (String line : output.split("\n")) {
            int nul = line.indexOf('\0');
            if (nul > 0) {
                commits.add(new Commit(line.substring(0, nul), line.substring(nul + 1)));
            }
        }
        return commits;
    }

    /** {@code git rev-list --left-right --count A...B}: "left\tright". */
    static int[] parseLeftRight(String output) {
        String[] parts = output.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("unexpected rev-list output: " + output);
        }
        return new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) };
    }
}
