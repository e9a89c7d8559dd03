package dev.podbench.pr.hosts;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;

import dev.podbench.pr.MutableClock;

/** A WireMock Git host on loopback, and pr-tracker's HTTP engine pointed at it with a clock the test moves. */
final class FakeHost implements AutoCloseable {

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T07:00:00Z"));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Vertx vertx = Vertx.vertx();
    final HostHttp http;

    FakeHost(Duration timeout) {
        server.start();
        http = new HostHttp(vertx, clock, timeout, 100, 100, meters);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    double requests(String outcome) {
        var counter = meters.find("podbench.pr.host.requests").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        http.close();
        vertx.closeAndAwait();
        server.stop();
    }
}
