package dev.podbench.web.browser;

import java.net.URL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import dev.podbench.events.session.SessionState;
import dev.podbench.web.proxy.DemoFixtures;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The life of a browser test class: the JVM's Chromium ({@link Chromium}), a fresh 1280×800 context per test
 * (or a phone's, {@link #phone}), the demo's active session announced so its update stream answers.
 */
abstract class BrowserTest {

    @TestHTTPResource("/")
    URL base;

    BrowserContext context;
    Page page;

    @BeforeEach
    void openContext() throws Exception {
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
    void phone(int width, int height) throws Exception {
        context.close();
        context = Chromium.phone(width, height);
        page = context.newPage();
    }

    static void publish(String id, SessionState state) {
        Chromium.publish(id, state);
    }
}
