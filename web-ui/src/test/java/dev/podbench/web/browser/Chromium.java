package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;

import dev.podbench.testkit.TestTokens;

/**
 * What the browser test classes share: the system Chromium driven by Playwright (skipped with a message when it is
 * missing), login by token link, axe-core, the horizontal-scroll check and screenshots in {@code target/screenshots/}.
 */
final class Chromium {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PODBENCH_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** axe-core from the dashboard's npm dependencies (the build's npm install puts it there). */
    static final Path AXE = Path.of("src/main/webui/node_modules/axe-core/axe.min.js");

    private static Playwright playwright;
    private static Browser browser;

    static void launch() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not installed at " + CHROMIUM
                + " (apt-get install -y chromium; .ci/run does it)");
        if (!Files.isRegularFile(AXE)) {
            throw new IllegalStateException(AXE + " is missing: the dashboard's npm install did not run");
        }
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

    static void close() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (playwright != null) {
            playwright.close();
            playwright = null;
        }
    }

    static BrowserContext desktop() {
        return configured(browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)));
    }

    static BrowserContext phone(int width, int height) {
        return configured(browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height).setIsMobile(true).setHasTouch(true)
                // no sliding drawer in the screenshots (the CSS honours reduced motion)
                .setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE)));
    }

    private static BrowserContext configured(BrowserContext context) {
        context.setDefaultTimeout(20_000);
        return context;
    }

    static void login(Page page, URL base, String user) {
        page.navigate(base + "?token=" + TestTokens.bearer(user));
        page.waitForURL(base.toString());
        assertThat(page.url()).doesNotContain("token=");
        Cookie cookie = page.context().cookies().stream().filter(c -> c.name.equals("podbench_token")).findFirst().orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.sameSite).isEqualTo(com.microsoft.playwright.options.SameSiteAttribute.STRICT);
        assertThat(page.locator(".topbar")).isVisible();
    }

    static void noHorizontalScroll(Page page, String screen) {
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow on " + screen).isLessThanOrEqualTo(0);
        Object wide = page.evaluate("() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
                + " && e.closest('.xterm') === null && getComputedStyle(e).visibility !== 'hidden').map(e => e.className || e.tagName).slice(0, 5)");
        assertThat((List<?>) wide).as("elements wider than the screen on " + screen).isEmpty();
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

    private Chromium() {
    }
}
