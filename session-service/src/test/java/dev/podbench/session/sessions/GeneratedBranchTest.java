package dev.podbench.session.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.podbench.workspace.git.Worktrees;

/** {@code podbench/<user>/<short-id>} stays a valid ref whatever the user name looks like. */
class GeneratedBranchTest {

    static final UUID ID = UUID.fromString("1a2b3c4d-0000-4000-8000-000000000000");

    @ParameterizedTest
    @CsvSource({
            "alice, podbench/alice/1a2b3c4d",
            "Jane.Doe@Example.com, podbench/jane.doe-example.com/1a2b3c4d",
            "..evil..user.lock, podbench/evil.user/1a2b3c4d",
            "-rf, podbench/rf/1a2b3c4d",
            "'  ', podbench/user/1a2b3c4d",
            "ünïcødé, podbench/n-c-d/1a2b3c4d" })
    void userNamesAreReducedToWhatARefMayHold(String user, String expected) {
        String branch = SessionService.generatedBranch(user, ID);
        assertThat(branch).isEqualTo(expected);
        Worktrees.validateBranchNameSyntax(branch);
    }
}
