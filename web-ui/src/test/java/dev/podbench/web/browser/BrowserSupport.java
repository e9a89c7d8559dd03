package dev.podbench.web.browser;

import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/** What the browser tests share: the system Chromium, headless, and axe-core's verdict on a page. */
final class BrowserSupport {

    private BrowserSupport() {
    }

    /** Playwright without its own browser download (the system Chromium is used). */
    static Playwright playwright() {
        // generous: Chromium, the web-ui and the stand-ins share two (often busy) cores
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(DashboardBrowserTest.CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic")));
    }

    /** Closes what {@link #playwright()} and {@link #chromium} opened (either may be null: the launch was skipped). */
    static void close(Browser browser, Playwright playwright) {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    /** axe-core (npm, injected) on the page as it is: its serious and critical violations. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> seriousViolations(Page page) {
        page.addScriptTag(new Page.AddScriptTagOptions().setPath(DashboardBrowserTest.AXE));
        return (List<Map<String, Object>>) page.evaluate("async () => (await axe.run(document, "
                + "{ resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))");
    }
}
