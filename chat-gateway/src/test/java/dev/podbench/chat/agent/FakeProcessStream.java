package dev.podbench.chat.agent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.TtySize;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** A process that prints the given chunks and exits with {@code exitCode}; what is written to it is kept. */
final class FakeProcessStream implements ProcessStream {

    private final List<byte[]> stdout;
    private final List<byte[]> stderr;
    private final int exitCode;
    final List<String> written = new CopyOnWriteArrayList<>();
    volatile boolean killed;

    FakeProcessStream(List<byte[]> stdout, List<byte[]> stderr, int exitCode) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.exitCode = exitCode;
    }

    /** Prints {@code text} cut into chunks at the given byte offsets. */
    static FakeProcessStream printing(String text, int... cuts) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> chunks = new java.util.ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(java.util.Arrays.copyOfRange(all, from, cut));
            from = cut;
        }
        chunks.add(java.util.Arrays.copyOfRange(all, from, all.length));
        return new FakeProcessStream(chunks, List.of(), 0);
    }

    @Override
    public Multi<byte[]> output() {
        return Multi.createFrom().iterable(stdout);
    }

    @Override
    public Multi<byte[]> errors() {
        return Multi.createFrom().iterable(stderr);
    }

    @Override
    public Uni<Void> write(byte[] bytes) {
        written.add(new String(bytes, StandardCharsets.UTF_8));
        return Uni.createFrom().voidItem();
    }

    @Override
    public void closeInput() {
    }

    @Override
    public void resize(TtySize size) {
    }

    @Override
    public Uni<Integer> exitCode() {
        return Uni.createFrom().item(exitCode);
    }

    @Override
    public void kill() {
        killed = true;
    }
}
