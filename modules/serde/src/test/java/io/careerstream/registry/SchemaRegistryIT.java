package io.careerstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry client against a real registry server (Apicurio Registry's Confluent-compatible
 * API): its calls and its error mapping. The answers the server gave are written to
 * target/registry-answers.txt.
 */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryIT {

    private static final Path ANSWERS = Path.of("target", "registry-answers.txt");
    private final List<String> answers = new ArrayList<>();

    private void note(String call, Object answer) {
        answers.add(String.format("%-58s -> %s", call, answer));
    }

    @Test
    void registryCallsAndErrorsFollowTheConfluentApi(EmbeddedSchemaRegistry server) throws Exception {
        SchemaRegistryClient registry = SchemaRegistries.forUrl(server.url());
        registry.setCompatibility(null, CompatibilityLevel.BACKWARD);
        note("PUT /config BACKWARD; GET /config", registry.compatibility(null));
        assertThat(registry.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);

        String subject = "it-alerts-" + UUID.randomUUID() + "-value";
        Schema v1 = ChurnAlert.getClassSchema();
        int id1 = registry.register(subject, v1);
        note("register ChurnAlert v1", "id " + id1);
        assertThat(SchemaRegistries.forUrl(server.url()).register(subject, v1)).isEqualTo(id1);
        assertThat(registry.schemaById(id1)).isEqualTo(v1);

        Schema v2 = new Schema.Parser().parse(v1.toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"channelHint\",\"type\":\"string\",\"default\":\"none\"},"));
        boolean v2Compatible = registry.isCompatible(subject, v2);
        int id2 = registry.register(subject, v2);
        note("compatible change (field with default): test, register", v2Compatible + ", id " + id2);
        assertThat(v2Compatible).isTrue();
        assertThat(id2).isNotEqualTo(id1);
        RegisteredSchema latest = registry.latest(subject);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(id2);
        assertThat(registry.version(subject, 1).id()).isEqualTo(id1);

        Schema incompatible = new Schema.Parser().parse(v1.toString()
                .replace("{\"name\":\"purchaseDays\",\"type\":\"int\"", "{\"name\":\"purchaseDays\",\"type\":\"string\""));
        boolean compatible = registry.isCompatible(subject, incompatible);
        note("incompatible change (int -> string): test", compatible);
        assertThat(compatible).isFalse();
        assertThatThrownBy(() -> registry.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchema.class, e -> {
                    note("incompatible change: register", e.getClass().getSimpleName() + ": " + e.getMessage());
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });

        assertThatThrownBy(() -> registry.schemaById(987654))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFound.class, e -> {
                    note("GET /schemas/ids/987654 (unknown id)", e.getClass().getSimpleName() + ": " + e.getMessage());
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                });
        assertThatThrownBy(() -> registry.latest("no-such-subject"))
                .isInstanceOfSatisfying(SchemaRegistryException.SubjectNotFound.class, e -> {
                    note("GET /subjects/no-such-subject/versions/latest", e.getClass().getSimpleName() + ": " + e.getMessage());
                    assertThat(e.errorCode()).isEqualTo(40401);
                });
        assertThatThrownBy(() -> registry.idOf(subject, incompatible))
                .isInstanceOf(SchemaRegistryException.SchemaNotFound.class);

        registry.setCompatibility(subject, CompatibilityLevel.FULL);
        assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.subjects()).contains(subject);

        byte[] unknownId = {0, 0, 0x0F, 0x12, 0x06, 2};
        assertThatThrownBy(() -> SpecificAvroSerde.forValues(ChurnAlert.class, server.url()).deserializer()
                .deserialize("churn-alerts", unknownId))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("schema id 987654");
        Files.createDirectories(ANSWERS.getParent());
        Files.write(ANSWERS, answers, StandardCharsets.UTF_8);
    }
}
