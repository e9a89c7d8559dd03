package dev.podbench.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real kustomize: kubectl's built-in one ({@code kubectl kustomize DIR}, what {@code kubectl apply -k} runs
 * first). Found as {@code .ci/run} installs it: the file named by {@code PODBENCH_KUBECTL}, else {@code kubectl} on
 * the PATH.
 */
final class Kubectl {

    static final String ENV = "PODBENCH_KUBECTL";

    private final Path executable;

    private Kubectl(Path executable) {
        this.executable = executable;
    }

    static Kubectl find() {
        return find(System.getenv());
    }

    static Kubectl find(Map<String, String> environment) {
        String configured = environment.get(ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException(ENV + "=" + configured + " is not an executable file");
            }
            return new Kubectl(path);
        }
        for (String dir : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, "kubectl");
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new Kubectl(candidate);
            }
        }
        throw new IllegalStateException("""
                No kubectl to render the kustomizations with: set %s to a kubectl executable or put kubectl on the \
                PATH (.ci/run installs one on a machine without it; deploy/k8s/README.md, "Validation")."""
                .formatted(ENV));
    }

    Path executable() {
        return executable;
    }

    /** The rendered YAML stream of the kustomization in {@code dir}; fails with kustomize's own message. */
    String kustomize(Path dir) {
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "kustomize", dir.toString());
        // the machine's kubeconfig plays no part in rendering: keep kubectl away from it
        builder.environment().put("KUBECONFIG", "/dev/null");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String output = readAll(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
                        + "):\n" + errors.join());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + dir, e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
