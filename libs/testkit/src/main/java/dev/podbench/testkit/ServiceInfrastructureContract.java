package dev.podbench.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every Podbench service promises operators: health with its real PostgreSQL and Kafka checks,
 * Prometheus metrics, an OpenAPI document, and no {@code /api} access without a valid token. Each service
 * runs it with a one-line {@code @QuarkusTest} subclass.
 */
public abstract class ServiceInfrastructureContract {

    @Test
    void healthIsUpWithPostgresAndKafkaChecks() {
        given().get("/q/health")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.status", everyItem(is("UP")))
                .body("checks.name", hasItem(containsString("PostgreSQL")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    @Test
    void readinessAndLivenessAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
    }

    @Test
    void apiRefusesCallersWithoutAValidToken() {
        given().get("/api/no-such-resource").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/no-such-resource").then().statusCode(401);
        given().auth().oauth2(TestTokens.expired("alice")).get("/api/no-such-resource").then().statusCode(401);
    }
}
