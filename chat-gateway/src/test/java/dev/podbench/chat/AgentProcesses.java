package dev.podbench.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The fake agents this test JVM's gateway runs, found by their working directory (Linux /proc). */
final class AgentProcesses {

    static List<ProcessHandle> in(Path worktree) {
        Path target = worktree.toAbsolutePath().normalize();
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("FakeClaudeAgent")).orElse(false))
                .filter(p -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(target);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    private AgentProcesses() {
    }
}
