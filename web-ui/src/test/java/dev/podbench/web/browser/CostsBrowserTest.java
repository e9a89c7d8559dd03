package dev.podbench.web.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventPayload;
import dev.podbench.events.Topics;
import dev.podbench.events.cost.BudgetExceeded;
import dev.podbench.events.cost.BudgetLimit;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.events.cost.BudgetWarning;
import dev.podbench.events.cost.SessionCostTotal;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.web.proxy.CostFixtures;
import dev.podbench.web.proxy.DemoFixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The cost screens in Chromium against the web-ui, cost-service played by {@link CostFixtures}: the Costs page
 * (tiles, chart, breakdowns, top sessions, anomaly, CSV, ranges, empty state, updating while open), the session's
 * Cost tab, the budget banner (warning, paused, raised, cleared, the chat's refusal) and the live cost in the
 * sidebar; axe-core and no horizontal scroll at 1280×800 and 390×844. Screenshots {@code costs-*.png}.
 */
@QuarkusTest
class CostsBrowserTest extends BrowserTest {

    @AfterEach
    void resetFixtures() {
        CostFixtures.reset();
    }

    @Test
    void theCostsPageShowsTilesChartBreakdownsTopSessionsAnomaliesAndCsv() throws Exception {
        Chromium.login(page, base, DemoFixtures.USER);
        page.locator("nav a.nav-link", new Page.LocatorOptions().setHasText("Costs")).click();
        assertThat(page.locator("main h1")).hasText("Costs");
        page.locator("[data-range='30']").click();

        // the ledger of the stand-in: 2.3083 in 30 days, of which 0.05 a task
        assertThat(tile("total")).containsText("$2.31");
        assertThat(tile("sources")).containsText("$2.26 · $0.05");
        assertThat(tile("month")).containsText("Forecast for the month");
        // 215,000 cache-read tokens of 237,700 input-side tokens; saved 0.9 × input price: sonnet 0.4455, opus 0.54, haiku 0.009
        assertThat(tile("cache")).containsText("90 %");
        assertThat(tile("cache")).containsText("$0.9945");

        // the chart (a canvas described in words) and its numbers as a table
        assertThat(page.locator(".costs-chart canvas")).isVisible();
        assertThat(page.locator(".costs-chart canvas")).hasAttribute("aria-label", java.util.regex.Pattern.compile(".*by model.*the most on.*\\$1\\.09.*"));
        assertThat(page.locator(".chart-table thead")).containsText(CostFixtures.OPUS);
        page.locator("[data-chart-by=source]").click();
        assertThat(page.locator(".chart-table thead")).containsText("task");
        assertThat(page.locator(".costs-chart canvas")).hasAttribute("aria-label", java.util.regex.Pattern.compile(".*by source.*"));

        // breakdowns; the user breakdown is for admins
        assertThat(page.locator("[data-breakdown=repository] tbody")).containsText("podbench-demo");
        assertThat(page.locator("[data-breakdown=repository] tbody tr").first()).containsText("$2.31");
        // sonnet: four sessions, 1.1713; opus: one, 1.087
        assertThat(page.locator("[data-breakdown=model] tbody tr").first()).containsText(CostFixtures.SONNET);
        assertThat(page.locator("[data-breakdown=model] tbody tr").first()).containsText("$1.17");
        assertThat(page.locator("[data-breakdown=model] tbody tr").nth(1)).containsText(CostFixtures.OPUS);
        assertThat(page.locator("[data-breakdown=model] tbody tr").nth(1)).containsText("$1.09");
        assertThat(page.locator("[data-breakdown=user]")).hasCount(0);

        // the most expensive session first; the anomaly: 1.087 is ≥ 3 × the repository's median session (0.275)
        Locator top = page.locator(".top-sessions tbody tr");
        assertThat(top).hasCount(6);
        assertThat(top.first().locator("a")).hasAttribute("href", "#/sessions/" + DemoFixtures.ENDED);
        assertThat(top.first()).containsText("fix/login-redirect");
        assertThat(page.locator(".anomaly-list li")).hasCount(1);
        assertThat(page.locator(".anomaly-list li")).hasAttribute("data-session-id", DemoFixtures.ENDED);
        assertThat(page.locator(".anomaly-list li")).containsText("4.0×");
        Chromium.shot(page, "costs-01-page");
        Chromium.axe(page, "costs page");

        // CSV: fetched with the login, saved as a file
        Download download = page.waitForDownload(() -> page.locator("button", new Page.LocatorOptions().setHasText("Download CSV")).click());
        assertThat(download.suggestedFilename()).matches("podbench-costs-\\d{4}-\\d{2}-\\d{2}-to-\\d{4}-\\d{2}-\\d{2}\\.csv");
        String csv = Files.readString(download.path());
        assertThat(csv).startsWith("day,session,costUsd,");
        assertThat(csv).contains(LocalDate.now().minusDays(3) + "," + DemoFixtures.ENDED + ",1.0870");

        // updates while open: a new turn of the active session shows without a reload
        CostFixtures.activeSessionCost("0.9213");
        assertThat(tile("total")).containsText("$2.81");

        // 7 days leave out the session of 8 days ago
        page.locator("[data-range='7']").click();
        assertThat(tile("total")).containsText("$2.51");

        // a range without spend says so in words
        page.locator("[data-range=custom]").click();
        page.locator("#costs-from").fill("2020-01-01");
        page.locator("#costs-to").fill("2020-01-31");
        page.locator(".costs-custom button[type=submit]").click();
        assertThat(page.locator(".costs-empty")).containsText("No agent spend between Jan 1, 2020 and Jan 31, 2020");
        Chromium.shot(page, "costs-02-empty");
        page.locator("[data-range='30']").click();

        // a top session links to its page
        page.locator(".top-sessions tbody tr a").first().click();
        page.waitForURL(base + "#/sessions/" + DemoFixtures.ENDED);
        assertThat(page.locator(".session-header")).containsText("fix/login-redirect");
    }

    @Test
    void theCostsPageOnAPhone() throws Exception {
        phone(390, 844);
        Chromium.login(page, base, DemoFixtures.USER);
        page.navigate(base + "#/costs");
        page.locator("[data-range='30']").click();
        assertThat(tile("total")).containsText("$2.31");
        assertThat(page.locator(".anomaly-list li")).hasCount(1);
        Chromium.noHorizontalScroll(page, "costs");
        Chromium.shot(page, "costs-03-phone");
        Chromium.axe(page, "phone costs");
        page.setViewportSize(360, 740);
        Chromium.noHorizontalScroll(page, "costs at 360 px");
    }

    @Test
    void aRangeChangeMarksTheOldFiguresOutdatedUntilItsOwnAnswerAndALateAnswerForAnOlderRangeIsDropped() throws Exception {
        LocalDate today = LocalDate.now();
        HeldAnswers week = new HeldAnswers("/api/costs?from=" + today.minusDays(6) + "&to=" + today + "&");
        HeldAnswers january2020 = new HeldAnswers("/api/costs?from=2020-01-01&to=2020-01-31&");
        page.route(week::matches, week::take);
        page.route(january2020::matches, january2020::take);
        Chromium.recordBodiesRead(page);
        Chromium.login(page, base, DemoFixtures.USER);
        page.navigate(base + "#/costs");
        page.locator("[data-range='30']").click();
        Locator content = page.locator(".costs-content");
        Locator status = page.locator(".costs-status");
        assertThat(tile("total")).containsText("$2.31");
        assertThat(status).containsText("updated");
        assertThat(content).not().hasAttribute("aria-busy", "true");

        // 7 days asked for and not answered yet: the 30 days' figures stay, marked as outdated, and the status says what loads
        week.hold();
        page.locator("[data-range='7']").click();
        page.waitForCondition(week::asked);
        assertThat(content).hasAttribute("aria-busy", "true");
        assertThat(content).hasClass(java.util.regex.Pattern.compile(".*\\boutdated\\b.*"));
        assertThat(status).containsText("Loading " + longDate(today.minusDays(6)) + " – " + longDate(today));
        assertThat(tile("total")).containsText("$2.31");
        Chromium.shot(page, "costs-07-outdated");
        Chromium.axe(page, "costs page while another range loads");

        // its answers come: the 7 days' figures (without the session of 8 days ago), no longer outdated
        week.release();
        assertThat(tile("total")).containsText("$2.01");
        assertThat(content).not().hasAttribute("aria-busy", "true");
        assertThat(content).not().hasClass(java.util.regex.Pattern.compile(".*\\boutdated\\b.*"));
        assertThat(status).containsText("updated");

        // January 2020 is asked for, then 30 days before it answers: its late answer is not shown under 30 days
        january2020.hold();
        page.locator("[data-range=custom]").click();
        page.locator("#costs-from").fill("2020-01-01");
        page.locator("#costs-to").fill("2020-01-31");
        page.locator(".costs-custom button[type=submit]").click();
        page.waitForCondition(january2020::asked);
        assertThat(content).hasAttribute("aria-busy", "true");
        assertThat(status).containsText("Loading Jan 1, 2020 – Jan 31, 2020");
        page.locator("[data-range='30']").click();
        assertThat(tile("total")).containsText("$2.31");
        assertThat(content).not().hasAttribute("aria-busy", "true");
        int answered = january2020.release();
        Chromium.awaitBodiesRead(page, "from=2020-01-01&to=2020-01-31&", answered);
        // read at once, not retried: the late answer must not have been on the page even for a moment since
        assertThat(page.locator(".costs-empty").count()).isZero();
        assertThat(tile("total").innerText()).contains("$2.31");
        assertThat(content.getAttribute("aria-busy")).isNotEqualTo("true");
        assertThat(status.innerText()).doesNotContain("2020");
        assertThat(page.locator("[data-range='30']")).hasAttribute("aria-pressed", "true");

        // the 10 s re-read of the range on the page brings a new turn in without marking anything outdated meanwhile
        content.evaluate("""
                element => {
                  window.podbenchCostMarks = [];
                  new MutationObserver(() => {
                    if (element.getAttribute('aria-busy') === 'true' || element.classList.contains('outdated')) window.podbenchCostMarks.push(Date.now());
                  }).observe(element, { attributes: true, attributeFilter: ['aria-busy', 'class'] });
                }""");
        CostFixtures.activeSessionCost("0.9213");
        assertThat(tile("total")).containsText("$2.81");
        assertThat((List<?>) page.evaluate("window.podbenchCostMarks")).isEmpty();
        assertThat(status).containsText("updated");
    }

    @Test
    void outdatedFiguresOnAPhone() throws Exception {
        phone(390, 844);
        LocalDate today = LocalDate.now();
        HeldAnswers week = new HeldAnswers("/api/costs?from=" + today.minusDays(6) + "&to=" + today + "&");
        page.route(week::matches, week::take);
        Chromium.login(page, base, DemoFixtures.USER);
        page.navigate(base + "#/costs");
        page.locator("[data-range='30']").click();
        assertThat(tile("total")).containsText("$2.31");
        week.hold();
        page.locator("[data-range='7']").click();
        page.waitForCondition(week::asked);
        assertThat(page.locator(".costs-content")).hasAttribute("aria-busy", "true");
        Chromium.noHorizontalScroll(page, "outdated costs");
        Chromium.shot(page, "costs-08-phone-outdated");
        Chromium.axe(page, "phone costs while another range loads");
        week.release();
        assertThat(tile("total")).containsText("$2.01");
        assertThat(page.locator(".costs-content")).not().hasAttribute("aria-busy", "true");
    }

    @Test
    void theCostTabTheBudgetBannerAndTheSidebarFollowTheSession() {
        CostFixtures.activeBudget("0.50");
        Chromium.login(page, base, DemoFixtures.USER);
        page.navigate(base + "#/sessions/" + DemoFixtures.ACTIVE + "/cost");
        Locator panel = page.locator("#session-panel-cost");
        assertThat(page.locator("#session-tab-cost")).hasAttribute("aria-selected", "true");
        assertThat(panel.locator("[data-tile=total]")).containsText("$0.4213");
        assertThat(panel.locator("[data-tile=cache-read]")).containsText("90,000");
        assertThat(panel.locator(".by-model tbody tr")).hasCount(1);
        assertThat(panel.locator(".by-model tbody")).containsText(CostFixtures.SONNET);
        assertThat(panel.locator(".per-turn tbody tr")).hasCount(2);
        assertThat(panel.locator(".per-turn tbody tr").first()).hasAttribute("data-turn", "2");
        assertThat(panel.locator(".cost-budget")).containsText("$0.4213 of $0.50 in total (84 %)");

        // 84 % of the session's budget: the banner warns
        Locator banner = page.locator(".budget-banner");
        assertThat(banner).hasAttribute("data-state", "warning");
        assertThat(banner).containsText("This session has used 84 % of its $0.50 budget");
        Chromium.shot(page, "costs-04-cost-tab");
        Chromium.axe(page, "cost tab with the budget warning");

        // 100 %: paused, and the owner raises the budget right there
        publishUntil(() -> publish(new BudgetExceeded(DemoFixtures.ACTIVE, limit("0.50"), new BigDecimal("0.5200"), Instant.now())),
                banner, "exceeded");
        assertThat(banner).containsText("The agent is paused");
        assertThat(banner).containsText("Raise the budget to continue");
        Chromium.shot(page, "costs-05-paused");
        Chromium.axe(page, "paused banner");
        page.locator("#budget-raise").fill("1.00");
        page.locator(".budget-raise button[type=submit]").click();
        assertThat(banner).isHidden();

        // a new turn: header, Cost tab and sidebar row follow the live total
        CostFixtures.activeSessionCost("0.9213");
        publishUntil(() -> publish(new SessionCostTotal(DemoFixtures.ACTIVE, DemoFixtures.REPOSITORY_ID, DemoFixtures.USER,
                new BigDecimal("0.9213"), 3, Instant.now())), page.locator(".session-facts"), "$0.9213");
        assertThat(panel.locator("[data-tile=total]")).containsText("$0.9213");
        assertThat(page.locator(".session-item[data-session-id='" + DemoFixtures.ACTIVE + "'] .cost")).hasText("$0.9213");

        // a warning again, then an alert under the threshold (a raised limit, a lifted stop) clears it
        publishUntil(() -> publish(new BudgetWarning(DemoFixtures.ACTIVE, limit("1.00"), new BigDecimal("0.9213"), 80, Instant.now())),
                banner, "warning");
        assertThat(banner).containsText("92 %");
        publish(new BudgetWarning(DemoFixtures.ACTIVE, limit("2.00"), new BigDecimal("0.9213"), 80, Instant.now()));
        assertThat(banner).isHidden();

        // the chat refuses a message over budget: the banner says the agent is paused
        page.locator("#session-tab-workspace").click();
        page.locator(".chat-input").fill(DemoFixtures.OVER_BUDGET_CHAT);
        page.locator(".chat-input").press("Enter");
        assertThat(banner).hasAttribute("data-state", "exceeded");
        assertThat(banner).containsText("This session's budget is used up");
        assertThat(page.locator("#budget-raise")).isVisible();
    }

    @Test
    void anEndedSessionsCostIsReadOnlyAndTheCostTabFitsAPhone() throws Exception {
        phone(390, 844);
        Chromium.login(page, base, DemoFixtures.USER);
        page.navigate(base + "#/sessions/" + DemoFixtures.ENDED + "/cost");
        Locator panel = page.locator("#session-panel-cost");
        assertThat(panel.locator("[data-tile=total]")).containsText("$1.09");
        assertThat(panel.locator(".by-model tbody")).containsText(CostFixtures.OPUS);
        assertThat(panel.locator(".cost-budget")).containsText("No budget applies");
        assertThat(page.locator(".budget-banner")).isHidden();
        Chromium.noHorizontalScroll(page, "ended session's cost");
        Chromium.shot(page, "costs-06-phone-ended-cost");
        Chromium.axe(page, "phone cost tab");
    }

    private Locator tile(String name) {
        return page.locator(".costs-tiles [data-tile=" + name + "]");
    }

    private static String longDate(LocalDate date) {
        return date.format(java.time.format.DateTimeFormatter.ofPattern("MMM d, yyyy", java.util.Locale.US));
    }

    /**
     * The {@code /api/costs} answers for one range, held back by the test while {@link #hold} is on (Playwright's
     * {@code route}; its handlers run on the test's thread while Playwright waits).
     */
    private static final class HeldAnswers {
        private final String urlPart;
        private final List<Route> held = new ArrayList<>();
        private boolean holding;

        HeldAnswers(String urlPart) {
            this.urlPart = urlPart;
        }

        boolean matches(String url) {
            return url.contains(urlPart);
        }

        void take(Route route) {
            if (holding) {
                held.add(route);
            } else {
                route.resume();
            }
        }

        void hold() {
            holding = true;
        }

        boolean asked() {
            return !held.isEmpty();
        }

        /** Lets the held answers through (and what comes after); how many there were. */
        int release() {
            holding = false;
            held.forEach(Route::resume);
            int released = held.size();
            held.clear();
            return released;
        }
    }

    private static BudgetLimit limit(String usd) {
        return new BudgetLimit("b-1", BudgetScope.SESSION, DemoFixtures.ACTIVE, BudgetPeriod.TOTAL, Instant.EPOCH, new BigDecimal(usd));
    }

    private static void publish(EventPayload payload) {
        KafkaTestResource.send(Topics.COSTS, DemoFixtures.ACTIVE,
                EventJson.encodeToString(CloudEvent.of("/podbench/cost-service", payload)));
    }

    /**
     * The page's update stream may not be connected yet when a test publishes (it hears only what comes after):
     * publish again until the page shows it. Each event is idempotent on the page.
     */
    private void publishUntil(Runnable publish, Locator where, String expected) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            publish.run();
            String seen = where.getAttribute("data-state") != null && !expected.startsWith("$")
                    ? where.getAttribute("data-state") : where.innerText();
            assertThat(seen).contains(expected);
        });
    }
}
