package dev.podbench.session;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.ServiceInfrastructureContract;
import dev.podbench.testkit.TokenTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
class InfrastructureTest extends ServiceInfrastructureContract {

    InfrastructureTest() {
        super(Infrastructure.POSTGRESQL, Infrastructure.KAFKA);
    }
}
