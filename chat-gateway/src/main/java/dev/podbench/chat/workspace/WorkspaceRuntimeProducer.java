package dev.podbench.chat.workspace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.local.LocalWorkspaceRuntime;

/** The runtime selected by {@code podbench.workspace.runtime}. */
@ApplicationScoped
public class WorkspaceRuntimeProducer {

    @Produces
    @ApplicationScoped
    WorkspaceRuntime runtime(WorkspaceConfig config) {
        if (!LocalWorkspaceRuntime.KIND.equals(config.runtime())) {
            throw new IllegalStateException("podbench.workspace.runtime=" + config.runtime()
                    + " is not available in the chat gateway yet (supported: local)");
        }
        return new LocalWorkspaceRuntime(config.local().root());
    }

    void close(@Disposes WorkspaceRuntime runtime) {
        // kills the agents this instance started
        runtime.close();
    }
}
