package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

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

/**
 * What every browser test of the dashboard does the same way: one system Chromium under Playwright for the whole
 * test JVM (a class is skipped with a message when it is missing), desktop and phone contexts, login by token link,
 * axe-core on the page, the horizontal-scroll check, screenshots in {@code target/screenshots/}, and a session
 * snapshot on Kafka for the live-updates stream.
 */
final class Chromium {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("PODBENCH_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** axe-core from the dashboard's npm dependencies (the build's npm install puts it there). */
    static final Path AXE = Path.of("src/main/webui/node_modules/axe-core/axe.min.js");

    private static Browser shared;

    /** The JVM's Chromium, launched by the first test class that asks and closed when the JVM ends. */
    static synchronized Browser shared() throws Exception {
        if (shared == null) {
            Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE), "Chromium not installed at " + EXECUTABLE
                    + " (apt-get install -y chromium; .ci/run does it)");
            if (!Files.isRegularFile(AXE)) {
                throw new IllegalStateException(AXE + " is missing: the dashboard's npm install did not run");
            }
            Files.createDirectories(SCREENSHOTS);
            // generous: Chromium, the web-ui and the stand-ins share two (often busy) cores
            com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
            Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-quic")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                browser.close();
                playwright.close();
            }, "chromium-close"));
            shared = browser;
        }
        return shared;
    }

    static BrowserContext desktop() throws Exception {
        return configured(shared().newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)));
    }

    static BrowserContext phone(int width, int height) throws Exception {
        return configured(shared().newContext(new Browser.NewContextOptions().setViewportSize(width, height)
                .setIsMobile(true).setHasTouch(true)
                // no sliding drawer in the screenshots (the CSS honours reduced motion)
                .setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE)));
    }

    private static BrowserContext configured(BrowserContext context) {
        context.setDefaultTimeout(20_000);
        return context;
    }

    /** Logs {@code demo} in by the token link. */
    static void login(Page page, URL base) {
        login(page, base, DemoFixtures.USER);
    }

    /** Logs the user in by the token link: the token leaves the address bar for a strict, HTTP-only cookie. */
    static void login(Page page, URL base, String user) {
        page.navigate(base + "?token=" + TestTokens.bearer(user));
        page.waitForURL(base.toString());
        assertThat(page.url()).doesNotContain("token=");
        Cookie cookie = page.context().cookies().stream().filter(c -> c.name.equals("podbench_token")).findFirst().orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite).isEqualTo(com.microsoft.playwright.options.SameSiteAttribute.STRICT);
        assertThat(page.locator(".topbar")).isVisible();
    }

    /** axe-core (npm, injected) on the page as it is: no serious or critical violation. */
    static void axe(Page page, String screen) {
        page.addScriptTag(new Page.AddScriptTagOptions().setPath(AXE));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) page.evaluate("async () => (await axe.run(document, "
                + "{ resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))");
        assertThat(violations).as("axe on " + screen).isEmpty();
    }

    static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(false));
    }

    /** Nothing on the page is wider than the screen (the terminal's own canvas aside). */
    static void noHorizontalScroll(Page page, String screen) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + screen).isLessThanOrEqualTo(0);
        Object wide = page.evaluate("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
                + " && e.closest('.xterm') === null && getComputedStyle(e).visibility !== 'hidden').map(e => e.className || e.tagName).slice(0, 5)");
        assertThat((List<?>) wide).as("elements wider than the screen on " + screen).isEmpty();
    }

    /**
     * Records each response body the page reads, one task after its promise settled: by then every {@code await}
     * chained on that body (the page's own handling of the answer) has run. Call before the page loads.
     */
    static void recordBodiesRead(Page page) {
        page.addInitScript("""
                window.podbenchBodiesRead = [];
                const text = Response.prototype.text;
                Response.prototype.text = function () {
                  const url = this.url;
                  const read = text.call(this);
                  const done = () => setTimeout(() => window.podbenchBodiesRead.push(url));
                  read.then(done, done);
                  return read;
                };
                """);
    }

    /** Waits until the page has read and handled {@code count} answers whose address contains {@code urlPart}. */
    static void awaitBodiesRead(Page page, String urlPart, int count) {
        page.waitForFunction("([part, count]) => window.podbenchBodiesRead.filter(url => url.includes(part)).length >= count",
                List.of(urlPart, count));
    }

    /** The session as the session directory publishes it, so the live-updates stream knows it. */
    static void publish(String id, SessionState state) {
        Instant now = Instant.now();
        SessionSnapshot snapshot = new SessionSnapshot(id, DemoFixtures.REPOSITORY_ID, "podbench-demo",
                "podbench/demo/0b9d3c1e", "origin/main", state, DemoFixtures.USER, "podbench-demo-0", "local", "/tmp/wt",
                null, now.minusSeconds(2820), now, null);
        KafkaTestResource.send(Topics.SESSIONS, id, EventJson.encodeToString(CloudEvent.of("/podbench/session-service", snapshot)));
    }

    private Chromium() {
    }
}
