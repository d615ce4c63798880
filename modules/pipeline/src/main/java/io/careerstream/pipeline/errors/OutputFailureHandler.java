package io.careerstream.pipeline.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output (transition, alert, profile, changelog) that cannot be serialized or that the broker
 * refuses for good stops the task; it is never dead-lettered. A retriable error is retried. The fault is not the input's, so sending the
 * input to the dead-letter topic would drop the outputs while the customer's state moved on.
 * Streams' default handler also builds dead-letter records when a dead-letter topic is set; this
 * one does not.
 */
public class OutputFailureHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFailureHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            // A broker restarting, a leader moving, too few in-sync replicas for a while: Streams
            // retries the task itself (until task.timeout.ms), as its default handler does.
            LOG.warn("Output record for topic {} not written yet ({}); retrying", record.topic(), exception.toString());
            return Response.retry();
        }
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
