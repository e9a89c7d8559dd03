package dev.podbench.workspace.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class GitParsersTest {

    @Test
    void statusHeaderVariants() {
        assertThat(GitParsers.parseStatus("## main...origin/main [ahead 1, behind 2]\0", false))
                .isEqualTo(new GitParsers.Status("main", "origin/main", false, false, List.of()));
        assertThat(GitParsers.parseStatus("## feature/x...origin/feature/x [gone]\0", false))
                .isEqualTo(new GitParsers.Status("feature/x", "origin/feature/x", true, false, List.of()));
        assertThat(GitParsers.parseStatus("## topic\0", false))
                .isEqualTo(new GitParsers.Status("topic", null, false, false, List.of()));
        assertThat(GitParsers.parseStatus("## HEAD (no branch)\0", false))
                .isEqualTo(new GitParsers.Status(null, null, false, false, List.of()));
        assertThat(GitParsers.parseStatus("## No commits yet on main\0", false))
                .isEqualTo(new GitParsers.Status("main", null, false, true, List.of()));
        assertThat(GitParsers.parseStatus("", false))
                .isEqualTo(new GitParsers.Status(null, null, false, false, List.of()));
    }

    @Test
    void statusEntriesWithRenamesAndOddNames() {
        String out = "## main\0 M a b.txt\0R  new name\0old name\0?? dir/ü\0UU conflict\0C  copy\0orig\0";
        assertThat(GitParsers.parseStatus(out, false).files()).containsExactly(
                new DirtyFile("a b.txt", " M"),
                new DirtyFile("new name", "R ", "old name"),
                new DirtyFile("dir/ü", "??"),
                new DirtyFile("conflict", "UU"),
                new DirtyFile("copy", "C ", "orig"));
    }

    @Test
    void truncatedStatusDropsThePartialEntry() {
        assertThat(GitParsers.parseStatus("## main\0 M one\0 M tw", true).files())
                .containsExactly(new DirtyFile("one", " M"));
    }

    @Test
    void worktreeList() {
        String out = "worktree /pods/r/repo.git\0bare\0\0"
                + "worktree /pods/r/worktrees/s1\0HEAD 1111111111111111111111111111111111111111\0branch refs/heads/feature/x\0\0"
                + "worktree /pods/r/worktrees/s2\0HEAD 2222222222222222222222222222222222222222\0detached\0locked reason\0"
                + "prunable gitdir file points to non-existent location\0\0";
        assertThat(GitParsers.parseWorktreeList(out)).containsExactly(
                new WorktreeInfo("/pods/r/repo.git", null, null, true, false, false, false),
                new WorktreeInfo("/pods/r/worktrees/s1", "1111111111111111111111111111111111111111", "feature/x",
                        false, false, false, false),
                new WorktreeInfo("/pods/r/worktrees/s2", "2222222222222222222222222222222222222222", null, false,
                        true, true, true));
    }

    @Test
    void commitsAndCounts() {
        assertThat(GitParsers.parseCommits("abc\0subject one\ndef\0subject: two\0x\n")).containsExactly(
                new Commit("abc", "subject one"), new Commit("def", "subject: two\0x"));
        assertThat(GitParsers.parseCommits("")).isEmpty();
        assertThat(GitParsers.parseLeftRight("3\t4\n")).containsExactly(3, 4);
        assertThatThrownBy(() -> GitParsers.parseLeftRight("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lockContentionIsRecognised() {
        assertThat(PodGit.isLockContention(
                "fatal: Unable to create '/r/repo.git/index.lock': File exists.")).isTrue();
        assertThat(PodGit.isLockContention("error: cannot lock ref 'refs/remotes/origin/main'")).isTrue();
        assertThat(PodGit.isLockContention("error: could not lock config file config: File exists")).isTrue();
        assertThat(PodGit.isLockContention("fatal: 'x' is not a valid branch name")).isFalse();
    }
}
