package dev.podbench.terminal;

import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.ServiceInfrastructureContract;
import dev.podbench.testkit.TokenTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TokenTestResource.class)
class InfrastructureTest extends ServiceInfrastructureContract {

    InfrastructureTest() {
        super(Infrastructure.POSTGRESQL, Infrastructure.KAFKA);
    }
}
