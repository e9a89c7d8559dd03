package dev.podbench.workspace.internal;

import dev.podbench.workspace.ProcessStream;
import io.smallrye.mutiny.Multi;

/**
 * What the runtimes' process streams share: stdout (or the TTY) and stderr as demand-driven publishers. Shared by
 * the runtimes; not part of the SPI.
 */
public abstract class PublishedProcessStream implements ProcessStream {

    protected final boolean tty;
    protected final StreamPublisher output;
    /** Null with a TTY (its stderr is the terminal). */
    protected final StreamPublisher errors;

    protected PublishedProcessStream(boolean tty, StreamPublisher output, StreamPublisher errors) {
        this.tty = tty;
        this.output = output;
        this.errors = errors;
    }

    @Override
    public Multi<byte[]> output() {
        return Multi.createFrom().publisher(output);
    }

    @Override
    public Multi<byte[]> errors() {
        return errors == null ? Multi.createFrom().empty() : Multi.createFrom().publisher(errors);
    }
}
