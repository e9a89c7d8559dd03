package dev.podbench.web.browser;

import java.net.URL;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.web.proxy.DemoFixtures;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The life of a browser test class: Chromium ({@link Chromium}) for the class, a fresh 1280×800 context per test
 * (or a phone's, {@link #phone}), the demo's active session announced so its update stream answers.
 */
abstract class BrowserTest {

    @TestHTTPResource("/")
    URL base;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void launch() throws Exception {
        Chromium.launch();
    }

    @AfterAll
    static void close() {
        Chromium.close();
    }

    @BeforeEach
    void openContext() {
        context = Chromium.desktop();
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

    /** The rest of the test on a phone of this size (touch, reduced motion). */
    void phone(int width, int height) {
        context.close();
        context = Chromium.phone(width, height);
        page = context.newPage();
    }

    static void publish(String id, SessionState state) {
        Instant now = Instant.now();
        SessionSnapshot snapshot = new SessionSnapshot(id, DemoFixtures.REPOSITORY_ID, "podbench-demo",
                "podbench/demo/0b9d3c1e", "origin/main", state, DemoFixtures.USER, "podbench-demo-0", "local", "/tmp/wt",
                null, now.minusSeconds(2820), now, null);
        KafkaTestResource.send(Topics.SESSIONS, id, EventJson.encodeToString(CloudEvent.of("/podbench/session-service", snapshot)));
    }
}
