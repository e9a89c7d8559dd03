package dev.podbench.terminal.shell;

import java.util.Map;

/**
 * A short prompt for a session's shell: the repository and the current branch ({@code podbench-demo main $})
 * instead of the whole worktree path, which wrapped to two lines at every prompt.
 *
 * <p>Set through the environment of the new shell only, never by writing the user's shell files: bash imports
 * {@code PROMPT_COMMAND}, which sets {@code PS1} before the first prompt (after {@code .bashrc} ran, so it wins
 * over a {@code PS1} from there) and then removes itself, so a {@code PS1} the user sets later in the shell
 * stays; a user's own {@code PROMPT_COMMAND} (set in their files) replaces ours. The
 * repository name reaches the prompt as a variable expanded at prompt time, never as prompt code, so no name can
 * inject commands; the branch is asked from git at each prompt (a {@code git switch} shows at once). Other shells
 * ignore both variables and keep their own prompt.
 */
final class ShellPrompt {

    static final String REPOSITORY_VARIABLE = "PODBENCH_REPOSITORY";
    private static final String PS1 = "\\[\\e[1;36m\\]${" + REPOSITORY_VARIABLE + "}\\[\\e[0m\\] "
            + "\\[\\e[35m\\]$(git branch --show-current 2>/dev/null)\\[\\e[0m\\] \\$ ";

    private ShellPrompt() {
    }

    static Map<String, String> environment(String repositoryName) {
        return Map.of(REPOSITORY_VARIABLE, repositoryName == null ? "" : repositoryName,
                "PROMPT_COMMAND", "PS1='" + PS1 + "'; unset PROMPT_COMMAND");
    }
}
