package dev.podbench.workspace.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.ByteCollector;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.TtySize;

/** Real processes and a real PTY. */
class LocalProcessStreamTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    LocalWorkspaceRuntime runtime;
    PodRef pod;

    @BeforeEach
    void setUp() throws Exception {
        runtime = new LocalWorkspaceRuntime(tmp);
        pod = runtime.podRef("p");
        Files.createDirectories(Path.of(pod.worktreesPath()));
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    private ProcessStream start(TtySize tty, String... argv) {
        Command command = new Command(List.of(argv), pod.worktreesPath(), Map.of("PS1", "PROMPT> "), tty, null, 0);
        return runtime.start(pod, command).await().atMost(WAIT);
    }

    private static void write(ProcessStream stream, String text) {
        stream.write(text.getBytes(StandardCharsets.UTF_8)).await().atMost(WAIT);
    }

    private static ByteCollector collect(ProcessStream stream) {
        ByteCollector out = ByteCollector.unbounded();
        stream.output().subscribe().withSubscriber(out);
        return out;
    }

    private static long pid(ProcessStream stream) {
        return ((LocalProcessStream) stream).pid();
    }

    // ------------------------------------------------------------------------------------------------ PTY

    @Test
    void ptyEchoesThroughAShell() {
        ProcessStream sh = start(TtySize.defaultSize(), "sh", "-c", "read line; echo \"got:$line\"; exit 0");
        ByteCollector out = collect(sh);
        write(sh, "hello\r");
        await().atMost(WAIT).until(() -> out.text().contains("got:hello"));
        assertThat(sh.exitCode().await().atMost(WAIT)).isZero();
        await().atMost(WAIT).until(() -> out.completed);
        assertThat(out.failure).isNull();
        // the terminal echoes what was typed, as a terminal does
        assertThat(out.text()).contains("hello");
    }

    @Test
    void ptyHasTermAndWorkingDirectory() {
        ProcessStream sh = start(TtySize.defaultSize(), "sh", "-c", "echo \"term=$TERM dir=$(pwd)\"");
        ByteCollector out = collect(sh);
        await().atMost(WAIT).until(() -> out.completed);
        assertThat(out.text()).contains("term=xterm-256color dir=" + pod.worktreesPath());
    }

    @Test
    void sttySizeReflectsInitialSizeAndResizeReachesTheChild() {
        ProcessStream sh = start(new TtySize(100, 30), "sh", "-c",
                "trap 'echo \"size:$(stty size)\"' WINCH; echo \"size:$(stty size)\"; while :; do sleep 0.1; done");
        ByteCollector out = collect(sh);
        await().atMost(WAIT).until(() -> out.text().contains("size:30 100"));

        sh.resize(new TtySize(120, 40));
        // only the WINCH trap prints this: the signal reached the child
        await().atMost(WAIT).until(() -> out.text().contains("size:40 120"));
        sh.kill();
        assertThat(sh.exitCode().await().atMost(WAIT)).isNotZero();
    }

    @Test
    void exitCodeIsPropagated() {
        ProcessStream sh = start(TtySize.defaultSize(), "sh", "-c", "exit 3");
        collect(sh);
        assertThat(sh.exitCode().await().atMost(WAIT)).isEqualTo(3);
    }

    @Test
    void ctrlCInterruptsTheForegroundCommandAndThePromptReturns() {
        ProcessStream sh = start(TtySize.defaultSize(), "sh", "-i");
        ByteCollector out = collect(sh);
        await().atMost(WAIT).until(() -> out.text().contains("PROMPT> "));
        write(sh, "sleep 100\r");
        await().atMost(WAIT).until(() -> childCommand(pid(sh), "sleep").isPresent());
        ProcessHandle sleep = childCommand(pid(sh), "sleep").orElseThrow();

        write(sh, "\u0003");
        await().atMost(WAIT).until(() -> !sleep.isAlive());
        write(sh, "echo after-$((20+22))\r");
        await().atMost(WAIT).until(() -> out.text().contains("after-42"));
        assertThat(sh.exitCode().subscribeAsCompletionStage().isDone()).isFalse();

        write(sh, "exit 5\r");
        assertThat(sh.exitCode().await().atMost(WAIT)).isEqualTo(5);
    }

    @Test
    void ctrlCKillsCatWith130() {
        ProcessStream cat = start(TtySize.defaultSize(), "cat");
        ByteCollector out = collect(cat);
        write(cat, "abc\r");
        // echoed by the terminal and again by cat: cat is running and reading
        await().atMost(WAIT).until(() -> out.text().split("abc", -1).length - 1 >= 2);
        write(cat, "\u0003");
        assertThat(cat.exitCode().await().atMost(WAIT)).isEqualTo(130);
        await().atMost(WAIT).until(() -> out.completed);
    }

    @Test
    void killHangsUpATerminal() {
        ProcessStream sh = start(TtySize.defaultSize(), "sh", "-c", "echo started; sleep 100");
        ByteCollector out = collect(sh);
        await().atMost(WAIT).until(() -> out.text().contains("started"));
        sh.kill();
        sh.kill(); // idempotent
        assertThat(sh.exitCode().await().atMost(WAIT)).isEqualTo(128 + 1);
        await().atMost(WAIT).until(() -> out.completed);
        assertThatThrownBy(() -> write(sh, "x")).hasMessageContaining("ended");
    }

    @Test
    void ptyThreadsAreNamedAndDaemon() {
        ProcessStream sh = start(TtySize.defaultSize(), "sh", "-c", "read x");
        collect(sh);
        write(sh, "");
        String reader = "pty-reader-" + pid(sh);
        await().atMost(WAIT).until(() -> thread(reader).isPresent());
        assertThat(thread(reader).orElseThrow().isDaemon()).isTrue();
        assertThat(thread("pty-writer-" + pid(sh))).hasValueSatisfying(t -> assertThat(t.isDaemon()).isTrue());
        // no waiter thread per PTY: the runtime's shared watcher reports the exit
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains("exit-" + pid(sh)));
        assertThat(runtime.watchedPtyExits()).isEqualTo(1);
        sh.kill();
        sh.exitCode().await().atMost(WAIT);
        assertThat(runtime.watchedPtyExits()).isZero();
    }

    @Test
    void ptyOutputIsDemandDriven() {
        ProcessStream sh = start(TtySize.defaultSize(), "head", "-c", "5000000", "/dev/zero");
        ByteCollector out = new ByteCollector(1, false);
        sh.output().subscribe().withSubscriber(out);
        await().atMost(WAIT).until(() -> out.chunks.get() == 1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                out.chunks.get() == 1 && !out.completed && ProcessHandle.of(pid(sh)).map(ProcessHandle::isAlive)
                        .orElse(false));
        out.request(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(60)).until(() -> out.completed);
        assertThat(out.total.get()).isEqualTo(5_000_000L);
        assertThat(sh.exitCode().await().atMost(WAIT)).isZero();
    }

    // ------------------------------------------------------------------------------------------------ plain

    @Test
    void plainOutputIsDemandDrivenAndBatched() {
        ProcessStream p = start(null, "head", "-c", "50000000", "/dev/zero");
        ByteCollector out = new ByteCollector(1, false);
        p.output().subscribe().withSubscriber(out);
        await().atMost(WAIT).until(() -> out.chunks.get() == 1);
        // no demand, no reading: head blocks on the full pipe and stays alive
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                out.chunks.get() == 1 && !out.completed && ProcessHandle.of(pid(p)).map(ProcessHandle::isAlive)
                        .orElse(false));
        assertThat(p.exitCode().subscribeAsCompletionStage().isDone()).isFalse();

        out.request(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(60)).until(() -> out.completed);
        assertThat(out.total.get()).isEqualTo(50_000_000L);
        assertThat(out.largestChunk.get()).isLessThanOrEqualTo(ProcessStream.MAX_CHUNK);
        // batched: far fewer chunks than one per pipe page
        assertThat(out.total.get() / out.chunks.get()).isGreaterThan(4096);
        assertThat(p.exitCode().await().atMost(WAIT)).isZero();
    }

    @Test
    void plainStdoutAndStderrAreSeparated() {
        ProcessStream p = start(null, "sh", "-c", "echo out; echo err >&2; exit 4");
        ByteCollector out = collect(p);
        ByteCollector err = ByteCollector.unbounded();
        p.errors().subscribe().withSubscriber(err);
        assertThat(p.exitCode().await().atMost(WAIT)).isEqualTo(4);
        await().atMost(WAIT).until(() -> out.completed && err.completed);
        assertThat(out.text()).isEqualTo("out\n");
        assertThat(err.text()).isEqualTo("err\n");
    }

    @Test
    void plainInputIsWrittenInOrderAndClosed() {
        ProcessStream cat = start(null, "cat");
        ByteCollector out = collect(cat);
        for (int i = 0; i < 100; i++) {
            cat.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8)); // not awaited: order must hold anyway
        }
        cat.closeInput();
        assertThat(cat.exitCode().await().atMost(WAIT)).isZero();
        await().atMost(WAIT).until(() -> out.completed);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertThat(out.text()).isEqualTo(expected.toString());
        assertThatThrownBy(() -> write(cat, "late")).isNotNull();
    }

    @Test
    void exitCodeSurvivesACancelledSubscriber() {
        ProcessStream p = start(null, "sh", "-c", "read x; exit 6");
        p.exitCode().subscribe().with(code -> {
        }).cancel();
        assertThat(p.exitCode().ifNoItem().after(Duration.ofMillis(50)).recoverWithItem(-1).await().atMost(WAIT))
                .isEqualTo(-1);
        write(p, "go\n");
        assertThat(p.exitCode().await().atMost(WAIT)).isEqualTo(6);
    }

    @Test
    void killTerminatesAPlainProcess() {
        ProcessStream p = start(null, "sleep", "100");
        p.kill();
        assertThat(p.exitCode().await().atMost(WAIT)).isEqualTo(128 + 15);
    }

    @Test
    void killEscalatesToSigkill() {
        try (LocalWorkspaceRuntime quick = new LocalWorkspaceRuntime(tmp, null, Duration.ofMinutes(1),
                Duration.ofMillis(300), new AsyncKeyedLock())) {
            ProcessStream p = quick.start(pod, Command.of(pod.worktreesPath(), "sh", "-c",
                    "trap '' TERM; echo ready; while :; do sleep 0.1; done")).await().atMost(WAIT);
            ByteCollector out = collect(p);
            await().atMost(WAIT).until(() -> out.text().contains("ready"));
            p.kill();
            assertThat(p.exitCode().await().atMost(WAIT)).isEqualTo(128 + 9);
        }
    }

    @Test
    void outputAllowsASingleSubscriber() {
        ProcessStream p = start(null, "echo", "hi");
        ByteCollector first = collect(p);
        ByteCollector second = collect(p);
        await().atMost(WAIT).until(() -> second.failure != null);
        assertThat(second.failure).isInstanceOf(IllegalStateException.class);
        await().atMost(WAIT).until(() -> first.completed);
        assertThat(first.text()).isEqualTo("hi\n");
    }

    @Test
    void aCancelledStreamIsDrainedSoTheProcessFinishes() {
        ProcessStream p = start(null, "head", "-c", "10000000", "/dev/zero");
        ByteCollector out = new ByteCollector(1, false);
        p.output().subscribe().withSubscriber(out);
        await().atMost(WAIT).until(() -> out.chunks.get() == 1);
        out.cancel();
        assertThat(p.exitCode().await().atMost(WAIT)).isZero();
        assertThat(out.chunks.get()).isEqualTo(1);
    }

    @Test
    void startFailsForAMissingProgram() {
        assertThatThrownBy(() -> start(null, "no-such-program-podbench")).isNotNull();
        assertThatThrownBy(() -> start(TtySize.defaultSize(), "no-such-program-podbench")).isNotNull();
    }

    private static Optional<ProcessHandle> childCommand(long pid, String name) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .filter(h -> h.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
                .findFirst();
    }

    private static Optional<Thread> thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
    }
}
