package io.careerstream.pipeline.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.topics.RejectionReason;
import io.careerstream.registry.SchemaRegistryException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

    private static final byte[] KEY = "c1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "not avro".getBytes(StandardCharsets.UTF_8);

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        @Override public String topic() { return "touchpoints"; }
        @Override public int partition() { return 3; }
        @Override public long offset() { return 42; }
        @Override public org.apache.kafka.common.header.Headers headers() { return new RecordHeaders(); }
        @Override public String processorNodeId() { return "validate-touchpoints"; }
        @Override public TaskId taskId() { return new TaskId(0, 3); }
        @Override public long timestamp() { return 1L; }
        @Override public byte[] sourceRawKey() { return KEY; }
        @Override public byte[] sourceRawValue() { return VALUE; }
    };

    private static final Map<String, Object> CONFIG = Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "touchpoints-dlq");

    @Test
    void undeserializableRecordResumesWithATaggedDeadLetterCarryingTheOriginalBytes() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(CONFIG);
        var response = handler.handleError(CONTEXT,
                new ConsumerRecord<>("touchpoints", 3, 42L, KEY, VALUE), new SerializationException("bad magic byte"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dlq -> {
            assertThat(dlq.topic()).isEqualTo("touchpoints-dlq");
            assertThat(dlq.value()).isEqualTo(VALUE);
            assertThat(header(dlq, DeadLetters.REASON_HEADER)).isEqualTo("UNDESERIALIZABLE");
            assertThat(header(dlq, "__streams.errors.offset")).isEqualTo("42");
            assertThat(header(dlq, "__streams.errors.partition")).isEqualTo("3");
        });
    }

    @Test
    void aRecordThatCannotBeReadBecauseTheRegistryIsDownIsNotDeadLettered() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(CONFIG);
        var registryDown = handler.handleError(CONTEXT, new ConsumerRecord<>("touchpoints", 3, 42L, KEY, VALUE),
                new SerializationException("Record names schema id 7 that the registry cannot give",
                        new SchemaRegistryException.Unavailable(503, "Schema registry did not answer", null)));
        var unknownId = handler.handleError(CONTEXT, new ConsumerRecord<>("touchpoints", 3, 42L, KEY, VALUE),
                new SerializationException("Record names schema id 7 that the registry cannot give",
                        new SchemaRegistryException.SchemaNotFound(404, 40403, "Schema 7 not found")));

        assertThat(registryDown.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(registryDown.deadLetterQueueRecords()).isEmpty();
        assertThat(unknownId.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(header(unknownId.deadLetterQueueRecords().get(0), DeadLetters.REASON_HEADER)).isEqualTo("UNDESERIALIZABLE");
    }

    @Test
    void onlyFailuresThatAreTheInputsFaultAreDeadLetteredEachWithItsReason() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(CONFIG);
        Record<String, String> record = new Record<>("c1", "x", 1L);

        var invalid = handler.handleError(CONTEXT, record,
                new InvalidTouchpointException(RejectionReason.NEGATIVE_AMOUNT, "amount -5"));
        var domainDefect = handler.handleError(CONTEXT, record, new StreamsException(new InvalidTouchpointException(
                RejectionReason.PROCESSING_ERROR, "career could not be computed", new IllegalStateException("boom"))));
        var outputRefused = handler.handleError(CONTEXT, record,
                new StreamsException("Error encountered sending record to topic customer-stage-transitions",
                        new SerializationException("Cannot get a schema id")));

        assertThat(invalid.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(header(invalid.deadLetterQueueRecords().get(0), DeadLetters.REASON_HEADER)).isEqualTo("NEGATIVE_AMOUNT");
        assertThat(domainDefect.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(header(domainDefect.deadLetterQueueRecords().get(0), DeadLetters.REASON_HEADER)).isEqualTo("PROCESSING_ERROR");
        assertThat(outputRefused.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(outputRefused.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void outputsThatCannotBeWrittenFailTheTaskWithoutDeadLetters() {
        OutputFailureHandler handler = new OutputFailureHandler();
        handler.configure(CONFIG);
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("customer-stage-transitions", KEY, VALUE);

        var serialization = handler.handleSerializationError(CONTEXT, output, new SerializationException("40403"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
        var refused = handler.handleError(CONTEXT, output, new InvalidTimestampException("too far in the future"));

        assertThat(serialization.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(serialization.deadLetterQueueRecords()).isEmpty();
        assertThat(refused.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(refused.deadLetterQueueRecords()).isEmpty();
        var brokerBusy = handler.handleError(CONTEXT, output, new NotEnoughReplicasException("1 of 3 in sync"));
        assertThat(brokerBusy.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
        assertThat(brokerBusy.deadLetterQueueRecords()).isEmpty();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
