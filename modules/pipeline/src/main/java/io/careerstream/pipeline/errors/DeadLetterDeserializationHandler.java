package io.careerstream.pipeline.errors;

import io.careerstream.pipeline.metrics.CareerMetrics;

import io.careerstream.topics.RejectionReason;
import io.careerstream.registry.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undeserializable input goes to the dead-letter topic with reason UNDESERIALIZABLE; processing
 * continues. Except when the schema registry could not be reached: then the record may well be
 * good, so it is not dead-lettered — the task fails and the instance stops (its start-up check
 * then names the registry until it answers again), and the record is read again after the restart.
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private CareerMetrics metrics = CareerMetrics.inMemory();

    @Override
    public void configure(java.util.Map<String, ?> configs) {
        super.configure(configs);
        metrics = CareerMetrics.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException.Unavailable) {
                LOG.error("The schema registry is unreachable while reading {}-{} offset {}: stopping rather than "
                        + "dead-lettering a record that may be good", record.topic(), record.partition(), record.offset(), t);
                return Response.fail();
            }
        }
        Response response = super.handleError(context, record, exception);
        DeadLetters.tag(response.deadLetterQueueRecords(), RejectionReason.UNDESERIALIZABLE);
        metrics.deadLetter(RejectionReason.UNDESERIALIZABLE);
        return response;
    }
}
