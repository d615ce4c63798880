package io.careerstream.pipeline.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class ThreadFailurePolicyTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ThreadFailurePolicy policy = new ThreadFailurePolicy(3, Duration.ofMinutes(10), nanos::get);

    @Test
    void replacesUpToTheLimitWithinTheWindowThenStopsWithOneClearLine() {
        for (int i = 1; i <= 3; i++) {
            ThreadFailurePolicy.Decision d = policy.onFailure(new IllegalStateException("store failed"));
            assertThat(d.response()).isEqualTo(REPLACE_THREAD);
            assertThat(d.message()).contains(i + " of at most 3");
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        }
        ThreadFailurePolicy.Decision last = policy.onFailure(new IllegalStateException("store failed"));
        assertThat(last.response()).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(last.message()).startsWith("FATAL: ").contains("careerstream.thread.replacements.max=3", "store failed")
                .doesNotContain("\n");
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 3; i++) {
            assertThat(policy.onFailure(new IllegalStateException("x")).response()).isEqualTo(REPLACE_THREAD);
        }
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(policy.onFailure(new IllegalStateException("x")).response()).isEqualTo(REPLACE_THREAD);
    }

    @Test
    void deletedInputStopsAtOnceAndZeroReplacementsMeansStopAtTheFirst() {
        StreamsException wrapped = new StreamsException(new DataLossException("gap in touchpoints-0", null));
        assertThat(policy.onFailure(wrapped).response()).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(new ThreadFailurePolicy(0, Duration.ofMinutes(1), nanos::get)
                .onFailure(new IllegalStateException("x")).response()).isEqualTo(SHUTDOWN_CLIENT);
    }
}
