package dev.podbench.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * What every Podbench service promises operators: health with real checks of the infrastructure it uses (and
 * none of what it does not use), Prometheus metrics, an OpenAPI document, and no {@code /api} access without a
 * valid token, refused with the JSON error body. Each service runs it with a {@code @QuarkusTest} subclass that
 * names its infrastructure: {@code InfrastructureTest() { super(Infrastructure.POSTGRESQL, Infrastructure.KAFKA); }}.
 */
public abstract class ServiceInfrastructureContract {

    /** Infrastructure a service may depend on, by the name its health check carries. */
    public enum Infrastructure {
        POSTGRESQL("PostgreSQL"), KAFKA("Kafka");

        private final String healthCheck;

        Infrastructure(String healthCheck) {
            this.healthCheck = healthCheck;
        }
    }

    private final Set<Infrastructure> uses;

    protected ServiceInfrastructureContract(Infrastructure... uses) {
        this.uses = uses.length == 0 ? EnumSet.noneOf(Infrastructure.class) : EnumSet.copyOf(List.of(uses));
    }

    @Test
    void healthIsUpAndChecksExactlyTheInfrastructureInUse() {
        given().get("/q/health")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.status", everyItem(is("UP")));
        for (Infrastructure infrastructure : Infrastructure.values()) {
            given().get("/q/health").then().body("checks.name", uses.contains(infrastructure)
                    ? hasItem(containsString(infrastructure.healthCheck))
                    : not(hasItem(containsString(infrastructure.healthCheck))));
        }
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
        given().get("/api/no-such-resource").then().statusCode(401)
                .contentType(ContentType.JSON).body("error", is("authentication required"));
        given().auth().oauth2("not-a-token").get("/api/no-such-resource").then().statusCode(401)
                .contentType(ContentType.JSON).body("error", is("authentication required"));
        given().auth().oauth2(TestTokens.expired("alice")).get("/api/no-such-resource").then().statusCode(401)
                .contentType(ContentType.JSON).body("error", is("authentication required"));
    }
}
