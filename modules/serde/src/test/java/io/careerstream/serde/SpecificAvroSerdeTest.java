package io.careerstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.registry.InMemorySchemaRegistry;
import io.careerstream.registry.SchemaNormalizer;
import io.careerstream.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private final String scope = "serde-" + UUID.randomUUID();
    private final String url = "mock://" + scope;

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.drop(scope);
    }

    private static ChurnAlert alert() {
        return ChurnAlert.newBuilder().setAlertId("c:1:AT_RISK").setCustomerId("c").setLevel(ChurnLevel.AT_RISK)
                .setAt(Instant.ofEpochMilli(5000)).setLastPurchaseAt(Instant.ofEpochMilli(1000))
                .setDaysSinceLastPurchase(20).setExpectedIntervalDays(10).setPurchaseDays(2)
                .setDoNotContact(false).setDoNotContactReasons(List.of()).setSuggestedAction("RETENTION_OFFER").build();
    }

    @Test
    void writesTheConfluentWireFormatThatAPlainAvroReaderUnderstands() throws Exception {
        byte[] bytes = SpecificAvroSerde.forValues(ChurnAlert.class, url).serializer().serialize("churn-alerts", alert());

        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.get()).isEqualTo((byte) 0);
        int id = buffer.getInt();
        Schema registered = InMemorySchemaRegistry.scope(scope).latest("churn-alerts-value").schema();
        assertThat(InMemorySchemaRegistry.scope(scope).latest("churn-alerts-value").id()).isEqualTo(id);
        GenericRecord generic = new GenericDatumReader<GenericRecord>(registered)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(generic.get("customerId").toString()).isEqualTo("c");
        assertThat(generic.get("level").toString()).isEqualTo("AT_RISK");
    }

    @Test
    void readsDataWrittenWithANewerAndWithAnOlderSchema() throws Exception {
        Schema current = ChurnAlert.getClassSchema();
        Schema newer = withExtraField(current);
        Schema older = withoutField(current, "doNotContactReasons");
        var deserializer = SpecificAvroSerde.forValues(ChurnAlert.class, url).deserializer();
        for (Schema writer : List.of(newer, older)) {
            int id = InMemorySchemaRegistry.scope(scope).register("other-" + writer.hashCode(), writer);
            GenericRecord record = new GenericData.Record(writer);
            for (Schema.Field f : writer.getFields()) {
                Object v = alert().hasField(f.name()) ? GenericData.get().deepCopy(f.schema(), genericValue(f.name())) : "extra";
                record.put(f.name(), v);
            }
            ChurnAlert read = deserializer.deserialize("churn-alerts", frame(id, writer, record));
            assertThat(read.getCustomerId()).isEqualTo("c");
            assertThat(read.getLevel()).isEqualTo(ChurnLevel.AT_RISK);
            assertThat(read.getDoNotContactReasons()).isEmpty();
        }
    }

    private static Object genericValue(String field) {
        return switch (field) {
            case "level" -> new GenericData.EnumSymbol(ChurnAlert.getClassSchema().getField("level").schema(), "AT_RISK");
            case "at" -> 5000L;
            case "lastPurchaseAt" -> 1000L;
            default -> alert().get(field);
        };
    }

    @Test
    void badFramingAndUnknownIdsAreClearSerializationErrors() {
        var deserializer = SpecificAvroSerde.forValues(ChurnAlert.class, url).deserializer();
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 42, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 42")
                .hasCauseInstanceOf(SchemaRegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("5-byte");
    }

    /**
     * Found by TouchpointBytesFuzzTest: a length in front of a string claims more bytes than the
     * record has. Avro would allocate it first (here 1 GiB, OutOfMemoryError, which stops the
     * stream thread); the deserializer refuses it as a SerializationException instead, as it does a
     * collection of more items than bytes left.
     */
    @Test
    void lengthsLongerThanTheRecordAreRefusedBeforeAnythingIsAllocated() throws Exception {
        int id = InMemorySchemaRegistry.scope(scope).register("churn-alerts-value",
                SchemaNormalizer.normalize(ChurnAlert.getClassSchema()));
        var deserializer = SpecificAvroSerde.forValues(ChurnAlert.class, url).deserializer();
        ByteArrayOutputStream hugeString = new ByteArrayOutputStream();
        hugeString.writeBytes(new byte[] {0, 0, 0, 0, (byte) id});
        var encoder = EncoderFactory.get().directBinaryEncoder(hugeString, null);
        encoder.writeLong(1L << 30); // alertId: "1 GiB follows"
        encoder.flush();
        hugeString.writeBytes("c:1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> deserializer.deserialize("churn-alerts", hugeString.toByteArray()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("does not match its schema id " + id)
                .hasMessageContaining("string of 1073741824 bytes where 3 are left");

        byte[] good = SpecificAvroSerde.forValues(ChurnAlert.class, url).serializer().serialize("churn-alerts", alert());
        // doNotContactReasons (empty: one 0 byte, the end of the array) made to claim 2^30 items.
        int at = indexOfEmptyReasons(good);
        ByteArrayOutputStream manyItems = new ByteArrayOutputStream();
        manyItems.write(good, 0, at);
        encoder = EncoderFactory.get().directBinaryEncoder(manyItems, null);
        encoder.writeLong(1L << 30);
        encoder.flush();
        manyItems.write(good, at + 1, good.length - at - 1);
        assertThatThrownBy(() -> deserializer.deserialize("churn-alerts", manyItems.toByteArray()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("array block of 1073741824 items");
        assertThat(deserializer.deserialize("churn-alerts", good)).isEqualTo(alert());
    }

    /** Where the empty doNotContactReasons array is in {@code record}: just before suggestedAction. */
    private static int indexOfEmptyReasons(byte[] record) {
        byte[] action = "RETENTION_OFFER".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i + action.length <= record.length; i++) {
            if (java.util.Arrays.equals(record, i, i + action.length, action, 0, action.length)) {
                int reasons = i - 2; // the string's length (one byte) is at i - 1, the array's end before it
                assertThat(record[reasons]).isZero();
                return reasons;
            }
        }
        throw new AssertionError("no suggestedAction in the record");
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsRefused() {
        var serializer = SpecificAvroSerde.forValues(ChurnAlert.class,
                Map.of("schema.registry.url", url, "auto.register.schemas", "false")).serializer();
        assertThatThrownBy(() -> serializer.serialize("churn-alerts", alert()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("churn-alerts")
                .hasMessageContaining("schemas register");
        InMemorySchemaRegistry.scope(scope).register("churn-alerts-value", SchemaNormalizer.normalize(ChurnAlert.getClassSchema()));
        assertThat(serializer.serialize("churn-alerts", alert())).isNotEmpty();
    }

    @Test
    void withoutAutoRegistrationTheContractRegisteredFromItsFileIsFound() throws Exception {
        Schema contract = SchemaNormalizer.normalize(new Schema.Parser().parse(Path.of("..", "..", "schemas", "ChurnAlert.avsc").toFile()));
        int id = InMemorySchemaRegistry.scope(scope).register("churn-alerts-value", contract);
        var serializer = SpecificAvroSerde.forValues(ChurnAlert.class,
                Map.of("schema.registry.url", url, "auto.register.schemas", "false")).serializer();

        byte[] bytes = serializer.serialize("churn-alerts", alert());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(InMemorySchemaRegistry.scope(scope).latest("churn-alerts-value").version()).isEqualTo(1);
    }

    @Test
    void autoRegistrationRegistersTheNormalFormOnce() {
        var serializer = SpecificAvroSerde.forValues(ChurnAlert.class, url).serializer();
        serializer.serialize("churn-alerts", alert());
        Schema registered = InMemorySchemaRegistry.scope(scope).latest("churn-alerts-value").schema();
        assertThat(registered.toString()).doesNotContain("avro.java.string");
        assertThat(registered).isEqualTo(SchemaNormalizer.normalize(ChurnAlert.getClassSchema()));
    }

    @Test
    void useLatestVersionWritesWithTheClassSchemaWhenItIsTheLatest() {
        int id = InMemorySchemaRegistry.scope(scope).register("churn-alerts-value",
                SchemaNormalizer.normalize(ChurnAlert.getClassSchema()));
        var serde = SpecificAvroSerde.forValues(ChurnAlert.class,
                Map.of("schema.registry.url", url, "use.latest.version", "true", "auto.register.schemas", "false"));
        byte[] bytes = serde.serializer().serialize("churn-alerts", alert());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(serde.deserializer().deserialize("churn-alerts", bytes)).isEqualTo(alert());
    }

    @Test
    void useLatestVersionWritesWithTheRegistrysNewestSchema() {
        Schema newer = withExtraField(ChurnAlert.getClassSchema());
        int newerId = InMemorySchemaRegistry.scope(scope).register("churn-alerts-value", newer);
        var serde = SpecificAvroSerde.forValues(ChurnAlert.class,
                Map.of("schema.registry.url", url, "use.latest.version", "true", "auto.register.schemas", "false"));
        byte[] bytes = serde.serializer().serialize("churn-alerts", alert());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(newerId);
        assertThat(serde.deserializer().deserialize("churn-alerts", bytes)).isEqualTo(alert());
    }

    @Test
    void recordNameStrategyUsesTheRecordsFullName() {
        SpecificAvroSerde.forValues(ChurnAlert.class, Map.of("schema.registry.url", url,
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .serializer().serialize("churn-alerts", alert());
        assertThat(InMemorySchemaRegistry.scope(scope).subjects()).containsExactly("io.careerstream.contracts.ChurnAlert");
        assertThatThrownBy(() -> SubjectNameStrategy.parse("value.subject.name.strategy", "Whatever"))
                .hasMessageContaining("value.subject.name.strategy");
    }

    private static Schema withExtraField(Schema base) {
        String json = base.toString();
        return new Schema.Parser().parse(json.replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"channelHint\",\"type\":\"string\",\"default\":\"none\"},"));
    }

    private static Schema withoutField(Schema base, String field) {
        List<Schema.Field> fields = base.getFields().stream().filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    private static byte[] frame(int id, Schema writer, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
