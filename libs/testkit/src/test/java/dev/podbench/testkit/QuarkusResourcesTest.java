package dev.podbench.testkit;

import dev.podbench.events.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three resources as a service uses them: config injected into a running Quarkus app. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class QuarkusResourcesTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String username;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void datasourceConfigConnects() throws Exception {
        try (Connection c = Jdbc.connect(jdbcUrl, username, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database()")) {
            assertTrue(rs.next());
            assertTrue(rs.getString(1).startsWith("test_"));
        }
    }

    @Test
    void kafkaConfigIsTheSharedBroker() {
        assertEquals(KafkaTestResource.bootstrapServers(), bootstrapServers);
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            KafkaTestResource.send(Topics.COSTS, "s", "v");
            assertEquals("v", costs.awaitRecord(r -> "s".equals(r.key())).value());
        }
    }

    @Test
    void oidcAcceptsTestTokens() {
        given().when().get("/whoami").then().statusCode(401);
        given().auth().oauth2(TestTokens.bearer("alice")).when().get("/whoami")
                .then().statusCode(200).body(equalTo("alice [user]"));
        given().header("Authorization", TestTokens.authorization("root", true)).when().get("/whoami/admin")
                .then().statusCode(200).body(equalTo("admin root"));
        given().auth().oauth2(TestTokens.bearer("alice")).when().get("/whoami/admin").then().statusCode(403);
        // the principal name is preferred_username, not sub
        given().auth().oauth2(TokenTestResource.tokens().issue("u-42", "bob", java.util.Set.of("user"), java.time.Duration.ofMinutes(5)))
                .when().get("/whoami").then().statusCode(200).body(equalTo("bob [user]"));
        given().auth().oauth2(TestTokens.expired("alice")).when().get("/whoami").then().statusCode(401);
        String otherKey = dev.podbench.embedded.LocalTokens.ephemeral()
                .issue("alice", "alice", java.util.Set.of("user"), java.time.Duration.ofMinutes(5));
        given().auth().oauth2(otherKey).when().get("/whoami").then().statusCode(401);
    }
}
