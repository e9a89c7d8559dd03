package dev.podbench.workspace.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.internal.CollectedRun;

/**
 * Runs a plain process to completion, collecting bounded stdout and stderr.
 *
 * <p>{@link #start} must be called on a thread that may block (it forks); the returned future completes later from
 * the JDK's process reaper. Output and timeout are handled by {@link CollectedRun}; a timeout kills the whole
 * process tree.
 */
final class ProcessRunner {

    private final ScheduledExecutorService scheduler;

    ProcessRunner(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    CompletableFuture<CommandResult> start(Command command, Path workingDir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CollectedRun.collect(command, "run-" + process.pid(), process.getInputStream(), process.getErrorStream(),
                process.onExit().thenApply(Process::exitValue), () -> killTree(process), scheduler);
    }

    static void killTree(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>();
        process.descendants().forEach(descendants::add);
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

}
