package dev.podbench.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceRoutesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            "/api/repositories, SESSION_SERVICE",
            "/api/repositories/abc, SESSION_SERVICE",
            "/api/repositories/abc/branches, SESSION_SERVICE",
            "/api/repositories/abc/other, NONE",
            "/api/sessions, SESSION_SERVICE",
            "/api/sessions/abc, SESSION_SERVICE",
            "/api/sessions/abc/end, SESSION_SERVICE",
            "/api/sessions/abc/worktree, SESSION_SERVICE",
            "/api/sessions/abc/timeline, SESSION_SERVICE",
            "/api/sessions/abc/terminal, TERMINAL_GATEWAY",
            "/api/sessions/abc/terminal/connections, TERMINAL_GATEWAY",
            "/api/sessions/abc/chat, CHAT_GATEWAY",
            "/api/sessions/abc/chat/events, CHAT_GATEWAY",
            "/api/sessions/abc/chat/events/12, CHAT_GATEWAY",
            "/api/sessions/abc/pull-requests, PR_TRACKER",
            "/api/sessions/abc/cost, COST_SERVICE",
            "/api/sessions/abc/cost/turns, COST_SERVICE",
            "/api/sessions/abc/cost/other, NONE",
            "/api/costs, COST_SERVICE",
            "/api/budgets, COST_SERVICE",
            "/api/budgets/42, COST_SERVICE",
            "/api/pull-requests, PR_TRACKER",
            "/api/pull-requests/, PR_TRACKER",
            "/api/pull-requests/7, NONE",
            "/api/budgetsx, NONE",
            "/api/sessions/abc/updates, NONE",
            "/api/me, NONE",
            "/api/no-such-resource, NONE",
            "/api/sessions/abc/other, NONE",
            "/api/sessions/abc/../../me, NONE",
    })
    void routesByPath(String path, String expected) {
        assertThat(ServiceRoutes.route(path))
                .isEqualTo(Optional.ofNullable(expected).map(Upstream::valueOf));
    }
}
