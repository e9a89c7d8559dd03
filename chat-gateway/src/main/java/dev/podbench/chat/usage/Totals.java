package dev.podbench.chat.usage;

import java.math.BigDecimal;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;

/** Cost and token counters: either running totals of an agent process or one turn's share of them. */
public record Totals(BigDecimal costUsd, long inputTokens, long outputTokens, long cacheReadTokens,
        long cacheCreationTokens) {

    public static final Totals ZERO = new Totals(BigDecimal.ZERO, 0, 0, 0, 0);

    public long tokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheCreationTokens;
    }

    /** This minus an earlier state; a counter that went down (a reset) is never negative. */
    public Totals since(Totals earlier) {
        BigDecimal cost = costUsd.subtract(earlier.costUsd);
        return new Totals(cost.signum() < 0 ? BigDecimal.ZERO : cost,
                Math.max(0, inputTokens - earlier.inputTokens), Math.max(0, outputTokens - earlier.outputTokens),
                Math.max(0, cacheReadTokens - earlier.cacheReadTokens),
                Math.max(0, cacheCreationTokens - earlier.cacheCreationTokens));
    }

    public boolean isZero() {
        return costUsd.signum() == 0 && tokens() == 0;
    }

    /**
     * The running totals a {@code result} line carries: {@code total_cost_usd}, and tokens summed over
     * {@code modelUsage} (cumulative in every CLI version), falling back to {@code usage} when it is absent.
     */
    public static Totals cumulative(JsonNode result) {
        BigDecimal cost = result.path("total_cost_usd").isNumber() ? result.path("total_cost_usd").decimalValue()
                : new BigDecimal(result.path("total_cost_usd").asText("0"));
        JsonNode models = result.path("modelUsage");
        if (models.isObject() && models.size() > 0) {
            long in = 0, out = 0, read = 0, create = 0;
            for (Iterator<JsonNode> it = models.elements(); it.hasNext();) {
                JsonNode m = it.next();
                in += m.path("inputTokens").asLong(0);
                out += m.path("outputTokens").asLong(0);
                read += m.path("cacheReadInputTokens").asLong(0);
                create += m.path("cacheCreationInputTokens").asLong(0);
            }
            return new Totals(cost, in, out, read, create);
        }
        return new Totals(cost, 0, 0, 0, 0);
    }

    /** Tokens of one API response ({@code message.usage} of an assistant line). */
    public static long tokensOf(JsonNode usage) {
        return usage.path("input_tokens").asLong(0) + usage.path("output_tokens").asLong(0)
                + usage.path("cache_read_input_tokens").asLong(0) + usage.path("cache_creation_input_tokens").asLong(0);
    }
}
