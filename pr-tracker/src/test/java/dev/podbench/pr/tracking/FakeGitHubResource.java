package dev.podbench.pr.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.Surface;
import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.pr.Fixtures;

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

    public static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    public static final String REPO = "/api/v3/repos/acme/app";

    /** Forgets every earlier stub: {@code acme/app#42} open, two checks pending, no statuses, no reviews. */
    public static void openPullRequestWithPendingChecks(WireMockServer github) {
        github.resetAll();
        stub(github, REPO + "/pulls/42", json("github/pull-open.json"));
        stub(github, REPO + "/commits/" + SHA + "/check-runs", json("github/check-runs-pending.json"));
        stub(github, REPO + "/commits/" + SHA + "/status", json("github/status-none.json"));
        stub(github, REPO + "/pulls/42/reviews", json("github/reviews-none.json"));
    }

    public static void stub(WireMockServer github, String path, ResponseDefinitionBuilder response) {
        github.stubFor(get(urlPathEqualTo(path)).willReturn(response));
    }

    /** A fixture as a 200 JSON answer with an ETag of its own. */
    public static ResponseDefinitionBuilder json(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("ETag", "\"" + fixture.hashCode() + "\"").withBody(Fixtures.read(fixture));
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
