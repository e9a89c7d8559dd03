package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventPayload;
import dev.podbench.events.Surface;
import dev.podbench.events.Topics;
import dev.podbench.events.pullrequest.ChecksStatus;
import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.events.pullrequest.PullRequestUpdated;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.web.proxy.DemoFixtures;
import dev.podbench.web.proxy.PullRequestFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The pull requests in the dashboard (issue 14, point 6), pr-tracker played by {@link PullRequestFixtures} and its
 * live events published to Kafka as pr-tracker publishes them: the Pull Requests tab, the header's count, the
 * sidebar badge, the CI-failed notification once per head commit, Send to chat, a stale host; axe at both sizes.
 * Screenshots {@code 20-…} to {@code 24-…} in {@code target/screenshots/}.
 */
@QuarkusTest
class PullRequestsBrowserTest extends BrowserTest {

    static final String REPO = "https://github.com/example/podbench-demo/pull/";
    /** What Send to chat drafts for {@code failing(12, "Add the health endpoint", …)}. */
    static final String DRAFT_12 = "CI is failing on #12 Add the health endpoint (" + REPO + "12). Failing checks:\n"
            + "- build: https://ci.example/build/1\n- lint: https://ci.example/lint/1\nPlease find out why and fix it.";

    @AfterEach
    void clearFixtures() {
        PullRequestFixtures.clear();
    }

    @Test
    void theTabListsEachPullRequestWithItsStatusTheHeaderCountsThemAndTheSidebarShowsTheirCi() {
        PullRequestFixtures.set(DemoFixtures.ACTIVE,
                failing(12, "Add the health endpoint", "a1a1a1"),
                pr(13, "Draft: docs", "passing", "b2b2b2").put("draft", true)
                        .put("review", new JsonObject().put("decision", "approved").put("approvals", 2)),
                pr(14, "Bump the parent", "passing", "c3c3c3").put("state", "merged")
                        .put("stale", new JsonObject().put("since", "2026-12-06T10:02:00Z").put("reason", "host credentials rejected")),
                waiting(15));
        PullRequestFixtures.set(DemoFixtures.ENDED, pr(9, "Fix the login redirect", "passing", "d4d4d4").put("state", "merged"));
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        Locator count = page.locator(".session-header .fact-pull-requests a");
        assertThat(count).hasText("4 · CI failing");
        // the sidebar badge: every session's pull requests from one request, the worst CI state
        Locator badge = page.locator(".session-item[data-session-id='" + DemoFixtures.ACTIVE + "'] .pr-badge");
        assertThat(badge).hasText("4 PRs failing");
        assertThat(badge).hasAttribute("title", "4 pull requests, CI failing");
        assertThat(page.locator(".session-item[data-session-id='" + DemoFixtures.ENDED + "'] .pr-badge")).hasText("PR passing");

        count.click();
        assertThat(page.locator("[role=tab][aria-selected=true]")).hasText("Pull Requests");
        assertThat(page).hasURL(Pattern.compile(".*#/sessions/" + DemoFixtures.ACTIVE + "/pull-requests$"));
        assertThat(page.locator(".pr-row")).hasCount(4);

        Locator first = row(12);
        assertThat(first.locator(".pr-title")).hasText("#12 Add the health endpoint");
        assertThat(first.locator(".pr-title")).hasAttribute("href", REPO + "12");
        assertThat(first.locator(".pr-state")).hasText("open");
        assertThat(first.locator(".ci")).hasText("CI failing (2 failed, 5 passed, 1 skipped)");
        assertThat(first.locator(".pr-failing a")).hasText(new String[] { "build", "lint" });
        assertThat(first.locator(".pr-failing a").first()).hasAttribute("href", "https://ci.example/build/1");
        assertThat(first.locator(".pr-review")).hasText("review required");
        assertThat(first.locator(".pr-mergeable")).hasText("can be merged");
        assertThat(first.locator(".pr-freshness")).hasText(Pattern.compile("checked \\d+ s ago"));
        assertThat(row(13).locator(".pr-state")).hasText("draft");
        assertThat(row(13).locator(".ci")).hasText("CI passing (7 passed)");
        assertThat(row(13).locator(".pr-review")).hasText("approved · 2 approvals");
        assertThat(row(13).locator(".send-to-chat")).hasCount(0);
        assertThat(row(14).locator(".pr-state")).hasText("merged");
        assertThat(row(14).locator(".pr-stale")).containsText("GitHub has not answered since");
        assertThat(row(14).locator(".pr-stale")).containsText(": host credentials rejected.");
        // no details yet: the URL at once
        assertThat(row(15).locator(".pr-waiting")).hasText(REPO + "15 · waiting for GitHub…");
        shot("30-pull-requests");
        axe("pull requests");

        // ended: still listed, nothing to send to a chat that is gone
        page.navigate(base + "#/sessions/" + DemoFixtures.ENDED + "/pull-requests");
        assertThat(row(9).locator(".pr-state")).hasText("merged");
        assertThat(page.locator(".send-to-chat")).hasCount(0);
        assertThat(page.locator(".session-header .fact-pull-requests")).containsText("1 · CI passing");
    }

    @Test
    void rowsFollowTheLiveStreamAndAFailureIsNotifiedOncePerHeadCommit() {
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE + "/pull-requests");
        assertThat(page.locator(".pr-status")).containsText("No pull requests yet");
        assertThat(page.locator(".session-header .fact-pull-requests")).hasCount(0);

        // detected: the row shows at once, before pr-tracker lists it or the host answered
        String url = REPO + "21";
        publish(new PullRequestDetected(DemoFixtures.ACTIVE, url, GitProvider.GITHUB, "github.com", "example", "podbench-demo", 21,
                Surface.TERMINAL, Instant.now()));
        assertThat(row(21).locator(".pr-waiting")).containsText("waiting for GitHub…");
        assertThat(page.locator(".session-header .fact-pull-requests")).containsText("1");

        PullRequestFixtures.set(DemoFixtures.ACTIVE, pr(21, "Retry the webhook", "pending", "e5e5e5"));
        updated(url, "Retry the webhook", ChecksStatus.PENDING);
        assertThat(row(21).locator(".ci")).hasText("CI running (5 passed, 1 running)");
        assertThat(page.locator(".toast")).hasCount(0);

        PullRequestFixtures.set(DemoFixtures.ACTIVE, failing(21, "Retry the webhook", "e5e5e5"));
        updated(url, "Retry the webhook", ChecksStatus.FAILURE);
        Locator toast = page.locator(".toasts .toast");
        assertThat(toast).hasCount(1);
        assertThat(toast).containsText("CI failed on #21 Retry the webhook");
        assertThat(page.locator(".toasts")).hasAttribute("aria-live", "polite");
        assertThat(page.locator(".session-item[data-session-id='" + DemoFixtures.ACTIVE + "'] .pr-badge")).hasText("PR failing");
        shot("31-ci-failed-notification");
        toast.locator("button", new Locator.LocatorOptions().setHasText("Dismiss")).click();
        assertThat(toast).hasCount(0);

        // the same head commit again (another change): not told twice
        PullRequestFixtures.set(DemoFixtures.ACTIVE, failing(21, "Retry the webhook (v2)", "e5e5e5"));
        updated(url, "Retry the webhook (v2)", ChecksStatus.FAILURE);
        assertThat(row(21).locator(".pr-title")).hasText("#21 Retry the webhook (v2)");
        assertThat(toast).hasCount(0);
        // nor after a reload
        page.reload();
        assertThat(row(21).locator(".pr-title")).hasText("#21 Retry the webhook (v2)");
        assertThat(row(21).locator(".ci")).containsText("CI failing");
        assertThat(toast).hasCount(0);
        // a new head commit that fails: told
        PullRequestFixtures.set(DemoFixtures.ACTIVE, failing(21, "Retry the webhook (v2)", "f6f6f6"));
        updated(url, "Retry the webhook (v2)", ChecksStatus.FAILURE);
        assertThat(toast).hasCount(1);
        toast.locator("a", new Locator.LocatorOptions().setHasText("Show pull requests")).click();
        assertThat(toast).hasCount(0);
    }

    @Test
    void sendToChatDraftsTheFailingChecksWithoutSendingThem() {
        PullRequestFixtures.set(DemoFixtures.ACTIVE, failing(12, "Add the health endpoint", "a1a1a1"));
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE + "/pull-requests");
        row(12).locator(".send-to-chat").click();
        assertThat(page.locator("[role=tab][aria-selected=true]")).hasText("Terminal & Chat");
        Locator input = page.locator(".chat-input");
        assertThat(input).isFocused();
        assertThat(input).hasValue(DRAFT_12);
        // drafted, not sent: the person edits and sends
        assertThat(page.locator(".chat-log")).containsText("I'll add the endpoint");
        assertThat(page.locator(".chat-user", new Page.LocatorOptions().setHasText("CI is failing"))).hasCount(0);
        shot("32-send-to-chat");
    }

    @Test
    void onAPhoneTheTabReadsWellAndSendToChatShowsTheChat() throws Exception {
        PullRequestFixtures.set(DemoFixtures.ACTIVE, failing(12, "Add the health endpoint", "a1a1a1"),
                pr(14, "Bump the parent", "passing", "c3c3c3")
                        .put("stale", new JsonObject().put("since", "2026-12-06T10:02:00Z").put("reason", "host unavailable")));
        phone(390, 844);
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE + "/pull-requests");
        assertThat(row(12).locator(".pr-failing a")).hasCount(2);
        assertThat(row(14).locator(".pr-stale")).containsText("host unavailable");
        assertThat(page.locator(".toasts .toast")).hasCount(1);
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow").isLessThanOrEqualTo(0);
        shot("33-phone-pull-requests");
        axe("phone pull requests");
        page.locator(".toasts .toast button").click();
        row(12).locator(".send-to-chat").click();
        assertThat(page.locator(".pane-chat")).isVisible();
        assertThat(page.locator(".pane-terminal")).isHidden();
        assertThat(page.locator(".chat-input")).hasValue(DRAFT_12);
        shot("34-phone-send-to-chat");
    }

    private Locator row(int number) {
        return page.locator(".pr-row[data-url='" + REPO + number + "']");
    }

    /** A pull request as pr-tracker lists it after the host answered (DESIGN.md's shape). */
    private static JsonObject pr(int number, String title, String ci, String sha) {
        return waiting(number).put("title", title).put("state", "open").put("draft", false)
                .put("headBranch", "podbench/demo/0b9d3c1e").put("headSha", sha)
                .put("checks", new JsonObject().put("state", ci).put("passed", ci.equals("pending") ? 5 : 7).put("failed", 0)
                        .put("pending", ci.equals("pending") ? 1 : 0).put("skipped", 0).put("failing", new JsonArray()))
                .put("review", new JsonObject().put("decision", "review_required").put("approvals", 0))
                .put("mergeable", "mergeable").put("checkedAt", Instant.now().minusSeconds(20).toString());
    }

    private static JsonObject failing(int number, String title, String sha) {
        JsonObject pr = pr(number, title, "failing", sha);
        pr.getJsonObject("checks").put("passed", 5).put("failed", 2).put("skipped", 1).put("failing", new JsonArray()
                .add(new JsonObject().put("name", "build").put("url", "https://ci.example/build/1"))
                .add(new JsonObject().put("name", "lint").put("url", "https://ci.example/lint/1")));
        return pr;
    }

    /** Detected, the host not asked yet: what is known from the URL. */
    private static JsonObject waiting(int number) {
        return new JsonObject().put("url", REPO + number).put("host", "github.com").put("repository", "example/podbench-demo")
                .put("number", number);
    }

    private static void updated(String url, String title, ChecksStatus checks) {
        publish(new PullRequestUpdated(DemoFixtures.ACTIVE, url, title, PullRequestState.OPEN, checks, ReviewStatus.REVIEW_REQUIRED,
                Instant.now()));
    }

    private static void publish(EventPayload payload) {
        KafkaTestResource.send(Topics.PULL_REQUESTS, DemoFixtures.ACTIVE,
                EventJson.encodeToString(CloudEvent.of("/podbench/pr-tracker", payload)));
    }

    private void login() {
        Chromium.login(page, base);
    }

    private void axe(String screen) {
        Chromium.axe(page, screen);
    }

    private void shot(String name) {
        Chromium.shot(page, name);
    }
}
