package dev.podbench.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC without DriverManager (which refuses drivers registered from another class loader). */
final class Jdbc {

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return new org.postgresql.Driver().connect(url, props);
    }

    private Jdbc() {
    }
}
