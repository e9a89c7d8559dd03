package dev.podbench.pr.tracking;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.Surface;
import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetected;

/** A WireMock GitHub Enterprise on loopback, configured as pr-tracker's GitHub host (with a token). */
public class FakeGitHubResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "ghp_quarkusTestTOKEN0123456789abcdef";

    /** The fake host, injected into a test's field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    private WireMockServer server;

    /** {@code acme/app} pull request 42 on {@code github}, detected in a session's terminal now. */
    public static CloudEvent<PullRequestDetected> detectedPullRequest(WireMockServer github, String session) {
        String host = "127.0.0.1:" + github.port();
        return CloudEvent.of("/podbench/terminal-gateway", new PullRequestDetected(session, "http://" + host + "/acme/app/pull/42",
                GitProvider.GITHUB, host, "acme", "app", 42, Surface.TERMINAL, Instant.now()));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        return Map.of(
                "podbench.pr.github.web-url", base,
                "podbench.pr.github.api-url", base + "/api/v3",
                "podbench.pr.github.token", TOKEN);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Inject.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
