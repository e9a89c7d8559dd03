package dev.podbench.chat.agent;

import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.chat.transcript.TranscriptNormalizer;
import io.smallrye.mutiny.Uni;

/**
 * Reads an agent run's stdout as stream-json lines and hands each to the first handler that takes its
 * {@code type}; a line that is not JSON is kept as plain output. The last handler should take every type, so no
 * line is lost.
 */
public final class AgentOutput {

    private static final Logger LOG = Logger.getLogger(AgentOutput.class);

    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final ObjectMapper mapper;
    private final TranscriptLog transcript;
    private final TranscriptNormalizer normalizer;
    private final List<AgentLineHandler> handlers;

    public AgentOutput(ObjectMapper mapper, TranscriptLog transcript, TranscriptNormalizer normalizer,
            List<AgentLineHandler> handlers) {
        this.mapper = mapper;
        this.transcript = transcript;
        this.normalizer = normalizer;
        this.handlers = List.copyOf(handlers);
    }

    /**
     * Handles the run's output until it closes (or fails); keeps the tail of its stderr. Each chunk's lines are
     * handled on {@code queue} before the next chunk is asked for, so the agent's pipe slows down with a slow
     * database instead of filling memory.
     */
    public Uni<Void> consume(AgentRun run, AgentWorkQueue queue) {
        run.stream().errors().subscribe().with(run::stderr,
                e -> LOG.debugf("agent stderr ended with %s", e.toString()));
        LineSplitter splitter = new LineSplitter(MAX_LINE);
        // a chunk that cannot be handled (e.g. its transcript append failed) is logged and skipped: the agent's
        // output must go on being read, or its pipe fills and the chat hangs in "working"
        return run.stream().output()
                .onItem().transformToUniAndConcatenate(chunk -> queue.call(() -> handle(run, splitter.feed(chunk))
                        .onFailure().invoke(e -> LOG.warnf(e, "agent output not handled; going on"))
                        .onFailure().recoverWithNull()))
                .onItem().ignoreAsUni()
                .onFailure().recoverWithNull()
                .chain(() -> queue.call(() -> handle(run, splitter.finish())));
    }

    private Uni<Void> handle(AgentRun run, List<String> lines) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String line : lines) {
            if (!line.isBlank()) {
                chain = chain.chain(() -> handle(run, line));
            }
        }
        return chain;
    }

    private Uni<Void> handle(AgentRun run, String raw) {
        run.sawOutput = true;
        JsonNode line;
        try {
            line = mapper.readTree(raw);
        } catch (Exception e) {
            line = null;
        }
        if (line == null || !line.isObject()) {
            return transcript.append(List.of(normalizer.plainOutput(raw))).replaceWithVoid();
        }
        String type = line.path("type").asText("");
        for (AgentLineHandler handler : handlers) {
            if (handler.handles(type)) {
                return handler.handle(run, line);
            }
        }
        return transcript.append(normalizer.normalize(line, null)).replaceWithVoid();
    }
}
