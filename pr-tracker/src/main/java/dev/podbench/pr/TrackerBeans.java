package dev.podbench.pr;

import java.time.Clock;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.vertx.mutiny.core.Vertx;

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

    void close(@Disposes HostHttp http) {
        http.close();
    }
}
