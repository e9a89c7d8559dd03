package dev.podbench.terminal.workspace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.local.LocalWorkspaceRuntime;

/** The one runtime bean, chosen by {@code podbench.workspace.runtime}. */
@ApplicationScoped
public class WorkspaceRuntimeProducer {

    @Produces
    @ApplicationScoped
    WorkspaceRuntime runtime(WorkspaceConfig config) {
        return switch (config.runtime()) {
            case LocalWorkspaceRuntime.KIND -> new LocalWorkspaceRuntime(config.local().root());
            // The exec-based runtime lives in libs/workspace and is not there yet; fail at start, not at connect.
            default -> throw new IllegalStateException(
                    "podbench.workspace.runtime=" + config.runtime() + " is not supported by this build (local only)");
        };
    }

    void close(@Disposes WorkspaceRuntime runtime) {
        runtime.close();
    }
}
