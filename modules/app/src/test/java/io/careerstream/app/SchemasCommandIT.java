package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.registry.CompatibilityLevel;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.registry.SchemaRegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** `./careerstream schemas check|register` against a real registry server. */
@ExtendWith(SchemaRegistryExtension.class)
class SchemasCommandIT {

    @Test
    void registerMakesSubjectsFullTransitiveRegistersEveryContractThenRefusesABreakingChange(EmbeddedSchemaRegistry server,
                                                                                      @TempDir Path dir) throws Exception {
        SchemaRegistryClient registry = SchemaRegistries.forUrl(server.url());
        // Apicurio's default compatibility is NONE, under which any schema is "compatible".
        assertThat(registry.compatibility(null)).isEqualTo(CompatibilityLevel.NONE);
        registry.setCompatibility("churn-alerts-value", CompatibilityLevel.FULL);
        registry.setCompatibility("customer-profiles-value", CompatibilityLevel.FORWARD);
        Path schemas = Path.of("../../schemas");
        long contracts;
        try (var files = Files.list(schemas)) {
            contracts = files.filter(f -> f.toString().endsWith(".avsc")).count();
        }
        // TouchpointEvent has two subjects (touchpoints and touchpoints-resolved); one is FULL.
        long subjects = contracts + 1;

        CliRun unchecked = CliRun.of("schemas", "check", "--schema-registry-url", server.url(), "--schemas", schemas.toString());
        assertThat(unchecked.exit()).as(unchecked.out()).isZero();
        assertThat(unchecked.out()).contains("global compatibility NONE")
                .containsPattern("touchpoints-value +compatible, but WARNING: compatibility NONE: .*not checked")
                .containsPattern("customer-profiles-value +compatible, but WARNING: compatibility FORWARD only")
                .containsPattern("churn-alerts-value +compatible \\(FULL\\)")
                .contains(contracts + " schema(s), 0 failed, " + (subjects - 1) + " warning(s)");
        assertThat(unchecked.err()).contains("WARNING: " + (subjects - 1) + " subject(s) were not really checked");
        registry.setCompatibility("churn-alerts-value", CompatibilityLevel.FULL_TRANSITIVE);

        CliRun register = CliRun.of("schemas", "register", "--schema-registry-url", server.url(), "--schemas", schemas.toString());
        assertThat(register.exit()).as(register.out()).isZero();
        assertThat(register.out())
                .containsPattern("touchpoints-value +compatible, registered: id \\d+, version 1; compatibility "
                        + "FULL_TRANSITIVE \\(set, was NONE\\)")
                .containsPattern("customer-stage-transitions-value +.*FULL_TRANSITIVE \\(set, was NONE\\)")
                .containsPattern("customer-profiles-value +.*FULL_TRANSITIVE \\(set, was FORWARD\\)")
                .containsPattern("churn-alerts-value +.*compatibility FULL_TRANSITIVE \\(kept\\)")
                .containsPattern("model-parameters-value +.*FULL_TRANSITIVE \\(set, was NONE\\)")
                .containsPattern("touchpoints-resolved-value +compatible, registered: id \\d+, version 1; .*FULL_TRANSITIVE")
                .containsPattern("identity-links-value +compatible, registered: id \\d+, version 1; .*FULL_TRANSITIVE")
                .contains(contracts + " schema(s), 0 failed");
        // Per subject: what the registry itself now answers to GET /config/{subject}.
        for (String subject : new String[] {"touchpoints-value", "customer-stage-transitions-value",
                "customer-profiles-value", "model-parameters-value", "touchpoints-resolved-value", "identity-links-value"}) {
            assertThat(registry.compatibility(subject)).as(subject).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        }
        assertThat(registry.compatibility("churn-alerts-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(registry.compatibility(null)).as("the global level is left alone").isEqualTo(CompatibilityLevel.NONE);

        CliRun checked = CliRun.of("schemas", "check", "--schema-registry-url", server.url(), "--schemas", schemas.toString());
        assertThat(checked.exit()).as(checked.out()).isZero();
        assertThat(checked.out()).doesNotContain("WARNING").containsPattern("touchpoints-value +compatible \\(FULL_TRANSITIVE\\)")
                .contains(contracts + " schema(s), 0 failed\n");
        assertThat(checked.err()).doesNotContain("WARNING");

        String alert = Files.readString(schemas.resolve("ChurnAlert.avsc"));
        Files.writeString(dir.resolve("ChurnAlert.avsc"),
                alert.replace("{\"name\": \"purchaseDays\", \"type\": \"int\"", "{\"name\": \"purchaseDays\", \"type\": \"boolean\""));
        CliRun breaking = CliRun.of("schemas", "check", "--schema-registry-url", server.url(), "--schemas", dir.toString());
        assertThat(breaking.exit()).as(breaking.out()).isEqualTo(1);
        assertThat(breaking.out()).contains("churn-alerts-value", "differs from the built class", "INCOMPATIBLE",
                "1 schema(s), 1 failed");

        // The service writes with its built classes: a file that differs from them is not registered.
        CliRun differing = CliRun.of("schemas", "register", "--schema-registry-url", server.url(), "--schemas", dir.toString());
        assertThat(differing.exit()).as(differing.out()).isEqualTo(1);
        assertThat(differing.out()).contains("churn-alerts-value", "DIFFERS from the schema built into this application",
                "1 schema(s), 1 failed");
        assertThat(registry.latest("churn-alerts-value").version()).isEqualTo(1);
    }
}
