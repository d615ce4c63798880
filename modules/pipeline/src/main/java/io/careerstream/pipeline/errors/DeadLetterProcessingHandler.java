package io.careerstream.pipeline.errors;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Invalid touchpoints (and any other failure while processing one record) go to the dead-letter
 * topic with their reason; the pipeline goes on with the next record.
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        DeadLetters.tag(response.deadLetterQueueRecords(), DeadLetters.reasonOf(exception));
        return response;
    }
}
