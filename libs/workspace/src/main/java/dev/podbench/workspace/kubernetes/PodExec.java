package dev.podbench.workspace.kubernetes;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.git.GitEnvironment;
import dev.podbench.workspace.internal.CollectedRun;
import dev.podbench.workspace.internal.RuntimeThreads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import io.fabric8.kubernetes.client.dsl.ExecListenable;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorChannelable;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorable;
import io.fabric8.kubernetes.client.dsl.TtyExecOutputErrorable;

/**
 * Commands in a pod through the exec API: argv only, wrapped by a constant {@code sh} script that sets the working
 * directory and the environment ({@link ExecArgv}: variables go through stdin, never the exec URL). Opening an exec
 * blocks (fabric8 checks the pod and waits for the WebSocket handshake): callers are on a blocking thread.
 */
final class PodExec {

    private static final Logger LOG = Logger.getLogger(PodExec.class);

    private final KubernetesClient client;
    private final KubernetesRuntimeConfig config;
    private final RuntimeThreads threads;
    private final String workspaceRoot;
    private final Map<KubernetesProcessStream, String> live = new ConcurrentHashMap<>();
    private final AtomicInteger runs = new AtomicInteger();

    PodExec(KubernetesClient client, KubernetesRuntimeConfig config, RuntimeThreads threads, String workspaceRoot) {
        this.client = client;
        this.config = config;
        this.threads = threads;
        this.workspaceRoot = workspaceRoot;
    }

    /** Runs one of the runtime's own commands (hardened for git) to its end, on the calling blocking thread. */
    CommandResult runHere(String pod, String cwd, Duration timeout, Map<String, String> extraEnv, String... argv) {
        Map<String, String> env = new LinkedHashMap<>(GitEnvironment.hardened(GitEnvironment.REMOTE_PROTOCOLS));
        env.putAll(extraEnv);
        Command command = new Command(List.of(argv), cwd, env, null, timeout, 64 * 1024);
        try {
            return run(pod, command).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** Opens the exec (blocking) and returns the future result; the environment goes first on stdin. */
    CompletableFuture<CommandResult> run(String pod, Command command) throws IOException {
        String program = command.argv().get(0);
        byte[] envBlock = ExecArgv.envBlock(command.env());
        ExecStatusListener status = new ExecStatusListener();
        ExecWatch watch = open(pod, ExecArgv.run(workingDirectory(command), command.argv()), false, status);
        try {
            watch.getInput().write(envBlock);
            watch.getInput().flush();
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        return CollectedRun.collect(command, "exec-run-" + runs.incrementAndGet(), watch.getOutput(),
                watch.getError(), watch.exitCode().thenApply(code -> status.exitCode(code, 0, program)), watch::close,
                threads.scheduler());
    }

    /** Starts a long-lived command (blocking until the exec is open). */
    KubernetesProcessStream start(String pod, Command command) throws IOException {
        String dir = workingDirectory(command);
        ExecStatusListener status = new ExecStatusListener();
        KubernetesProcessStream stream;
        if (command.tty() != null) {
            String envFile = command.env().isEmpty() ? null : writeEnvFile(pod, command.env());
            ExecWatch watch = open(pod, ExecArgv.tty(dir, envFile, command.argv()), true, status);
            stream = new KubernetesProcessStream(watch, status, true, pod, command.argv().get(0), live::remove);
            stream.resize(command.tty());
        } else {
            ExecWatch watch = open(pod, ExecArgv.stream(dir, command.argv()), false, status);
            stream = new KubernetesProcessStream(watch, status, false, pod, command.argv().get(0), live::remove);
            try {
                stream.writeNow(ExecArgv.envBlock(command.env()));
            } catch (IOException | RuntimeException e) {
                stream.kill();
                throw e;
            }
        }
        live.put(stream, pod);
        if (stream.hasExited()) {
            live.remove(stream);
        }
        LOG.debugf("started %s in pod %s: %s", stream, pod, command.argv().get(0));
        return stream;
    }

    /** Writes the variables of a TTY command to a private file in the pod (through stdin); returns its path. */
    private String writeEnvFile(String pod, Map<String, String> env) throws IOException {
        byte[] lines = ExecArgv.envLines(env);
        String file = "/tmp/podbench-env-" + UUID.randomUUID();
        ExecStatusListener status = new ExecStatusListener();
        ExecWatch watch = open(pod, ExecArgv.envFile(file, lines.length), false, status);
        try {
            watch.getInput().write(lines);
            watch.getInput().flush();
            Integer code = watch.exitCode().get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            int exit = status.exitCode(code, 0, "head");
            if (exit != 0) {
                throw new IOException("could not write the environment file in pod " + pod + " (exit " + exit + ")");
            }
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not write the environment file in pod " + pod, e);
        } finally {
            watch.close();
        }
    }

    /** Opens an exec with stdin and the output redirected (stderr too unless a TTY). */
    private ExecWatch open(String pod, List<String> argv, boolean tty, ExecStatusListener status) {
        int readyWait = (int) Math.min(config.podReadyTimeout().toMillis(), 30_000);
        ContainerResource container = client.pods().inNamespace(config.namespace()).withName(pod)
                .inContainer(config.containerName()).withReadyWaitTimeout(readyWait);
        TtyExecOutputErrorable withInput = container.redirectingInput();
        TtyExecErrorable withOutput = withInput.redirectingOutput();
        TtyExecErrorChannelable withError = tty ? withOutput : withOutput.redirectingError();
        ExecListenable withTty = tty ? withError.withTTY() : withError;
        return withTty.usingListener(status).exec(argv.toArray(String[]::new));
    }

    /** The command's directory (absolute) or the workspace root. */
    String workingDirectory(Command command) {
        String dir = command.workingDir();
        if (dir == null || dir.isBlank()) {
            return workspaceRoot;
        }
        if (!dir.startsWith("/")) {
            throw new IllegalArgumentException("working directory must be absolute: " + dir);
        }
        for (int i = 0; i < dir.length(); i++) {
            if (Character.isISOControl(dir.charAt(i))) {
                throw new IllegalArgumentException("working directory must not contain control characters");
            }
        }
        return dir;
    }

    /** Kills the streams running in {@code pod} (it is being deleted). */
    void killStreamsIn(String pod) {
        live.forEach((stream, podName) -> {
            if (podName.equals(pod)) {
                stream.kill();
            }
        });
    }

    void killAll() {
        live.keySet().forEach(KubernetesProcessStream::kill);
    }

    int liveStreams() {
        return live.size();
    }
}
