package dev.podbench.testkit;

import java.util.function.Supplier;

/**
 * One value per JVM, even when Quarkus loads the test kit more than once (a class loader per application
 * restart, e.g. per test profile). Values are plain strings kept in system properties under
 * {@code podbench-testkit.*} (outside the services' own {@code podbench.*} config namespace); the servers behind them stay referenced by their own shutdown hooks.
 */
final class JvmShared {

    static String get(String key, Supplier<String> create) {
        String value = System.getProperty(key);
        if (value != null) {
            return value;
        }
        // string literals are interned JVM-wide: the same monitor in every class loader
        synchronized ("podbench-testkit.JvmShared.lock") {
            value = System.getProperty(key);
            if (value == null) {
                value = create.get();
                System.setProperty(key, value);
            }
            return value;
        }
    }

    private JvmShared() {
    }
}
