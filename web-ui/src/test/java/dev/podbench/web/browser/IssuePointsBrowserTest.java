package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ReducedMotion;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.events.session.StartStep;
import dev.podbench.events.session.StartStepTime;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.web.proxy.DemoFixtures;
import dev.podbench.web.proxy.StartFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Each point of issue 16 at a desktop's 1280×800 and a phone's 390×844, against the stand-ins of
 * {@code UpstreamsTestResource}: screenshots {@code target/screenshots/p<point>-<what>-<size>.png} (listed in the
 * README), axe-core on every page. {@link DashboardBrowserTest} holds the desktop-only details of the same points.
 */
@QuarkusTest
class IssuePointsBrowserTest {

    /** The two sizes every point is checked at. */
    enum Size {
        DESKTOP(1280, 800), PHONE(390, 844);

        final int width;
        final int height;

        Size(int width, int height) {
            this.width = width;
            this.height = height;
        }

        boolean phone() {
            return this == PHONE;
        }
    }

    private static Browser browser;

    @TestHTTPResource("/")
    URL base;

    private BrowserContext context;
    private Page page;
    private Size size;

    @BeforeAll
    static void launch() throws Exception {
        browser = Chromium.shared();
    }

    @AfterEach
    void closeContext() {
        StartFixtures.listAlso(new JsonArray());
        if (context != null) {
            context.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ points

    @ParameterizedTest
    @EnumSource(Size.class)
    void p1ErrorsAreSentencesByTheirField(Size at) {
        open(at, TestTokens.bearer(DemoFixtures.USER));
        page.navigate(base + "#/repositories");
        page.locator("form.grid-form button[type=submit]").click();
        assertThat(page.locator("#repo-name-error")).hasText("Name is required.");
        assertThat(page.locator("#repo-name-error")).isInViewport();
        page.locator("#repo-name").fill("mirror");
        page.locator("#repo-url").fill("ftp://example.com/repo.git");
        page.locator("form.grid-form button[type=submit]").click();
        assertThat(page.locator("#repo-url-error")).containsText("file://");
        noJsonIn(page.locator("main"));
        shot("p1-error-by-its-field");

        page.navigate(base + "#/new");
        page.locator("#ns-branch").fill(DemoFixtures.BUSY_BRANCH);
        page.locator("form button[type=submit]").click();
        assertThat(page.locator("#ns-branch-error")).containsText("is in use by another session");
        assertThat(page.locator("#ns-branch-error a.holder-link")).isVisible();
        noJsonIn(page.locator("main"));
        shot("p1-branch-in-use");
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p2ActivityTellsTheWholeStoryOfASession(Size at) {
        open(at, TestTokens.bearer(DemoFixtures.USER));
        page.navigate(base + "#/sessions/" + StartFixtures.SHIPPED + "/activity");
        Locator entries = page.locator(".timeline-entry");
        assertThat(entries).hasCount(6);
        assertThat(entries.evaluateAll("list => list.map(e => e.dataset.kind)")).isEqualTo(List.of("created",
                "started", "pull-request", "budget-exceeded", "pull-request-merged", "ended"));
        assertThat(entries.nth(0)).containsText("by demo");
        assertThat(entries.nth(1)).containsText("Started: the worktree is ready (pod 0.3 s, fetch 1.2 s, worktree 0.5 s)");
        assertThat(entries.nth(2)).containsText("Pull request #42 opened: Fix the login redirect");
        assertThat(entries.nth(3)).containsText("Budget exceeded: the session budget of $5.00 is used up");
        assertThat(entries.nth(4)).containsText("Pull request #42 merged");
        assertThat(entries.nth(5)).containsText("by demo");
        noHorizontalScroll("activity");
        shot("p2-activity");
        // the ended session keeps its other tab readable
        page.locator("[role=tab]", new Page.LocatorOptions().setHasText("Terminal & Chat")).click();
        assertThat(page.locator(".ended-panel")).containsText("Session ended");
        assertThat(page.locator(".transcript .chat-status")).containsText("read-only");
        shot("p2-ended-session");
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p3TheStartShowsItsStepsAsTheyHappen(Size at) {
        Instant t0 = Instant.now().minusSeconds(3);
        Instant t1 = t0.plusMillis(400);
        StartFixtures.begin(List.of("pod", "fetch"), List.of(t0, t1));
        publishStarting(List.of(new StartStepTime(StartStep.POD, t0, t1), new StartStepTime(StartStep.FETCH, t1, null)));
        open(at, TestTokens.bearer(DemoFixtures.USER));
        page.navigate(base + "#/sessions/" + StartFixtures.STARTING);
        assertThat(step("pod")).hasAttribute("data-status", "done");
        assertThat(step("pod")).containsText("✓");
        assertThat(step("pod").locator(".step-time")).hasText("0.4 s");
        assertThat(step("fetch")).hasAttribute("data-status", "current");
        assertThat(step("fetch")).hasAttribute("aria-current", "step");
        assertThat(step("fetch").locator(".spinner")).hasCount(1);
        assertThat(step("worktree")).hasAttribute("data-status", "pending");
        assertThat(step("worktree").locator(".step-time")).hasCount(0);
        noHorizontalScroll("starting");
        shot("p3-start-steps");

        // the fetch is done: the live stream (and the page's poll) move the mark on
        Instant t2 = t1.plusMillis(1300);
        StartFixtures.begin(List.of("pod", "fetch", "worktree"), List.of(t0, t1, t2));
        publishStarting(List.of(new StartStepTime(StartStep.POD, t0, t1), new StartStepTime(StartStep.FETCH, t1, t2),
                new StartStepTime(StartStep.WORKTREE, t2, null)));
        assertThat(step("fetch")).hasAttribute("data-status", "done");
        assertThat(step("fetch").locator(".step-time")).hasText("1.3 s");
        assertThat(step("worktree")).hasAttribute("data-status", "current");

        // a failed start says at which step, and why
        page.navigate(base + "#/sessions/" + StartFixtures.FAILED);
        assertThat(page.locator(".ended-panel.failed .reason")).hasText("The start failed while fetching the repository "
                + "from its remote: " + StartFixtures.FETCH_FAILURE);
        assertThat(step("pod")).hasAttribute("data-status", "done");
        assertThat(step("fetch")).hasAttribute("data-status", "failed");
        assertThat(step("fetch")).containsText("✗");
        assertThat(step("worktree")).hasAttribute("data-status", "pending");
        shot("p3-failed-start");
        page.locator("[role=tab]", new Page.LocatorOptions().setHasText("Activity")).click();
        assertThat(page.locator(".timeline-entry[data-kind=failed]")).hasText(Pattern.compile(
                ".*The start failed while fetching the repository from its remote: .*"));
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p3NewSessionRemembersTheRepositoryAndSaysWhatHappensToTheBranch(Size at) {
        open(at, TestTokens.bearer(DemoFixtures.USER));
        page.evaluate("id => localStorage.setItem('podbench.lastRepository', id)", DemoFixtures.REPOSITORY_ID);
        page.navigate(base + "#/new");
        assertThat(page.locator("#ns-repo")).hasValue(DemoFixtures.REPOSITORY_ID);
        assertThat(page.locator("#ns-branches")).hasAttribute("data-loaded", "all");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "generated");
        page.locator("#ns-branch").fill("release/2.0");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "remote");
        assertThat(page.locator("#ns-branch-status")).containsText("exists on the remote");
        page.locator("#ns-branch").fill("fix/login-redirect");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "local");
        page.locator("#ns-branch").fill("feature/brand-new");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "new");
        assertThat(page.locator("#ns-branch-status")).containsText("will be created from origin/main");
        noHorizontalScroll("new session");
        shot("p3-new-session-branch");
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p4RemovingARepositoryListsItsLiveSessions(Size at) {
        open(at, TestTokens.bearer(DemoFixtures.USER));
        page.navigate(base + "#/repositories");
        page.locator("button[aria-label='Remove podbench-demo']").click();
        assertThat(page.locator("dialog")).containsText("ends its 1 live session");
        assertThat(page.locator("dialog .dirty-files")).containsText("src/main/java/App.java");
        assertThat(page.locator("dialog .btn-danger")).isInViewport();
        shot("p4-remove-repository");
        page.keyboard().press("Escape");
        assertThat(page.locator("dialog")).hasCount(0);
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p5TheLayoutFitsAndTheSidebarGetsOutOfTheWay(Size at) {
        open(at, TestTokens.bearer(DemoFixtures.USER));
        for (String screen : List.of("#/", "#/repositories", "#/new", "#/sessions/" + DemoFixtures.ACTIVE,
                "#/sessions/" + DemoFixtures.ENDED, "#/sessions/" + StartFixtures.SHIPPED + "/activity",
                "#/sessions/" + StartFixtures.FAILED)) {
            page.navigate(base + screen);
            // the page's own heading: a session page shows its (still empty) header before the session has loaded
            assertThat(page.locator("main h1").first()).isVisible();
            noHorizontalScroll(screen);
        }
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        if (at.phone()) {
            // a drawer over a backdrop, closed by Esc; chat and terminal one at a time
            assertThat(page.locator(".sidebar")).not().isInViewport();
            page.locator(".menu-btn").click();
            assertThat(page.locator(".drawer-backdrop")).isVisible();
            shot("p5-sidebar");
            page.keyboard().press("Escape");
            assertThat(page.locator(".sidebar")).not().isInViewport();
            assertThat(page.locator(".pane-chat")).isHidden();
            assertThat(page.locator(".pane-switch")).isVisible();
        } else {
            // chat and terminal side by side; the sidebar collapses and is back on demand
            assertThat(page.locator(".pane-chat")).isVisible();
            assertThat(page.locator(".pane-switch")).isHidden();
            page.locator(".menu-btn").click();
            assertThat(page.locator(".sidebar")).isHidden();
            shot("p5-sidebar");
            page.locator(".menu-btn").click();
            assertThat(page.locator(".sidebar")).isVisible();
        }
        shot("p5-session");
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p6TheTerminalFillsItsPaneAndSendWaitsWhileDisconnected(Size at) {
        open(at, TestTokens.bearer(DemoFixtures.USER));
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        // no band under the last row: the rows reach the bottom of the terminal's screen within one row
        Object band = page.evaluate("() => { const s = document.querySelector('.xterm-screen').getBoundingClientRect();"
                + " const p = document.querySelector('.terminal-host').getBoundingClientRect();"
                + " const rows = document.querySelectorAll('.xterm-rows > div'); const row = s.height / rows.length;"
                + " return (p.bottom - s.bottom) / row; }");
        assertThat(((Number) band).doubleValue()).as("empty rows' worth under the terminal").isLessThan(1.0);
        shot("p6-terminal");
        if (at.phone()) {
            page.locator(".pane-switch button", new Page.LocatorOptions().setHasText("Chat")).click();
        }
        assertThat(page.locator(".chat-status")).containsText("idle");
        page.locator(".chat-input").fill(DemoFixtures.DROP_CHAT);
        page.locator(".chat-input").press("Enter");
        assertThat(page.locator(".chat-composer button[type=submit]")).isDisabled();
        assertThat(page.locator(".composer-note")).containsText("your message stays here");
        shot("p6-send-waits");
        assertThat(page.locator(".chat-composer button[type=submit]")).isEnabled();
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p7TheSidebarPinsLiveSessionsInAStableOrderAndAnAdminChoosesWhose(Size at) {
        open(at, TestTokens.admin(DemoFixtures.USER));
        showSidebar();
        assertThat(page.locator("[data-scope=mine]")).hasAttribute("aria-pressed", "true");
        page.locator("[data-scope=everyone]").click();
        List<String> before = sidebarIds();
        assertThat(before.get(0)).isEqualTo(DemoFixtures.ACTIVE);

        // others start sessions: theirs join the list, the live ones stay on top, nothing already there moves
        Instant now = Instant.now();
        StartFixtures.listAlso(new JsonArray()
                .add(othersSession("b0b00000-0000-4000-8000-000000000001", "bob", "active", now))
                .add(othersSession("ca401000-0000-4000-8000-000000000002", "carol", "ended", now.minusSeconds(30))));
        assertThat(page.locator(".session-item")).hasCount(4);
        List<String> after = sidebarIds();
        assertThat(after.subList(0, 2)).containsExactlyInAnyOrder(DemoFixtures.ACTIVE, "b0b00000-0000-4000-8000-000000000001");
        assertThat(after.stream().filter(before::contains).toList()).as("the earlier rows keep their order")
                .isEqualTo(before);
        assertThat(page.locator(".session-item.live")).hasCount(2);
        assertThat(page.locator(".session-item").nth(0)).hasClass(Pattern.compile(".*\\blive\\b.*"));
        assertThat(page.locator(".session-item").nth(1)).hasClass(Pattern.compile(".*\\blive\\b.*"));
        assertThat(page.locator(".sidebar")).containsText("bob");
        shot("p7-sidebar-everyone");
        page.locator("[data-scope=mine]").click();
        assertThat(page.locator(".session-item")).hasCount(2);
        assertThat(page.locator(".sidebar")).not().containsText("bob");
    }

    @ParameterizedTest
    @EnumSource(Size.class)
    void p8EveryPageHasNoSeriousAccessibilityViolation(Size at) {
        newContext(at);
        page.navigate(base.toString());
        assertThat(page.locator(".login-required")).isVisible();
        axe("login");
        login(TestTokens.bearer(DemoFixtures.USER));
        // a failed session in the sidebar too: its badge is checked with the rest
        StartFixtures.listAlso(new JsonArray().add(StartFixtures.failedSession()));
        assertThat(page.locator(".session-item .state-failed")).hasCount(1);
        axe("home");
        page.keyboard().press("Tab");
        assertThat(page.locator(".skip-link")).isFocused();
        assertThat(page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")).isNotEqualTo("none");
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("repositories", "table.table");
        pages.put("new", "#ns-repo");
        pages.put("sessions/" + DemoFixtures.ACTIVE, ".xterm-rows");
        pages.put("sessions/" + DemoFixtures.ACTIVE + "/activity", ".timeline-entry");
        pages.put("sessions/" + DemoFixtures.ENDED, ".transcript");
        pages.put("sessions/" + StartFixtures.STARTING, ".start-steps");
        pages.put("sessions/" + StartFixtures.FAILED, ".ended-panel.failed");
        pages.put("sessions/" + StartFixtures.SHIPPED + "/activity", ".timeline-entry[data-kind=ended]");
        for (Map.Entry<String, String> screen : pages.entrySet()) {
            page.navigate(base + "#/" + screen.getKey());
            assertThat(page.locator(screen.getValue()).first()).isAttached();
            axe(screen.getKey());
        }
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        page.locator(".session-actions .btn-danger").click();
        assertThat(page.locator("dialog .dirty-files")).isVisible();
        axe("end dialog");
        shot("p8-end-dialog");
        page.keyboard().press("Escape");
        if (at.phone()) {
            page.locator(".menu-btn").click();
            assertThat(page.locator(".drawer-backdrop")).isVisible();
            axe("open drawer");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void newContext(Size at) {
        size = at;
        Browser.NewContextOptions options = new Browser.NewContextOptions().setViewportSize(at.width, at.height)
                .setReducedMotion(ReducedMotion.REDUCE);
        if (at.phone()) {
            options.setIsMobile(true).setHasTouch(true);
        }
        context = browser.newContext(options);
        context.setDefaultTimeout(20_000);
        page = context.newPage();
    }

    private void open(Size at, String token) {
        newContext(at);
        login(token);
    }

    private void login(String token) {
        page.navigate(base + "?token=" + token);
        page.waitForURL(base.toString());
        assertThat(page.locator(".topbar")).isVisible();
    }

    private Locator step(String name) {
        return page.locator(".start-steps [data-step=" + name + "]");
    }

    private void showSidebar() {
        if (size.phone()) {
            page.locator(".menu-btn").click();
            assertThat(page.locator(".sidebar")).isInViewport();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> sidebarIds() {
        return (List<String>) page.locator(".session-item").evaluateAll("list => list.map(e => e.dataset.sessionId)");
    }

    private static JsonObject othersSession(String id, String owner, String state, Instant created) {
        JsonObject s = new JsonObject().put("id", id).put("repositoryId", DemoFixtures.REPOSITORY_ID).put("owner", owner)
                .put("branch", "podbench/" + owner + "/" + id.substring(0, 8)).put("state", state)
                .put("createdAt", created.toString()).put("costUsd", "0.0100");
        return "ended".equals(state) ? s.put("endedAt", created.plusSeconds(10).toString()) : s;
    }

    private static void publishStarting(List<StartStepTime> steps) {
        SessionSnapshot snapshot = new SessionSnapshot(StartFixtures.STARTING, DemoFixtures.REPOSITORY_ID,
                "podbench-demo", "feature/steps", null, SessionState.STARTING, DemoFixtures.USER, null, "local", null,
                null, StartFixtures.CREATED, Instant.now(), null, null, steps);
        KafkaTestResource.send(Topics.SESSIONS, StartFixtures.STARTING,
                EventJson.encodeToString(CloudEvent.of("/podbench/session-service", snapshot)));
    }

    private void noHorizontalScroll(String screen) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + screen + " at " + size)
                .isLessThanOrEqualTo(0);
    }

    private static void noJsonIn(Locator where) {
        assertThat(where.innerText()).doesNotContain("{\"").doesNotContain("\"field\"").doesNotContain("sessionId");
    }

    private void axe(String screen) {
        Chromium.axe(page, screen + " at " + size);
    }

    private void shot(String name) {
        Path file = Chromium.SCREENSHOTS.resolve(name + "-" + size.name().toLowerCase() + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file));
    }
}
