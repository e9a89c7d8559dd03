package dev.podbench.testkit.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An executable file that runs {@link FakeClaudeAgent}: a {@code /bin/sh} script calling this JVM's
 * {@code java} with the test kit on the classpath. Point {@code podbench.chat.agent-command} at
 * {@link #path()}; the gateway then starts it exactly as it would start {@code claude}.
 */
public final class FakeClaudeAgentExecutable {

    private static final String KEY = "podbench-testkit.fake-claude.executable";

    /** The script, written once per JVM (the path is shared across Quarkus' class loaders). */
    public static Path path() {
        String existing = System.getProperty(KEY);
        if (existing != null && Files.isExecutable(Path.of(existing))) {
            return Path.of(existing);
        }
        synchronized ("podbench-testkit.JvmShared.lock") {
            existing = System.getProperty(KEY);
            if (existing != null && Files.isExecutable(Path.of(existing))) {
                return Path.of(existing);
            }
            Path script = write();
            System.setProperty(KEY, script.toString());
            return script;
        }
    }

    private static Path write() {
        try {
            Path dir = Files.createTempDirectory("fake-claude-bin");
            Path script = dir.resolve("claude");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // a small, quickly starting JVM: the gateway may start several agents per test
            String body = "#!/bin/sh\n"
                    + "exec " + quote(java) + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx64m"
                    + " -Djava.io.tmpdir=" + quote(System.getProperty("java.io.tmpdir"))
                    + " -cp " + quote(classpath()) + " " + FakeClaudeAgent.class.getName() + " \"$@\"\n";
            Files.writeString(script, body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            dir.toFile().deleteOnExit();
            script.toFile().deleteOnExit();
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the fake agent script", e);
        }
    }

    /** Where the fake's classes are: the test kit jar, or its classes directory in a reactor build. */
    static String classpath() {
        try {
            return Path.of(FakeClaudeAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private FakeClaudeAgentExecutable() {
    }
}
