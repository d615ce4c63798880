package io.careerstream.serde;

import io.careerstream.registry.RegistrySettings;
import io.careerstream.registry.RegisteredSchema;
import io.careerstream.registry.SchemaNormalizer;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.registry.SchemaRegistryClient;
import io.careerstream.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
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
 * Serde for one Avro specific-record class in the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary), with schemas in a registry. Byte-compatible with
 * Confluent's own serializers in both directions.
 *
 * <p>Reading resolves the writer's schema (from the id in the record) against this class's
 * schema, so an old consumer reads new data and a new one reads old data within the BACKWARD
 * rules. Config keys are Confluent's: {@code schema.registry.url}, {@code auto.register.schemas}
 * (default true), {@code use.latest.version} (default false: write with the latest registered
 * schema of the subject instead of this class's), {@code basic.auth.user.info},
 * {@code bearer.auth.token}, {@code value.subject.name.strategy} /
 * {@code key.subject.name.strategy} (topic name by default).
 *
 * <p>What is registered, looked up and compared with the registry's latest version is the class's
 * schema in {@link SchemaNormalizer}'s form (no Java-specific properties such as
 * {@code avro.java.string}), the same form {@code schemas register} sends; the class's own schema
 * is still what the Java writer and reader use.
 *
 * <p>Why not Confluent's serde: its artifacts are not reachable from our build.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";

    private final Class<T> type;
    private final Schema classSchema;
    /** {@link #classSchema} as registries hold it. */
    private final Schema registeredSchema;
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean useLatestVersion;
    private boolean isKey;
    private SubjectNameStrategy subjectStrategy = SubjectNameStrategy.TOPIC;

    public SpecificAvroSerde(Class<T> type) {
        this.type = type;
        this.classSchema = SpecificData.get().getSchema(type);
        this.registeredSchema = SchemaNormalizer.normalize(classSchema);
    }

    /** A serde already configured for values with the given registry URL. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(Class<T> type, String registryUrl) {
        return forValues(type, Map.of(RegistrySettings.URL, registryUrl));
    }

    /** A serde already configured for values. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(Class<T> type, Map<String, ?> config) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, false);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = SchemaRegistries.forConfig(configs);
        this.autoRegister = bool(configs, AUTO_REGISTER_SCHEMAS, true);
        this.useLatestVersion = bool(configs, USE_LATEST_VERSION, false);
        String strategyKey = isKey ? SubjectNameStrategy.KEY_CONFIG : SubjectNameStrategy.VALUE_CONFIG;
        this.subjectStrategy = SubjectNameStrategy.parse(strategyKey, configs.get(strategyKey));
        this.isKey = isKey;
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object v = configs.get(key);
        if (v == null) {
            return fallback;
        }
        String s = v.toString().strip();
        if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + key + ": expected true or false");
        }
        return Boolean.parseBoolean(s);
    }

    @Override
    public Serializer<T> serializer() {
        return new AvroSerializer();
    }

    @Override
    public Deserializer<T> deserializer() {
        return new AvroDeserializer();
    }

    private SchemaRegistryClient registry() {
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerde for " + type.getName() + " is not configured");
        }
        return registry;
    }

    /** The schema id and writer a topic's records are written with, decided once per topic. */
    private record WriterPlan(int id, Schema schema, DatumWriter<Object> writer, boolean transcode) {
    }

    private final class AvroSerializer implements Serializer<T> {
        private final Map<String, WriterPlan> plans = new ConcurrentHashMap<>();
        private final LongAdder encodes = SerdeCounts.encodes(type.getSimpleName());

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            WriterPlan plan;
            try {
                plan = plans.computeIfAbsent(topic, this::plan);
            } catch (SchemaRegistryException e) {
                String hint = !autoRegister && (e instanceof SchemaRegistryException.SchemaNotFound
                        || e instanceof SchemaRegistryException.SubjectNotFound)
                        ? " (auto.register.schemas=false: register the contracts first with 'careerstream schemas register')"
                        : "";
                throw new SerializationException("Cannot get a schema id for " + type.getSimpleName() + " on topic "
                        + topic + ": " + e.getMessage() + hint, e);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            ByteBuffer header = ByteBuffer.allocate(ConfluentWireFormat.HEADER_SIZE);
            ConfluentWireFormat.writeHeader(header, plan.id());
            out.writeBytes(header.array());
            try {
                // Fresh encoder per call: Kafka Streams shares one serde across stream threads.
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
                plan.writer().write(plan.transcode() ? transcode(data, plan.schema()) : data, encoder);
                encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot serialize " + type.getSimpleName() + " for topic " + topic
                        + " with schema id " + plan.id() + ": " + e.getMessage(), e);
            }
            encodes.increment();
            return out.toByteArray();
        }

        @SuppressWarnings("unchecked")
        private WriterPlan plan(String topic) {
            String subject = subjectStrategy.subject(topic, isKey, classSchema);
            if (useLatestVersion) {
                RegisteredSchema latest = registry().latest(subject);
                if (!latest.schema().equals(registeredSchema)) {
                    return new WriterPlan(latest.id(), latest.schema(),
                            (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(latest.schema()), true);
                }
                return new WriterPlan(latest.id(), classSchema, specificWriter(), false);
            }
            int id = autoRegister ? registry().register(subject, registeredSchema) : registry().idOf(subject, registeredSchema);
            return new WriterPlan(id, classSchema, specificWriter(), false);
        }

        @SuppressWarnings("unchecked")
        private DatumWriter<Object> specificWriter() {
            return (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(classSchema);
        }

        /** Re-expresses {@code data} in the registry's latest schema through Avro schema resolution. */
        private Object transcode(T data, Schema target) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
            new SpecificDatumWriter<T>(classSchema).write(data, encoder);
            encoder.flush();
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(buffer.toByteArray(), null);
            return new GenericDatumReader<IndexedRecord>(classSchema, target).read(null, decoder);
        }
    }

    private final class AvroDeserializer implements Deserializer<T> {
        private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
        private final LongAdder decodes = SerdeCounts.decodes(type.getSimpleName());

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
                        i -> new SpecificDatumReader<>(registry().schemaById(i), classSchema));
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Record on topic " + topic + " names schema id " + id
                        + " that the registry cannot give: " + e.getMessage(), e);
            }
            try {
                // Not Avro's own decoder: it would allocate whatever length the bytes claim (BoundedDecoder).
                BoundedDecoder decoder = new BoundedDecoder(data, in.position(), in.remaining());
                T value = reader.read(null, decoder);
                if (!decoder.isEnd()) {
                    throw new SerializationException("Record on topic " + topic + " has trailing bytes after its "
                            + type.getSimpleName() + " (schema id " + id + ")");
                }
                decodes.increment();
                return value;
            } catch (SerializationException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Record on topic " + topic + " does not match its schema id " + id
                        + " as " + type.getSimpleName() + ": " + e, e);
            }
        }
    }
}
