package dev.podbench.pr.tracking;

import java.time.Instant;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.podbench.pr.MutableClock;

/** In tests the service's clock is one the test moves: poll intervals pass without waiting for them. */
@Singleton
public class TestClockProducer {

    @Produces
    @Singleton
    MutableClock clock() {
        return new MutableClock(Instant.now());
    }
}
