package io.careerstream.pipeline.errors;

import io.careerstream.topics.RejectionReason;
import io.careerstream.pipeline.metrics.CareerMetrics;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A touchpoint that is the cause of its own failure (invalid, or one the domain cannot handle:
 * {@link InvalidTouchpointException}) goes to the dead-letter topic with its reason, and the
 * pipeline goes on with the next record.
 *
 * <p>Everything else is not the input's fault — an output the registry or broker refused, a
 * failing state store, a defect in a scheduled check — and fails the task: its transaction is
 * aborted, so no state change is committed without its outputs, and the input is read again after
 * the restart. Dead-lettering such a record would lose the outputs for good while the customer's
 * state moved on.
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private CareerMetrics metrics = CareerMetrics.inMemory();

    @Override
    public void configure(java.util.Map<String, ?> configs) {
        super.configure(configs);
        metrics = CareerMetrics.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (DeadLetters.inputRejection(exception).isEmpty()) {
            LOG.error("Processing failed for a reason other than the input (node {}, {}-{} offset {}): the task stops "
                            + "and its transaction is aborted; nothing is dead-lettered", context.processorNodeId(),
                    context.topic(), context.partition(), context.offset(), exception);
            return Response.fail();
        }
        Response response = super.handleError(context, record, exception);
        RejectionReason reason = DeadLetters.inputRejection(exception).orElseThrow();
        DeadLetters.tag(response.deadLetterQueueRecords(), reason);
        metrics.deadLetter(reason);
        return response;
    }
}
