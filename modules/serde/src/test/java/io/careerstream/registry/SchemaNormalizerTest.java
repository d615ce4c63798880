package io.careerstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.contracts.ChurnAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaNormalizerTest {

    private static final Path SCHEMAS = Path.of("..", "..", "schemas");

    /**
     * The contracts in schemas/ are what is reviewed; the generated classes are what the service
     * writes with. After normalization they must be the same text, or {@code schemas register}
     * would register something the serde never looks up.
     */
    @Test
    void everyContractEqualsItsGeneratedClassOnceJavaPropertiesAreRemoved() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SCHEMAS)) {
            files = list.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : files) {
            Schema contract = new Schema.Parser().parse(file.toFile());
            Class<?> generated = SpecificData.get().getClass(contract);
            assertThat(generated).as("class generated from " + file).isNotNull();
            assertThat(SpecificRecord.class).isAssignableFrom(generated);
            Schema compiled = SpecificData.get().getSchema(generated);

            assertThat(compiled.toString()).as(file + ": the class carries Java properties").contains("avro.java.string");
            assertThat(compiled).as(file + ": so as it is, it is not the registered schema").isNotEqualTo(contract);
            Schema normalized = SchemaNormalizer.normalize(compiled);
            assertThat(normalized.toString()).as(file.toString()).doesNotContain("avro.java")
                    .isEqualTo(SchemaNormalizer.normalize(contract).toString());
            assertThat(normalized).isEqualTo(contract);
        }
    }

    @Test
    void stripsJavaPropertiesAtEveryDepthAndKeepsEverythingElse() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Outer", "namespace": "n", "doc": "outer doc", "java-class": "x.Y",
                 "owner": "team-a",
                 "fields": [
                   {"name": "s", "type": {"type": "string", "avro.java.string": "String"}, "avro.java.string": "String",
                    "doc": "field doc", "pii": true},
                   {"name": "tags", "type": {"type": "array", "java-element-class": "x.Z",
                                             "items": {"type": "string", "avro.java.string": "String"}}},
                   {"name": "byKey", "type": {"type": "map", "java-key-class": "x.K",
                                              "values": {"type": "string", "avro.java.string": "String"}},
                    "default": {"avro.java.string": "data, not a property"}},
                   {"name": "maybe", "type": ["null", {"type": "record", "name": "Inner",
                       "fields": [{"name": "t", "type": {"type": "string", "avro.java.string": "String"}}]}],
                    "default": null},
                   {"name": "again", "type": ["null", "Inner"], "default": null},
                   {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
                 ]}""");

        Schema normalized = SchemaNormalizer.normalize(schema);

        assertThat(normalized.toString()).doesNotContain("java-class", "java-element-class", "java-key-class",
                "\"avro.java.string\":\"String\"");
        assertThat(normalized.getDoc()).isEqualTo("outer doc");
        assertThat(normalized.getProp("owner")).isEqualTo("team-a");
        assertThat(normalized.getField("s").doc()).isEqualTo("field doc");
        assertThat(normalized.getField("s").getObjectProp("pii")).isEqualTo(true);
        assertThat(normalized.getField("s").schema().getObjectProps()).isEmpty();
        assertThat(normalized.getField("tags").schema().getElementType().getObjectProps()).isEmpty();
        assertThat(normalized.getField("byKey").defaultVal()).isEqualTo(Map.of("avro.java.string", "data, not a property"));
        Schema inner = normalized.getField("maybe").schema().getTypes().get(1);
        assertThat(inner.getField("t").schema().getObjectProps()).isEmpty();
        assertThat(normalized.getField("again").schema().getTypes().get(1)).isSameAs(inner);
        assertThat(normalized.getField("at").schema().getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(SchemaNormalizer.normalize(normalized)).isSameAs(normalized);
    }

    @Test
    void theClassSchemaAndItsNormalFormAreDifferentSchemasToARegistry() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        Schema registered = SchemaNormalizer.normalize(ChurnAlert.getClassSchema());
        int id = registry.register("churn-alerts-value", registered);
        // Like Apicurio (40403), the in-memory registry does not match a schema that differs in properties.
        assertThat(registry.idOf("churn-alerts-value", SchemaNormalizer.normalize(ChurnAlert.getClassSchema()))).isEqualTo(id);
        assertThatThrownBy(() -> registry.idOf("churn-alerts-value", ChurnAlert.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
    }
}
