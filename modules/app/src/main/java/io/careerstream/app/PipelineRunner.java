package io.careerstream.app;

import io.careerstream.pipeline.career.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** Starts the pipeline and waits until it is processing. */
public final class PipelineRunner {

    private PipelineRunner() {
    }

    public static KafkaStreams start(CareerstreamConfig config, Duration timeout) throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties());
        // Bad records never get here (they go to the dead-letter topic); anything else that kills a
        // thread is unexpected, so a fresh thread takes over rather than stopping the application.
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                KafkaStreams.State state = streams.state();
                streams.close(Duration.ofSeconds(10));
                throw new IllegalStateException("Pipeline did not reach RUNNING within " + timeout + " (state " + state + ")");
            }
            Thread.sleep(50);
        }
        return streams;
    }
}
