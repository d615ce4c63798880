package io.careerstream.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.ReportingCurrency;
import io.careerstream.domain.Touchpoint;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import io.careerstream.registry.InMemorySchemaRegistry;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.registry.SchemaNormalizer;
import io.careerstream.serde.SpecificAvroSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What a producer can put on the touchpoints topic, byte for byte: the pipeline's first two steps,
 * the Confluent-wire-format Avro deserializer and {@link TouchpointValidator}, either make a
 * touchpoint of it or refuse it in their own terms — {@link SerializationException} (dead-lettered
 * as UNDESERIALIZABLE) or {@link InvalidTouchpointException} with a reason. Any other exception,
 * or an error such as OutOfMemoryError from a length the bytes claim, is a finding; so is one input
 * taking longer than the fuzz execution's per-input timeout (the parent pom's {@code -timeout}).
 *
 * <p>The inputs directory ({@code TouchpointBytesFuzzTestInputs/bytes}) holds real records of each
 * payload kind (the fuzzer's starting points) and the inputs of findings; {@code mvn test} replays
 * them. Schema id 1 is the TouchpointEvent schema, as the seeds were written with it.
 */
class TouchpointBytesFuzzTest {

    private static final String TOPIC = "touchpoints";
    private static final long NOW = Instant.parse("2027-03-01T12:00:00Z").toEpochMilli();
    private static final long SKEW = TimeUnit.MINUTES.toMillis(15);
    /** A rate for EUR, so that a purchase in EUR passes and one in another valid code is UNKNOWN_CURRENCY. */
    private static final ReportingCurrency MONEY = new ReportingCurrency("USD", Map.of("EUR", new BigDecimal("1.1")));
    private static final Deserializer<TouchpointEvent> DESERIALIZER = deserializer();

    private static Deserializer<TouchpointEvent> deserializer() {
        // A registry of this test's own, holding the schema at id 1 as the seeds expect.
        String scope = "fuzz-touchpoint-bytes";
        InMemorySchemaRegistry.drop(scope);
        int id = InMemorySchemaRegistry.scope(scope).register(TOPIC + "-value",
                SchemaNormalizer.normalize(TouchpointEvent.getClassSchema()));
        assertThat(id).isEqualTo(1);
        return SpecificAvroSerde.forValues(TouchpointEvent.class,
                Map.of(RegistrySettings.URL, "mock://" + scope)).deserializer();
    }

    @FuzzTest(maxDuration = "15s")
    void bytes(byte[] value) {
        TouchpointEvent event;
        try {
            event = DESERIALIZER.deserialize(TOPIC, value);
        } catch (SerializationException refused) {
            assertThat(refused.getMessage()).as("why the record cannot be read").isNotBlank();
            return;
        }
        assertThat(event).as("a non-null value deserializes to an event or is refused").isNotNull();
        // Keyed as a producer of ours keys it, so that validation goes past KEY_MISMATCH.
        String key = TouchpointValidator.isAliased(event) ? event.getAlias() : event.getCustomerId();
        try {
            Touchpoint touchpoint = TouchpointValidator.validate(key, event, NOW, SKEW, MONEY);
            assertThat(touchpoint.customerId()).isEqualTo(key);
            assertThat(touchpoint.eventId()).isNotBlank();
        } catch (InvalidTouchpointException rejected) {
            assertThat(rejected.reason()).as("the dead-letter reason").isNotNull();
        }
    }
}
