package dev.podbench.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The service's own database, read directly by tests that check what was (or was not) stored. */
final class Database {

    private Database() {
    }

    static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        Properties credentials = new Properties();
        credentials.setProperty("user", config.getValue("quarkus.datasource.username", String.class));
        credentials.setProperty("password", config.getValue("quarkus.datasource.password", String.class));
        return new org.postgresql.Driver().connect(config.getValue("quarkus.datasource.jdbc.url", String.class),
                credentials);
    }
}
