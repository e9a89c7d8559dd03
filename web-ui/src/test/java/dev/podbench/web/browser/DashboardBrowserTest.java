package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.web.proxy.DemoFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard in a real Chromium against the web-ui, its services played by the stand-ins of
 * {@code UpstreamsTestResource} ({@link DemoFixtures} for the user {@code demo}): login by token link, the token
 * leaving the address bar, refusal without login, and every screen rendering. Screenshots go to
 * {@code target/screenshots/}. The full journey on the real services is {@code e2e/}.
 */
@QuarkusTest
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PODBENCH_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** axe-core from the dashboard's npm dependencies (the build's npm install puts it there). */
    static final Path AXE = Path.of("src/main/webui/node_modules/axe-core/axe.min.js");

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/")
    URL base;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void launch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium; .ci/run does it)");
        if (!Files.isRegularFile(AXE)) {
            throw new IllegalStateException(AXE + " is missing: the dashboard's npm install did not run");
        }
        Files.createDirectories(SCREENSHOTS);
        playwright = BrowserSupport.playwright();
        browser = BrowserSupport.chromium(playwright);
    }

    @AfterAll
    static void close() {
        BrowserSupport.close(browser, playwright);
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
        // the sessions the SSE stream may report on
        publish(DemoFixtures.ACTIVE, SessionState.ACTIVE);
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void withoutLoginTheAppAndTheApiRefuse() {
        page.navigate(base.toString());
        assertThat(page.locator(".login-required")).containsText("not logged in");
        shot("01-login-required");
        assertThat(page.request().get(base + "api/sessions").status()).isEqualTo(401);
        page.navigate(base + "?token=not-a-token");
        assertThat(page.locator("body")).containsText("invalid or has expired");
    }

    @Test
    void tokenLinkLogsInDropsTheTokenAndEveryScreenRenders() {
        login();
        assertThat(page.locator(".user")).hasText("demo");
        assertThat(page.locator(".session-item")).hasCount(2);
        assertThat(page.locator(".session-item").first()).containsText("podbench-demo");
        shot("02-home");

        // the filters
        page.locator("[data-filter=ended]").click();
        assertThat(page.locator(".session-item")).hasCount(1);
        assertThat(page.locator(".session-item")).containsText("fix/login-redirect");
        page.locator("[data-filter=all]").click();

        // repositories
        page.locator("a.nav-link", new Page.LocatorOptions().setHasText("Repositories")).click();
        assertThat(page.locator("table.table")).containsText("https://github.com/example/podbench-demo.git");
        assertThat(page.locator("#repo-url")).isVisible();
        shot("03-repositories");

        // new session: a failure shows its reason
        page.locator("a.new-session").click();
        assertThat(page.locator("#ns-repo")).isVisible();
        // the remote's branches are suggested, next to the branches of earlier sessions
        assertThat(page.locator("#ns-branches")).hasAttribute("data-loaded", "all");
        assertThat(page.locator("#ns-branches option[value='release/2.0']")).hasCount(1);
        assertThat(page.locator("#ns-branches option[value='fix/login-redirect']")).hasCount(1);
        page.locator("#ns-branch").fill("feature/x");
        shot("04-new-session");
        page.locator("form button[type=submit]").click();
        assertThat(page.locator("form .error")).containsText("capacity reached");
    }

    @Test
    void sessionViewWithTerminalChatAndTheEndDialog() {
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".session-header")).containsText("podbench/demo/0b9d3c1e");
        assertThat(page.locator(".session-header .badge")).hasText("active");
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        page.locator(".xterm").click();
        page.keyboard().type("git status");
        assertThat(page.locator(".xterm-rows")).containsText("git status");
        assertThat(page.locator(".chat-log")).containsText("I'll add the endpoint");
        assertThat(page.locator(".chat-tool summary")).containsText("src/main/java/Health.java");
        assertThat(page.locator(".chat-status")).containsText("idle");
        assertThat(page.locator(".chat-thinking")).isHidden();
        page.locator(".chat-toolbar input[type=checkbox]").check();
        assertThat(page.locator(".chat-thinking")).isVisible();
        page.locator(".chat-input").fill("Now run the tests");
        page.locator(".chat-input").press("Enter");
        assertThat(page.locator(".chat-user").last()).containsText("Now run the tests");
        assertThat(page.locator(".chat-status")).containsText("working");
        assertThat(page.locator(".chat-composer .btn-danger")).isVisible();
        shot("05-session-view");

        // collapse the chat; the layout is remembered across a reload
        page.locator(".pane-chat .pane-toggle").click();
        assertThat(page.locator(".pane-chat")).hasClass(java.util.regex.Pattern.compile(".*collapsed.*"));
        page.reload();
        assertThat(page.locator(".pane-chat")).hasClass(java.util.regex.Pattern.compile(".*collapsed.*"));
        page.locator(".pane-chat .pane-toggle").click();

        page.locator(".session-actions .btn-danger").click();
        assertThat(page.locator("dialog .dirty-files")).containsText("src/main/java/App.java");
        assertThat(page.locator("dialog .unpushed-commits")).containsText("Add health endpoint");
        shot("06-end-session-dialog");
        page.locator("dialog .btn", new Page.LocatorOptions().setHasText("Cancel")).click();
        assertThat(page.locator("dialog")).hasCount(0);
    }

    @Test
    void anEndedSessionShowsItsBranch() {
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ENDED);
        assertThat(page.locator(".ended-panel")).containsText("Session ended");
        assertThat(page.locator(".ended-branch")).hasText("fix/login-redirect");
        assertThat(page.locator(".xterm")).hasCount(0);
        shot("07-ended-session");
    }

    @Test
    void errorsAreSentencesByTheirFieldAndABusyBranchLinksToItsSession() {
        login();
        page.navigate(base + "#/repositories");
        // an empty name: the service's refusal sits under the name field, as a sentence
        page.locator("form.grid-form button[type=submit]").click();
        assertThat(page.locator("#repo-name-error")).hasText("Name is required.");
        assertThat(page.locator("#repo-name")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#repo-name")).isFocused();
        page.locator("#repo-name").fill("mirror");
        page.locator("#repo-url").fill("ftp://example.com/repo.git");
        page.locator("form.grid-form button[type=submit]").click();
        assertThat(page.locator("#repo-name-error")).hasCount(0);
        assertThat(page.locator("#repo-url-error")).containsText("file://");
        noJsonIn(page.locator("main"));
        shot("10-error-by-its-field");
        // added: said so, with the way on
        page.locator("#repo-url").fill("https://github.com/example/mirror.git");
        page.locator("form.grid-form button[type=submit]").click();
        assertThat(page.locator(".notice")).containsText("Added mirror.");
        assertThat(page.locator("#repo-url-error")).hasCount(0);

        // New Session says before Start what will happen to the branch
        page.navigate(base + "#/new");
        assertThat(page.locator("#ns-branches")).hasAttribute("data-loaded", "all");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "generated");
        page.locator("#ns-branch").fill("release/2.0");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "remote");
        page.locator("#ns-branch").fill("fix/login-redirect");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "local");
        // held by a live session: said before Start, with the way to that session
        page.locator("#ns-branch").fill("podbench/demo/0b9d3c1e");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "busy");
        assertThat(page.locator("#ns-branch-status a")).hasAttribute("href", "#/sessions/" + DemoFixtures.ACTIVE);
        page.locator("#ns-branch").fill("feature/brand-new");
        assertThat(page.locator("#ns-branch-status")).hasAttribute("data-kind", "new");
        assertThat(page.locator("#ns-branch-status")).containsText("created from origin/main");
        // a branch another session holds: said by the branch field, with a link to that session
        page.locator("#ns-branch").fill(DemoFixtures.BUSY_BRANCH);
        page.locator("form button[type=submit]").click();
        assertThat(page.locator("#ns-branch-error")).containsText("Branch 'feature/busy' is in use by another session.");
        noJsonIn(page.locator("main"));
        shot("11-branch-in-use");
        page.locator("#ns-branch-error a.holder-link").click();
        page.waitForURL(java.util.regex.Pattern.compile(".*#/sessions/" + DemoFixtures.ACTIVE + "$"));
        assertThat(page.locator(".session-header")).containsText("podbench/demo/0b9d3c1e");
        // the last repository used is preselected next time
        assertThat(page.evaluate("() => localStorage.getItem('podbench.lastRepository')")).isEqualTo("new-repo");
    }

    @Test
    void sessionTabsActivityAndAnEndedSessionsTranscript() {
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator("[role=tab]")).hasText(new String[] { "Terminal & Chat", "Activity" });
        assertThat(page.locator("[role=tab][aria-selected=true]")).hasText("Terminal & Chat");
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        // keyboard: arrows move between tabs; the address follows
        page.locator("[role=tab][aria-selected=true]").focus();
        page.keyboard().press("ArrowRight");
        assertThat(page.locator("[role=tab][aria-selected=true]")).hasText("Activity");
        assertThat(page.locator(".timeline-entry")).hasCount(2);
        assertThat(page.locator(".timeline-entry").first()).containsText("by demo");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*#/sessions/" + DemoFixtures.ACTIVE + "/activity$"));
        shot("12-activity");
        page.reload();
        assertThat(page.locator("[role=tab][aria-selected=true]")).hasText("Activity");
        page.locator("[role=tab]", new Page.LocatorOptions().setHasText("Terminal & Chat")).click();
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");

        // ended: the transcript stays readable (read-only), and so does the timeline
        page.navigate(base + "#/sessions/" + DemoFixtures.ENDED);
        assertThat(page.locator(".transcript .chat-log")).containsText("The callback URL lost its trailing slash");
        assertThat(page.locator(".transcript .chat-input")).hasCount(0);
        assertThat(page.locator(".transcript .chat-status")).containsText("read-only");
        shot("13-ended-transcript");
        page.locator("[role=tab]", new Page.LocatorOptions().setHasText("Activity")).click();
        assertThat(page.locator(".timeline-entry[data-kind=ended]")).containsText("by demo");
        assertThat(page.locator(".timeline-entry[data-kind=idle-warning]")).isVisible();
    }

    @Test
    void sendWaitsWhileTheChatIsDisconnected() {
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".chat-status")).containsText("idle");
        assertThat(page.locator(".chat-composer button[type=submit]")).isEnabled();
        page.locator(".chat-input").fill(DemoFixtures.DROP_CHAT);
        page.locator(".chat-input").press("Enter");
        assertThat(page.locator(".chat-composer button[type=submit]")).isDisabled();
        assertThat(page.locator(".composer-note")).containsText("your message stays here");
        page.locator(".chat-input").fill("kept while offline");
        page.locator(".chat-input").press("Enter");
        assertThat(page.locator(".chat-input")).hasValue("kept while offline");
        shot("14-chat-disconnected");
        // back: Send works again
        assertThat(page.locator(".chat-composer button[type=submit]")).isEnabled();
        assertThat(page.locator(".composer-note")).isHidden();
    }

    @Test
    void removingARepositoryListsItsLiveSessionsAndTheirUncommittedWork() {
        login();
        page.navigate(base + "#/repositories");
        page.locator("button[aria-label='Remove podbench-demo']").click();
        assertThat(page.locator("dialog")).containsText("ends its 1 live session");
        assertThat(page.locator("dialog .live-sessions")).containsText("podbench/demo/0b9d3c1e");
        assertThat(page.locator("dialog .dirty-files")).containsText("src/main/java/App.java");
        assertThat(page.locator("dialog .unpushed-commits")).containsText("Add health endpoint");
        shot("15-remove-repository");
        page.keyboard().press("Escape");
        assertThat(page.locator("dialog")).hasCount(0);
    }

    @Test
    void theSidebarPinsLiveSessionsShowsCostsAndCollapses() {
        login();
        assertThat(page.locator(".session-item").first()).hasClass(java.util.regex.Pattern.compile(".*\\blive\\b.*"));
        assertThat(page.locator(".session-item").first().locator(".cost")).hasText("$0.4213");
        page.locator(".menu-btn").click();
        assertThat(page.locator(".sidebar")).isHidden();
        assertThat(page.locator(".menu-btn")).hasAttribute("aria-expanded", "false");
        page.reload();
        assertThat(page.locator(".topbar")).isVisible();
        assertThat(page.locator(".sidebar")).isHidden();
        page.locator(".menu-btn").click();
        assertThat(page.locator(".sidebar")).isVisible();
    }

    @Test
    void everyPageHasNoSeriousAccessibilityViolationAndAVisibleFocus() {
        page.navigate(base.toString());
        assertThat(page.locator(".login-required")).isVisible();
        axe("login");
        login();
        axe("home");
        // the first Tab reaches the skip link, drawn with a focus ring
        page.keyboard().press("Tab");
        assertThat(page.locator(".skip-link")).isFocused();
        assertThat(page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")).isNotEqualTo("none");
        page.navigate(base + "#/repositories");
        assertThat(page.locator("table.table")).isVisible();
        axe("repositories");
        page.navigate(base + "#/new");
        assertThat(page.locator("#ns-branches")).hasAttribute("data-loaded", "all");
        axe("new session");
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".chat-status")).containsText("idle");
        axe("session");
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE + "/activity");
        assertThat(page.locator(".timeline-entry")).hasCount(2);
        axe("activity");
        page.navigate(base + "#/sessions/" + DemoFixtures.ENDED);
        assertThat(page.locator(".transcript .chat-log")).containsText("trailing slash");
        axe("ended session");
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        page.locator(".session-actions .btn-danger").click();
        assertThat(page.locator("dialog .dirty-files")).isVisible();
        axe("end dialog");
    }

    @Test
    void phoneDrawerChatTerminalSwitchAndCards() {
        phone(390, 844);
        login();
        // home: the live sessions are listed on the page itself (the sidebar is a closed drawer)
        assertThat(page.locator(".home-sessions")).containsText("podbench/demo/0b9d3c1e");
        assertThat(page.locator(".sidebar")).not().isInViewport();
        noHorizontalScroll("home");
        // the drawer: opens over a backdrop; an outside tap, Esc and a navigation close it
        page.locator(".menu-btn").click();
        assertThat(page.locator(".sidebar")).isInViewport();
        assertThat(page.locator(".drawer-backdrop")).isVisible();
        shot("09-phone-sidebar");
        page.mouse().click(370, 400);
        assertThat(page.locator(".sidebar")).not().isInViewport();
        assertThat(page.locator(".drawer-backdrop")).isHidden();
        page.locator(".menu-btn").click();
        assertThat(page.locator(".sidebar")).isInViewport();
        page.keyboard().press("Escape");
        assertThat(page.locator(".sidebar")).not().isInViewport();
        assertThat(page.locator(".menu-btn")).isFocused();
        page.locator(".menu-btn").click();
        page.locator(".session-item[data-session-id='" + DemoFixtures.ACTIVE + "']").click();
        assertThat(page.locator(".sidebar")).not().isInViewport();

        // the session: terminal or chat, switched above them, each using the whole height
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        assertThat(page.locator(".pane-chat")).isHidden();
        var terminal = page.locator(".pane-terminal").boundingBox();
        assertThat(terminal.height).isGreaterThan(500);
        noHorizontalScroll("session");
        shot("08-phone-session");
        page.locator(".pane-switch button", new Page.LocatorOptions().setHasText("Chat")).click();
        assertThat(page.locator(".pane-terminal")).isHidden();
        assertThat(page.locator(".chat-log")).containsText("I'll add the endpoint");
        assertThat(page.locator(".chat-composer button[type=submit]")).isInViewport();
        shot("16-phone-chat");
        axe("phone session");

        // repositories as cards: every Remove button on screen
        page.navigate(base + "#/repositories");
        assertThat(page.locator("button[aria-label='Remove podbench-demo']")).isInViewport();
        noHorizontalScroll("repositories");
        shot("17-phone-repositories");
        axe("phone repositories");
        page.navigate(base + "#/new");
        noHorizontalScroll("new session");
        page.navigate(base + "#/sessions/" + DemoFixtures.ENDED + "/activity");
        assertThat(page.locator(".timeline-entry[data-kind=ended]")).isVisible();
        noHorizontalScroll("activity");
        shot("18-phone-activity");
    }

    @Test
    void noHorizontalScrollAt360Pixels() {
        phone(360, 740);
        login();
        noHorizontalScroll("home");
        for (String screen : List.of("#/repositories", "#/new", "#/sessions/" + DemoFixtures.ACTIVE,
                "#/sessions/" + DemoFixtures.ENDED, "#/sessions/" + DemoFixtures.ENDED + "/activity")) {
            page.navigate(base + screen);
            assertThat(page.locator("main h1, main .session-header").first()).isVisible();
            page.waitForLoadState();
            noHorizontalScroll(screen);
        }
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        noHorizontalScroll("session with terminal");
        shot("19-360-session");
    }

    private void phone(int width, int height) {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setIsMobile(true).setHasTouch(true)
                // no sliding drawer in the screenshots (the CSS honours reduced motion)
                .setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE));
        context.setDefaultTimeout(20_000);
        page = context.newPage();
    }

    private void noHorizontalScroll(String screen) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + screen).isLessThanOrEqualTo(0);
        Object wide = page.evaluate("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
                + " && e.closest('.xterm') === null && getComputedStyle(e).visibility !== 'hidden').map(e => e.className || e.tagName).slice(0, 5)");
        assertThat((List<?>) wide).as("elements wider than the screen on " + screen).isEmpty();
    }

    private static void noJsonIn(com.microsoft.playwright.Locator where) {
        assertThat(where.innerText()).doesNotContain("{\"").doesNotContain("\"field\"").doesNotContain("sessionId");
    }

    /** axe-core (npm, injected) on the page as it is: no serious or critical violation. */
    private void axe(String screen) {
        assertThat(BrowserSupport.seriousViolations(page)).as("axe on " + screen).isEmpty();
    }

    private void login() {
        page.navigate(base + "?token=" + TestTokens.bearer(DemoFixtures.USER));
        page.waitForURL(base.toString());
        assertThat(page.url()).doesNotContain("token=");
        Cookie cookie = context.cookies().stream().filter(c -> c.name.equals("podbench_token")).findFirst().orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite).isEqualTo(com.microsoft.playwright.options.SameSiteAttribute.STRICT);
        assertThat(page.locator(".topbar")).isVisible();
    }

    private void shot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(false));
    }

    private static void publish(String id, SessionState state) {
        Instant now = Instant.now();
        SessionSnapshot snapshot = new SessionSnapshot(id, DemoFixtures.REPOSITORY_ID, "podbench-demo",
                "podbench/demo/0b9d3c1e", "origin/main", state, DemoFixtures.USER, "podbench-demo-0", "local", "/tmp/wt",
                null, now.minusSeconds(2820), now, null);
        KafkaTestResource.send(Topics.SESSIONS, id, EventJson.encodeToString(CloudEvent.of("/podbench/session-service", snapshot)));
    }
}
