package dev.podbench.chat.workspace;

import java.nio.file.Path;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The workspace runtime the agents run in: the same keys session-service uses, so both agree on the pods. */
@ConfigMapping(prefix = "podbench.workspace")
public interface WorkspaceConfig {

    /** {@code local} (only this one is built into the chat gateway so far). */
    @WithDefault("local")
    String runtime();

    Local local();

    interface Local {
        /** The directory holding the local pods (one per repository, worktrees inside). */
        Path root();
    }
}
