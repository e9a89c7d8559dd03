package dev.podbench.terminal.workspace;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which workspace runtime hosts the shells; the same keys session-service uses, so both agree on the pods. */
@ConfigMapping(prefix = "podbench.workspace")
public interface WorkspaceConfig {

    /** {@code local} or {@code kubernetes}. */
    @WithDefault("local")
    String runtime();

    Local local();

    interface Local {
        /** The directory holding the local pods (one per repository, worktrees inside). */
        Path root();
    }
}
