package dev.podbench.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The logger categories of the embedded infrastructure that are chatty at INFO. Kafka (broker and clients) and
 * zonky log through slf4j, the PostgreSQL driver through java.util.logging.
 *
 * <p>In a Quarkus application set them with {@code quarkus.log.category."NAME".level=WARN}; with any
 * java.util.logging based slf4j binding (JBoss LogManager as in Quarkus, slf4j-jdk14) {@link #apply()} does it.
 * Without an slf4j provider slf4j logs nothing at all.
 */
public final class QuietLogging {

    /**
     * {@code kafka} (broker internals, Scala), {@code org.apache.kafka} (broker, raft, clients, admin),
     * {@code state.change.logger} (partition state changes), {@code io.zonky.test} (postgres process output
     * and lifecycle), {@code org.postgresql} (JDBC driver).
     */
    public static final List<String> CATEGORIES = List.of(
            "kafka", "org.apache.kafka", "state.change.logger", "io.zonky.test", "org.postgresql");

    // java.util.logging keeps loggers weakly: hold on to the ones we configured
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    /** Sets {@link #CATEGORIES} to WARNING through java.util.logging. */
    public static synchronized void apply() {
        for (String name : CATEGORIES) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            CONFIGURED.add(logger);
        }
    }

    private QuietLogging() {
    }
}
