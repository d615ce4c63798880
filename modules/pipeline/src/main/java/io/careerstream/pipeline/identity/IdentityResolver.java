package io.careerstream.pipeline.identity;

import io.careerstream.pipeline.ingest.ErasureFanOut;
import io.careerstream.pipeline.ingest.ResolutionControl;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.pipeline.config.PendingLimits;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import io.careerstream.topics.RejectionReason;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Resolves touchpoints keyed by an alias to their customer. Its task reads the identity links and
 * the touchpoints partition by partition alike (both keyed by alias, both with the touchpoints'
 * partition count), so an alias's link and its touchpoints meet here.
 *
 * <p>Four kinds of input:
 * <ul>
 *   <li>an identity link (from the links topic; a tombstone removes it): stored, then the
 *       touchpoints waiting for that alias are released in arrival order;</li>
 *   <li>an aliased touchpoint (from the validator): with a known alias it is forwarded at once,
 *       keyed by the customer id and with the customer id filled in, to the resolved-touchpoints
 *       sink, which brings it to the task that holds the customer; otherwise it waits in the
 *       pending store ({@link PendingTouchpoints});</li>
 *   <li>a tick (from the validator, no value): settles what has expired up to its time;</li>
 *   <li>an erased customer (a copy of an erasure request, {@link ErasureFanOut}): the links pointing
 *       to the customer, their aliases' clocks and waiting touchpoints are deleted
 *       ({@link AliasEraser}), and a tombstone for each alias goes to the identity-links topic.</li>
 * </ul>
 * A touchpoint that waits longer than {@link PendingLimits#pendingMs()} of stream time, or is the
 * oldest when the store is full, goes to the dead-letter topic as
 * {@link RejectionReason#UNRESOLVED_IDENTITY}. Expiry is settled before every record and on a
 * schedule; a dead letter written from here is forwarded to the dead-letter sink directly (no
 * exception handler runs outside {@code process}), with the touchpoint's bytes as the touchpoints
 * topic encodes them, its original headers and the reason header.
 */
public final class IdentityResolver extends ContextualProcessor<String, Object, Object, Object> {

    /** Node and store names, decided by the topology. */
    public record Names(String linksStore, String pendingStore, String aliasClocksStore, String customerAliasesStore,
                        String resolvedSink, String progressSink, String deadLetterSink, String linksSink) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(IdentityResolver.class);

    /** How often, at most, this task tells the others how far its partition has come (wall-clock time). */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(100);

    private final Names names;
    private final String linksTopic;
    private final String erasureTopic;
    private final Topic<String, TouchpointEvent> touchpoints;
    private final PendingLimits limits;
    private final PunctuationType punctuationType;
    private final Duration punctuationInterval;
    private final CareerMetrics metrics;
    private final Duration idleProgressLag;
    private KeyValueStore<String, String> links;
    /** Each alias's latest event time: what a touchpoint of it is late against, as a customer's clock is. */
    private KeyValueStore<String, Long> aliasClocks;
    private PendingTouchpoints pending;
    /** The links read the other way round, customer → aliases: what an erasure looks up. */
    private CustomerAliases customerAliases;
    private AliasEraser eraser;
    /** Whether this task has links: only then can a customer's touchpoints come through it, and its progress matter. */
    private boolean resolving;
    private long progressSent = Long.MIN_VALUE;

    public IdentityResolver(Names names, String linksTopic, String erasureTopic, Topic<String, TouchpointEvent> touchpoints,
                            PendingLimits limits, PunctuationType punctuationType, Duration punctuationInterval,
                            Duration idleProgressLag, CareerMetrics metrics) {
        this.names = names;
        this.linksTopic = linksTopic;
        this.erasureTopic = erasureTopic;
        this.touchpoints = touchpoints;
        this.limits = limits;
        this.punctuationType = punctuationType;
        this.punctuationInterval = punctuationInterval;
        this.metrics = metrics;
        this.idleProgressLag = idleProgressLag;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        super.init(context);
        links = context.getStateStore(names.linksStore());
        aliasClocks = context.getStateStore(names.aliasClocksStore());
        KeyValueStore<Bytes, byte[]> pendingStore = context.getStateStore(names.pendingStore());
        pending = new PendingTouchpoints(pendingStore);
        customerAliases = new CustomerAliases(context.getStateStore(names.customerAliasesStore()));
        eraser = new AliasEraser(links, aliasClocks, pending, customerAliases);
        // The reverse index has no changelog: refilled from the links whenever the task starts.
        resolving = customerAliases.rebuildFrom(links) > 0;
        // Expiry is measured in stream time whatever the clock of the schedule.
        context.schedule(punctuationInterval, punctuationType, at -> expire(context().currentStreamTimeMs()));
        context.schedule(PROGRESS_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sendProgress);
    }

    @Override
    public void process(Record<String, Object> record) {
        String topic = context().recordMetadata().map(RecordMetadata::topic).orElse("");
        if (topic.equals(erasureTopic)) {
            // Only the copies that ask for an erased customer's aliases; the request itself is the eraser's.
            if (ErasureFanOut.isAliasErasure(record.headers()) && record.key() != null) {
                eraseAliases(record.key());
            }
        } else if (topic.equals(linksTopic)) {
            // Links carry no event time of the customers (see StreamTimeNeutralExtractor), so
            // expiry here follows the task's stream time, as everywhere else.
            expire(context().currentStreamTimeMs());
            link(record.key(), (IdentityLink) record.value());
        } else if (record.value() == null) {
            // A tick: everything of this partition up to and including its time has been seen.
            expire(Math.max(record.timestamp(), context().currentStreamTimeMs()));
            progress(record.timestamp() + 1);
        } else {
            expire(context().currentStreamTimeMs());
            resolve(record.key(), (TouchpointEvent) record.value(), record);
        }
    }

    private void link(String alias, IdentityLink link) {
        if (alias == null || alias.isBlank()) {
            throw new InvalidTouchpointException(RejectionReason.INVALID_IDENTITY_LINK,
                    "identity link has no key; links must be keyed by their alias");
        }
        String previous = links.get(alias);
        if (link == null) {
            links.delete(alias); // a tombstone: later touchpoints of this alias wait again
            if (previous != null) {
                customerAliases.remove(previous, alias);
            }
            return;
        }
        if (!alias.equals(link.getAlias())) {
            throw new InvalidTouchpointException(RejectionReason.INVALID_IDENTITY_LINK, "record key '" + alias
                    + "' differs from the link's alias '" + link.getAlias() + "'; links must be keyed by their alias");
        }
        if (link.getCustomerId() == null || link.getCustomerId().isBlank()) {
            throw new InvalidTouchpointException(RejectionReason.INVALID_IDENTITY_LINK,
                    "identity link for alias '" + alias + "' has an empty customerId; unlink with a tombstone");
        }
        String customerId = link.getCustomerId();
        if (previous != null && !previous.equals(customerId)) {
            customerAliases.remove(previous, alias); // the alias moved to another customer
        }
        links.put(alias, customerId);
        customerAliases.add(customerId, alias);
        resolving = true;
        // The customer's task learns it has an alias here before any touchpoint of the alias reaches it.
        context().forward(new Record<Object, Object>(customerId, null, context().currentStreamTimeMs(),
                ResolutionControl.linked(context().taskId().partition())), names.resolvedSink());
        for (PendingTouchpoints.Entry waiting : pending.removeAlias(alias)) {
            TouchpointEvent event = touchpoints.valueDeserializer().deserialize(touchpoints.name(), waiting.value());
            // Released at its own event time, with the headers it arrived with.
            forwardResolved(customerId, event, waiting.timestamp(), waiting.headers());
        }
    }

    /**
     * The customer was erased: their links in this task go, from the stores and, by a tombstone
     * keyed by the alias, from the compacted identity-links topic (this task reads that tombstone
     * back, and it changes nothing then).
     */
    private void eraseAliases(String customerId) {
        List<String> unlinked = eraser.erase(customerId);
        long at = Math.max(context().currentStreamTimeMs(), 0);
        for (String alias : unlinked) {
            context().forward(new Record<Object, Object>(alias, null, at), names.linksSink());
        }
        if (!unlinked.isEmpty()) {
            LOG.info("Task {}: {} identity links of an erased customer deleted", context().taskId(), unlinked.size());
        }
    }

    private void resolve(String alias, TouchpointEvent event, Record<String, Object> record) {
        // The alias's clock as the touchpoint enters: its lateness is judged against this, as a direct
        // touchpoint's is against its customer's, never against how far the customer moved on while it
        // was being resolved (ResolutionControl.ENTERED_AT).
        Long clock = aliasClocks.get(alias);
        long at = event.getOccurredAt().toEpochMilli();
        long entered = clock == null ? at : Math.max(clock, at);
        if (clock == null || at > clock) {
            aliasClocks.put(alias, at);
        }
        ResolutionControl.stampEntered(record.headers(), entered);
        String customerId = links.get(alias);
        if (customerId != null) {
            forwardResolved(customerId, event, record.timestamp(), record.headers());
            return;
        }
        while (pending.size() >= limits.maxEntries()) {
            pending.removeOldest().ifPresent(oldest -> deadLetter(oldest, "the pending store is full ("
                    + limits.maxEntries() + " entries, " + PipelineSettings.IDENTITY_PENDING_MAX_ENTRIES
                    + "): the oldest waiting touchpoint was evicted"));
        }
        RecordMetadata source = context().recordMetadata().orElse(null);
        pending.add(alias, context().currentStreamTimeMs() + limits.pendingMs(), record.timestamp(),
                record.headers(), touchpoints.valueSerializer().serialize(touchpoints.name(), event),
                source == null ? touchpoints.name() : source.topic(), source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset());
    }

    private void forwardResolved(String customerId, TouchpointEvent event, long timestamp, Headers headers) {
        TouchpointEvent resolved = TouchpointEvent.newBuilder(event).setCustomerId(customerId).build();
        context().forward(new Record<Object, Object>(customerId, resolved, timestamp, headers), names.resolvedSink());
    }

    /**
     * Tells every partition how far this one has come: every aliased touchpoint of it before the
     * stream time has been resolved and written (the waiting ones excepted). With the wall clock
     * driving checks (live), an idle partition is taken to have come to the wall clock less
     * {@code careerstream.identity.idle.progress.ms}.
     */
    private void sendProgress(long wallClock) {
        long watermark = context().currentStreamTimeMs();
        if (punctuationType == PunctuationType.WALL_CLOCK_TIME) {
            watermark = Math.max(watermark, wallClock - idleProgressLag.toMillis());
        }
        progress(watermark);
    }

    private void progress(long watermark) {
        if (!resolving || watermark <= progressSent || watermark < 0) {
            return;
        }
        progressSent = watermark;
        context().forward(new Record<Object, Object>(null, null, Math.max(context().currentStreamTimeMs(), 0),
                ResolutionControl.progress(context().taskId().partition(), watermark)), names.progressSink());
    }

    private void expire(long now) {
        List<PendingTouchpoints.Entry> expired = pending.removeExpired(now);
        for (PendingTouchpoints.Entry entry : expired) {
            deadLetter(entry, "no identity link for alias '" + entry.alias() + "' arrived within "
                    + limits.pendingMs() + " ms of stream time (" + PipelineSettings.IDENTITY_PENDING_MS + ")");
        }
    }

    private void deadLetter(PendingTouchpoints.Entry entry, String why) {
        Headers headers = new RecordHeaders(entry.headers().toArray());
        headers.add(DeadLetters.REASON_HEADER, RejectionReason.UNRESOLVED_IDENTITY.name().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.MESSAGE_HEADER, (RejectionReason.UNRESOLVED_IDENTITY + ": " + why + " (occurredAt "
                + Instant.ofEpochMilli(entry.timestamp()) + ")").getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.TOPIC_HEADER, entry.sourceTopic().getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.PARTITION_HEADER, String.valueOf(entry.sourcePartition()).getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.OFFSET_HEADER, String.valueOf(entry.sourceOffset()).getBytes(StandardCharsets.UTF_8));
        // Stamped with stream time, like every dead letter: never a time the broker could refuse.
        long at = Math.max(context().currentStreamTimeMs(), 0);
        context().forward(new Record<Object, Object>(entry.alias().getBytes(StandardCharsets.UTF_8), entry.value(), at,
                headers), names.deadLetterSink());
        metrics.deadLetter(RejectionReason.UNRESOLVED_IDENTITY);
    }
}
