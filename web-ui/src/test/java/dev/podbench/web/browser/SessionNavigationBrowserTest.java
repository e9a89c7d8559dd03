package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Route;

import dev.podbench.web.proxy.DemoFixtures;
import dev.podbench.web.proxy.StartFixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Moving on from a session page before it has loaded: the left session's late answer must not take the page back.
 * The answer is held by the test (Playwright's {@code route}) and released once the next session is on screen.
 */
@QuarkusTest
class SessionNavigationBrowserTest extends BrowserTest {

    @Test
    void aSessionLeftBeforeItLoadedNeitherTakesTheAddressBackNorListensForUpdates() {
        String left = "/api/sessions/" + StartFixtures.SHIPPED;
        List<Route> held = new ArrayList<>();
        page.route(url -> url.endsWith(left), held::add);
        List<String> requested = new ArrayList<>();
        page.onRequest(request -> requested.add(request.url()));
        Chromium.recordBodiesRead(page);
        Chromium.login(page, base);

        // the ended session's Activity tab is asked for, and before it answers the live session is chosen
        page.navigate(base + "#/sessions/" + StartFixtures.SHIPPED + "/activity");
        page.waitForCondition(() -> !held.isEmpty());
        page.locator(".session-item[data-session-id='" + DemoFixtures.ACTIVE + "']").click();
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");

        // now the left session answers, and the page has read that answer
        held.get(0).resume();
        Chromium.awaitBodiesRead(page, left, 1);

        assertThat(page).hasURL(base + "#/sessions/" + DemoFixtures.ACTIVE);
        assertThat(page.locator(".session-header h1")).hasCount(1);
        assertThat(page.locator(".session-header .branch")).hasText("podbench/demo/0b9d3c1e");
        assertThat(requested).noneMatch(url -> url.contains(left + "/"));
        // the address still names the session on screen: a reload opens it again
        page.reload();
        assertThat(page.locator(".xterm-rows")).containsText("demo@podbench");
        assertThat(page).hasURL(base + "#/sessions/" + DemoFixtures.ACTIVE);
    }
}
