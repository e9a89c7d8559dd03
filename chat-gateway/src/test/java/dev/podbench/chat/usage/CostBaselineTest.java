package dev.podbench.chat.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class CostBaselineTest {

    static Totals totals(String cost, long tokensEach) {
        return new Totals(new BigDecimal(cost), tokensEach, tokensEach, tokensEach, tokensEach);
    }

    @Test
    void aFreshProcessStartsAtZero() {
        assertThat(CostBaseline.firstOfProcess(totals("0.5", 100), 400, false, List.of(totals("0.3", 50))))
                .isEqualTo(Totals.ZERO);
    }

    @Test
    void aResumedProcessThatRestartedItsCountStartsAtZero() {
        // cumulative tokens = this turn's tokens: nothing carried over
        assertThat(CostBaseline.firstOfProcess(totals("0.2", 100), 400, true, List.of(totals("0.3", 50))))
                .isEqualTo(Totals.ZERO);
    }

    @Test
    void aResumedProcessThatContinuedStartsAtTheLastTotals() {
        Totals last = totals("0.3", 50);
        // 200 tokens before this turn (4 × 50) = the last result's cumulative tokens
        assertThat(CostBaseline.firstOfProcess(totals("0.5", 100), 200, true, List.of(last, totals("0.1", 20))))
                .isEqualTo(last);
    }

    @Test
    void aResumedProcessThatRestoredAnOlderSnapshotStartsThere() {
        Totals older = totals("0.1", 20);
        // 80 tokens carried over = an older result (a killed process never saved its later turns)
        assertThat(CostBaseline.firstOfProcess(totals("0.3", 45), 100, true, List.of(totals("0.3", 50), older)))
                .isEqualTo(older);
    }

    @Test
    void deltasNeverGoNegative() {
        assertThat(totals("0.1", 1).since(totals("0.3", 5))).isEqualTo(Totals.ZERO);
    }

    @Test
    void cumulativeTotalsComeFromModelUsage() throws Exception {
        var result = new ObjectMapper().readTree("""
                {"type":"result","total_cost_usd":0.0375,"usage":{"input_tokens":5},
                 "modelUsage":{"a":{"inputTokens":10,"outputTokens":20,"cacheReadInputTokens":30,"cacheCreationInputTokens":40,"costUSD":0.03},
                               "b":{"inputTokens":1,"outputTokens":2,"cacheReadInputTokens":3,"cacheCreationInputTokens":4,"costUSD":0.0075}}}
                """);
        assertThat(Totals.cumulative(result)).isEqualTo(new Totals(new BigDecimal("0.0375"), 11, 22, 33, 44));
    }

    @Test
    void eventIdsAreDeterministic() {
        assertThat(UsageLedger.eventId("s", "r")).isEqualTo(UsageLedger.eventId("s", "r"))
                .isNotEqualTo(UsageLedger.eventId("s", "r2"));
    }
}
