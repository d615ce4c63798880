package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.pipeline.registry.CompatibilityLevel;
import io.careerstream.pipeline.registry.SchemaRegistries;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `./careerstream schemas check|register` against a real registry server. */
@ExtendWith(SchemaRegistryExtension.class)
class SchemasCommandIT {

    @Test
    void registersEveryContractThenRefusesABreakingChange(EmbeddedSchemaRegistry registry, @TempDir Path dir)
            throws Exception {
        // Apicurio's default compatibility is NONE; production registries run BACKWARD.
        SchemaRegistries.forUrl(registry.url()).setCompatibility(null, CompatibilityLevel.BACKWARD);
        Path schemas = Path.of("../../schemas");
        CliRun check = CliRun.of("schemas", "check", "--registry-url", registry.url(), "--schemas", schemas.toString());
        assertThat(check.exit()).as(check.out()).isZero();
        CliRun register = CliRun.of("schemas", "register", "--registry-url", registry.url(), "--schemas", schemas.toString());
        assertThat(register.exit()).as(register.out()).isZero();
        long contracts;
        try (var files = Files.list(schemas)) {
            contracts = files.filter(f -> f.toString().endsWith(".avsc")).count();
        }
        assertThat(register.out()).contains("touchpoints-value", "customer-stage-transitions-value", "churn-alerts-value",
                "customer-profiles-value", "model-parameters-value", "registered: id", contracts + " schema(s), 0 failed");

        String alert = Files.readString(schemas.resolve("ChurnAlert.avsc"));
        Files.writeString(dir.resolve("ChurnAlert.avsc"),
                alert.replace("{\"name\": \"purchaseDays\", \"type\": \"int\"", "{\"name\": \"purchaseDays\", \"type\": \"boolean\""));
        CliRun breaking = CliRun.of("schemas", "check", "--registry-url", registry.url(), "--schemas", dir.toString());
        assertThat(breaking.exit()).as(breaking.out()).isEqualTo(1);
        assertThat(breaking.out()).contains("churn-alerts-value", "INCOMPATIBLE", "1 schema(s), 1 failed");
    }
}
