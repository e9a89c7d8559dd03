package dev.podbench.session.support;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The time every decision of this service reads (idle policy, sweeper, pod reclaim, timestamps); tests set it. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
