package io.careerstream.pipeline.errors;

import org.apache.kafka.common.KafkaException;

/** Input was deleted before the pipeline processed it, and the policy is {@link DataLossPolicy#FAIL}. */
public class DataLossException extends KafkaException {

    public DataLossException(String message, Throwable cause) {
        super(message, cause);
    }
}
