package dev.podbench.workspace.local;

import java.nio.file.Path;
import java.util.concurrent.Executor;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.CommandTimeoutException;
import dev.podbench.workspace.internal.RuntimeThreads;
import io.smallrye.mutiny.Uni;

/**
 * Commands on this machine, outside any pod: what a service asks before a pod exists (a remote's branches, git's
 * verdict on a branch name). The same runner as the {@code local} runtime's {@code run}: an argv, stdin
 * {@code /dev/null}, this JVM's environment plus the command's, bounded output, and a timeout that kills the process
 * tree ({@link CommandTimeoutException} with the partial output).
 */
public final class LocalCommands implements AutoCloseable {

    private final RuntimeThreads threads;
    private final ProcessRunner runner;

    /** @param executor where the (short) process starts run; {@code null} for an owned bounded pool */
    public LocalCommands(Executor executor) {
        this.threads = new RuntimeThreads("local-commands", executor);
        this.runner = new ProcessRunner(threads.scheduler());
    }

    /** Runs in the command's working directory, or this process' when it names none. */
    public Uni<CommandResult> run(Command command) {
        return Uni.createFrom().deferred(() -> {
            Path cwd = command.workingDir() == null || command.workingDir().isBlank() ? Path.of("").toAbsolutePath()
                    : Path.of(command.workingDir());
            return Uni.createFrom().completionStage(
                    () -> threads.submitCompose(() -> runner.start(command, cwd, command.env())));
        });
    }

    @Override
    public void close() {
        threads.close();
    }
}
