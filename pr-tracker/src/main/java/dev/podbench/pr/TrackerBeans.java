package dev.podbench.pr;

import java.time.Clock;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.vertx.mutiny.core.Vertx;

import dev.podbench.events.pullrequest.GitHosts;
import dev.podbench.events.pullrequest.GitHostsConfig;
import dev.podbench.events.pullrequest.PullRequestDetector;
import dev.podbench.pr.hosts.HostHttp;
import dev.podbench.pr.poll.PollPolicy;

/** The plain classes pr-tracker is built from, as beans; time is injected wherever it decides something. */
@Singleton
public class TrackerBeans {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    PollPolicy pollPolicy(Clock clock) {
        return new PollPolicy(clock);
    }

    @Produces
    @Singleton
    HostHttp hostHttp(Vertx vertx, Clock clock, PrTrackerConfig config, MeterRegistry meters) {
        return new HostHttp(vertx, clock, config.http().timeout(), config.http().cachedAnswers(),
                config.http().queuedPerToken(), meters);
    }

    /** The gateways' detector on the same hosts: a URL the host lists is stored exactly as a printed one would be. */
    @Produces
    @Singleton
    PullRequestDetector detector(GitHostsConfig hosts) {
        return new PullRequestDetector(GitHosts.from(hosts));
    }

    void close(@Disposes HostHttp http) {
        http.close();
    }
}
