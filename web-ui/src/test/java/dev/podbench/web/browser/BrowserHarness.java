package dev.podbench.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * The system Chromium the browser tests share (launched by the first, closed when the JVM ends; a test class is
 * skipped with a message when it is missing), and axe-core on a page.
 */
final class BrowserHarness implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PODBENCH_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** axe-core from the dashboard's npm dependencies (the build's npm install puts it there). */
    static final Path AXE = Path.of("src/main/webui/node_modules/axe-core/axe.min.js");

    final Playwright playwright;
    final Browser browser;

    private BrowserHarness(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    private static BrowserHarness shared;

    static synchronized Browser browser() throws IOException {
        if (shared == null) {
            shared = launch();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "chromium-close"));
        }
        return shared.browser;
    }

    private static BrowserHarness launch() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not installed at " + CHROMIUM
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
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic")));
        return new BrowserHarness(playwright, browser);
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

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
