package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
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
        Files.createDirectories(SCREENSHOTS);
        // generous: Chromium, the web-ui and the stand-ins share two (often busy) cores
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
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
    void phoneWidthStacksThePanes() {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true));
        page = context.newPage();
        login();
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        var chat = page.locator(".pane-chat").boundingBox();
        var terminal = page.locator(".pane-terminal").boundingBox();
        assertThat(terminal.y).isGreaterThanOrEqualTo(chat.y + chat.height - 1);
        assertThat(page.locator(".sidebar")).not().isInViewport();
        shot("08-phone-session");
        page.locator(".menu-btn").click();
        assertThat(page.locator(".sidebar")).isInViewport();
        shot("09-phone-sidebar");
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
