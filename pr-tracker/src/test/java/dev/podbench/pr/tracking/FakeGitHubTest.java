package dev.podbench.pr.tracking;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;

import dev.podbench.pr.MutableClock;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TokenTestResource;

/**
 * The set-up of the tests that track pull requests on the fake GitHub through real Kafka and PostgreSQL: the fake
 * host, the store, the test's clock and the meters; before each test only {@code acme/app#42} (open, checks pending).
 */
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(FakeGitHubResource.class)
public abstract class FakeGitHubTest {

    protected static final Duration WAIT = Duration.ofSeconds(20);

    @FakeGitHubResource.Inject
    protected WireMockServer github;

    @Inject
    protected PullRequestStore store;

    @Inject
    protected MutableClock clock;

    @Inject
    protected MeterRegistry meters;

    @BeforeEach
    void openPullRequestWithPendingChecks() {
        FakeGitHubResource.openPullRequestWithPendingChecks(github);
    }
}
