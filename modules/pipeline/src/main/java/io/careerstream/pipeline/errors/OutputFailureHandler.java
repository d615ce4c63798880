package io.careerstream.pipeline.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output (transition, alert, profile, changelog) that cannot be serialized or that the broker
 * refuses stops the task; it is never dead-lettered. The fault is not the input's, so sending the
 * input to the dead-letter topic would drop the outputs while the customer's state moved on.
 * Streams' default handler also builds dead-letter records when a dead-letter topic is set; this
 * one does not.
 */
public class OutputFailureHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFailureHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        LOG.error("The broker refused an output record for topic {} (from {}-{} offset {}): stopping the task",
                record.topic(), context.topic(), context.partition(), context.offset(), exception);
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        LOG.error("Cannot serialize the {} of an output record for topic {} (from {}-{} offset {}): stopping the task",
                origin == SerializationExceptionOrigin.KEY ? "key" : "value", record.topic(), context.topic(),
                context.partition(), context.offset(), exception);
        return Response.fail();
    }

    @Override
    public void configure(java.util.Map<String, ?> configs) {
    }
}
