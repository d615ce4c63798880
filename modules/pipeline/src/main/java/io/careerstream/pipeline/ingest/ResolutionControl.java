package io.careerstream.pipeline.ingest;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What travels on {@code touchpoints-resolved} besides resolved touchpoints, so that a customer's
 * task can put the touchpoints that reach it by two paths (its own partition, and an alias's
 * partition through the resolver) back into event-time order. Both are records without a value,
 * told apart by a header; the topic is a hop inside the pipeline, read by nobody else.
 *
 * <ul>
 *   <li>A <em>progress marker</em> from the task of touchpoints partition {@code N}: "every aliased
 *       touchpoint of my partition with an event time before {@code W} has been resolved and
 *       written" (those still waiting for their link excepted). Sent to every partition.</li>
 *   <li>A <em>link notice</em>, keyed by a customer id: "an alias of this customer lives in
 *       partition {@code N}", so the customer's task waits for that partition's progress before
 *       applying the customer's touchpoints.</li>
 * </ul>
 *
 * A resolved touchpoint carries the header {@value #ENTERED_AT}: its alias's latest event time
 * when it entered the pipeline (its own time if none was later), against which its lateness is
 * judged, as a direct touchpoint's is against its customer's latest event time: waiting for a link,
 * or for the detour, is not lateness.
 */
public final class ResolutionControl {

    public static final String PROGRESS = "careerstream.resolution.progress";
    public static final String LINKED = "careerstream.resolution.linked";
    public static final String ENTERED_AT = "careerstream.entered.at";

    private ResolutionControl() {
    }

    /** A progress marker of touchpoints partition {@code partition}: nothing before {@code watermark} is still to come. */
    public static Headers progress(int partition, long watermark) {
        return new RecordHeaders().add(PROGRESS, (partition + ":" + watermark).getBytes(StandardCharsets.UTF_8));
    }

    /** A link notice: the customer has an alias in touchpoints partition {@code partition}. */
    public static Headers linked(int partition) {
        return new RecordHeaders().add(LINKED, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
    }

    /** A progress marker read back: its partition and watermark. */
    public record Progress(int partition, long watermark) {
    }

    /** The progress marker these headers carry, or null if they carry none. */
    public static Progress progressOf(Headers headers) {
        String value = text(headers, PROGRESS);
        if (value == null) {
            return null;
        }
        int colon = value.indexOf(':');
        return new Progress(Integer.parseInt(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1)));
    }

    /** The partition a link notice names, or -1 if these headers carry none. */
    public static int linkedPartitionOf(Headers headers) {
        String value = text(headers, LINKED);
        return value == null ? -1 : Integer.parseInt(value);
    }

    /** Stamps a touchpoint with the latest event time its alias had when it entered the pipeline. */
    public static void stampEntered(Headers headers, long aliasClock) {
        headers.remove(ENTERED_AT);
        headers.add(ENTERED_AT, Long.toString(aliasClock).getBytes(StandardCharsets.UTF_8));
    }

    /** When the touchpoint entered the pipeline, if it says. */
    public static OptionalLong enteredAt(Headers headers) {
        String value = text(headers, ENTERED_AT);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    private static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
