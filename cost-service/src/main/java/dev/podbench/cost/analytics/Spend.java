package dev.podbench.cost.analytics;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;
import io.vertx.mutiny.sqlclient.Row;

/** Money and tokens summed over some usage events. */
public record Spend(
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal costUsd,
        long turns,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheCreationTokens) {

    public static final Spend NONE = new Spend(BigDecimal.ZERO, 0, 0, 0, 0, 0);

    /** The SQL that sums these columns of a rollup into the names {@link #of(Row)} reads. */
    public static final String SUMS = """
            sum(cost_usd) AS cost_usd, sum(turns)::int8 AS turns, sum(input_tokens)::int8 AS input_tokens,
            sum(output_tokens)::int8 AS output_tokens, sum(cache_read_tokens)::int8 AS cache_read_tokens,
            sum(cache_creation_tokens)::int8 AS cache_creation_tokens""";

    public static Spend of(Row row) {
        return new Spend(row.getBigDecimal("cost_usd"), row.getLong("turns"), row.getLong("input_tokens"),
                row.getLong("output_tokens"), row.getLong("cache_read_tokens"), row.getLong("cache_creation_tokens"));
    }
}
