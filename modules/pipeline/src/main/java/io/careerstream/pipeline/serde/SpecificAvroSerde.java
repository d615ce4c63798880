package io.careerstream.pipeline.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for one Avro specific-record class in the Confluent wire format, with schemas in a
 * registry. Subjects follow the topic-name strategy ({@code TOPIC-value}, {@code TOPIC-key}).
 * Reading resolves the writer's schema (from the id in the record) against this class's schema,
 * so records written with an older or newer compatible schema are read correctly.
 *
 * <p>Why not Confluent's serde: its artifacts are not reachable from our build; this one writes
 * the same bytes. Config keys are Confluent's: {@code schema.registry.url},
 * {@code auto.register.schemas}.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private final Class<T> type;
    private final Schema readerSchema;
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;

    public SpecificAvroSerde(Class<T> type) {
        this.type = type;
        this.readerSchema = SpecificData.get().getSchema(type);
    }

    /** A serde already configured for values with the given registry URL. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(Class<T> type, String registryUrl) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(Map.of(SCHEMA_REGISTRY_URL, registryUrl), false);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null) {
            throw new IllegalArgumentException("Missing required config " + SCHEMA_REGISTRY_URL);
        }
        this.registry = SchemaRegistries.forUrl(url.toString());
        Object auto = configs.get(AUTO_REGISTER_SCHEMAS);
        this.autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
        this.isKey = isKey;
    }

    @Override
    public Serializer<T> serializer() {
        return new AvroSerializer();
    }

    @Override
    public Deserializer<T> deserializer() {
        return new AvroDeserializer();
    }

    private String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    private SchemaRegistryClient registry() {
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerde for " + type.getName() + " is not configured");
        }
        return registry;
    }

    private final class AvroSerializer implements Serializer<T> {
        private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
        private final SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(readerSchema);

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            int id = idByTopic.computeIfAbsent(topic, t -> autoRegister
                    ? registry().register(subject(t), readerSchema)
                    : registry().idOf(subject(t), readerSchema));
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            ByteBuffer header = ByteBuffer.allocate(ConfluentWireFormat.HEADER_SIZE);
            ConfluentWireFormat.writeHeader(header, id);
            out.writeBytes(header.array());
            try {
                // Fresh encoder and decoder per call: Kafka Streams shares one serde across stream threads.
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
                writer.write(data, encoder);
                encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for topic " + topic
                        + ": " + e.getMessage(), e);
            }
            return out.toByteArray();
        }
    }

    private final class AvroDeserializer implements Deserializer<T> {
        private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(data);
            int id = ConfluentWireFormat.readHeader(topic, in);
            DatumReader<T> reader;
            try {
                reader = readersByWriterId.computeIfAbsent(id,
                        i -> new SpecificDatumReader<>(registry().schemaById(i), readerSchema));
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Record on topic " + topic + " names schema id " + id
                        + " that the registry does not know: " + e.getMessage(), e);
            }
            try {
                BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, in.position(), in.remaining(), null);
                T value = reader.read(null, decoder);
                if (!decoder.isEnd()) {
                    throw new SerializationException("Record on topic " + topic + " has trailing bytes after its "
                            + type.getSimpleName() + " (schema id " + id + ")");
                }
                return value;
            } catch (IOException | RuntimeException e) {
                if (e instanceof SerializationException se) {
                    throw se;
                }
                throw new SerializationException("Record on topic " + topic + " does not match its schema id " + id
                        + " as " + type.getSimpleName() + ": " + e, e);
            }
        }
    }
}
