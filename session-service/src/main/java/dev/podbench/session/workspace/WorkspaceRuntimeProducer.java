package dev.podbench.session.workspace;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.local.LocalWorkspaceRuntime;

/** Picks the workspace runtime named by {@code podbench.workspace.runtime}. */
@ApplicationScoped
public class WorkspaceRuntimeProducer {

    @Produces
    @Singleton
    WorkspaceRuntime runtime(PodbenchConfig config) {
        String kind = config.workspace().runtime();
        switch (kind) {
            case LocalWorkspaceRuntime.KIND:
                String root = config.workspace().local().root()
                        .orElseThrow(() -> new IllegalStateException(
                                "podbench.workspace.local.root must be set for the local runtime"));
                return new LocalWorkspaceRuntime(Path.of(root));
            case "kubernetes":
                // Refusing to start beats accepting sessions that can never become active.
                throw new IllegalStateException("podbench.workspace.runtime=kubernetes is not available in this build yet");
            default:
                throw new IllegalStateException("podbench.workspace.runtime must be 'local' or 'kubernetes', not '" + kind + "'");
        }
    }

    void close(@Disposes WorkspaceRuntime runtime) {
        runtime.close();
    }
}
