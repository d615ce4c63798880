package io.careerstream.pipeline.errors;

import io.careerstream.pipeline.ingest.RejectionReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** Undeserializable input goes to the dead-letter topic with reason UNDESERIALIZABLE; processing continues. */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        DeadLetters.tag(response.deadLetterQueueRecords(), RejectionReason.UNDESERIALIZABLE);
        return response;
    }
}
