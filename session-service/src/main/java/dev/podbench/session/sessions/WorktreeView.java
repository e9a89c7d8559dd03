package dev.podbench.session.sessions;

import java.util.List;

/** {@code GET /api/sessions/{id}/worktree}: what ending the session would throw away or leave unpushed. */
public record WorktreeView(String branch, List<DirtyFileView> dirtyFiles, List<CommitView> unpushedCommits, int ahead,
        int behind, String comparedTo) {

    public record DirtyFileView(String path, String status) {
    }

    public record CommitView(String sha, String subject) {
    }
}
