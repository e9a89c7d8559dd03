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
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestTokens;
import dev.podbench.web.proxy.DemoFixtures;

/**
 * What every browser test of the dashboard does the same way: the system Chromium under Playwright (skipped with
 * a message when it is missing), login by token link as {@code demo}, axe-core on the page, screenshots in
 * {@code target/screenshots/}, and a session snapshot on Kafka for the live-updates stream.
 */
final class Chromium {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("PODBENCH_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** axe-core from the dashboard's npm dependencies (the build's npm install puts it there). */
    static final Path AXE = Path.of("src/main/webui/node_modules/axe-core/axe.min.js");

    /** A headless Chromium, or the calling test class skipped when none is installed. */
    static Browser launch(Playwright playwright) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE), "Chromium not installed at " + EXECUTABLE
                + " (apt-get install -y chromium; .ci/run does it)");
        if (!Files.isRegularFile(AXE)) {
            throw new IllegalStateException(AXE + " is missing: the dashboard's npm install did not run");
        }
        Files.createDirectories(SCREENSHOTS);
        // generous: Chromium, the web-ui and the stand-ins share two (often busy) cores
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic")));
    }

    private static Browser shared;

    /** One Chromium for every browser test class of the JVM that asks for it, closed when the JVM ends. */
    static synchronized Browser shared() throws Exception {
        if (shared == null) {
            Playwright playwright = playwright();
            Browser browser = launch(playwright);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(browser, playwright), "chromium-close"));
            shared = browser;
        }
        return shared;
    }

    static void close(Browser browser, Playwright playwright) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Logs {@code demo} in by the token link; the token leaves the address bar. */
    static void login(Page page, URL base) {
        page.navigate(base + "?token=" + TestTokens.bearer(DemoFixtures.USER));
        page.waitForURL(base.toString());
        assertThat(page.url()).doesNotContain("token=");
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
