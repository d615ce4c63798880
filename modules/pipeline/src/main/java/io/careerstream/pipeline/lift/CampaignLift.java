package io.careerstream.pipeline.lift;

import io.careerstream.contracts.AlertStatus;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.domain.ReportingCurrency;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.lift.Exposure;
import io.careerstream.domain.lift.HoldOutGroups;
import io.careerstream.domain.lift.LiftArm;
import io.careerstream.domain.lift.LiftCounts;
import io.careerstream.pipeline.ingest.ErasureFanOut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Lift measured in the stream (docs/lift.md). Each customer's exposures, a campaign touchpoint
 * (an email DELIVERED or HELD_OUT, with its campaign and variant) or an opened alert with an
 * action (contacted, or held out by its hold-out flag), are kept for the window after them; the
 * customer's purchases in that window are added to the exposure's arm: customers, converters,
 * purchases, spend and the sum of squared spends per customer, the sums every figure of the
 * report follows from ({@link io.careerstream.domain.lift.LiftReport}).
 *
 * <p>It reads what the career node applied: touchpoints after de-duplication and ordering (a
 * resent order counts once) and the alerts it published, and erasure requests, which delete the
 * customer's exposures (the counts are sums, with nothing of the customer in them). Exposures
 * leave the store when their window and the late grace have passed (an index by expiry time,
 * settled by punctuation), so the store holds only the last window's exposures; the counts hold
 * one entry per arm.
 *
 * <p>A purchase counts for an exposure when its event time is at or after the exposure's and
 * within the window, and it reaches this node after the exposure: a purchase processed before
 * its campaign's touchpoint arrives is not counted (producers send the campaign's touchpoints when
 * they send the email).
 */
public final class CampaignLift extends ContextualProcessor<Object, Object, Void, Void> {

    /** The node's stores, as the topology named them. */
    public record Names(String exposures, String expiry, String counts) {
    }

    private final Names names;
    private final long windowMs;
    /** How long after its window an exposure is kept: the late grace, so a late purchase in the window still counts. */
    private final long keptAfterMs;
    private final ReportingCurrency money;
    private final String erasureTopic;
    private final PunctuationType punctuationType;
    private final Duration punctuationInterval;
    private KeyValueStore<String, byte[]> exposures;
    private KeyValueStore<Bytes, byte[]> expiry;
    private KeyValueStore<String, byte[]> counts;

    public CampaignLift(Names names, Duration window, Duration keptAfter, ReportingCurrency money, String erasureTopic,
                        PunctuationType punctuationType, Duration punctuationInterval) {
        this.names = names;
        this.windowMs = window.toMillis();
        this.keptAfterMs = keptAfter.toMillis();
        this.money = money;
        this.erasureTopic = erasureTopic;
        this.punctuationType = punctuationType;
        this.punctuationInterval = punctuationInterval;
    }

    /** Adds the node's three stores, changelogged, for {@code node}. */
    public static void addStores(Topology topology, Names names, String node) {
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(names.exposures()),
                Serdes.String(), Serdes.ByteArray()), node);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(names.expiry()),
                Serdes.Bytes(), Serdes.ByteArray()), node);
        // A few hot counters: the record cache folds a commit interval's changes into one changelog record each.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(names.counts()),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), node);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        super.init(context);
        exposures = context.getStateStore(names.exposures());
        expiry = context.getStateStore(names.expiry());
        counts = context.getStateStore(names.counts());
        context.schedule(punctuationInterval, punctuationType, this::expire);
    }

    @Override
    public void process(Record<Object, Object> record) {
        if (!(record.key() instanceof String customerId)) {
            return;
        }
        boolean erasure = context().recordMetadata().map(m -> erasureTopic.equals(m.topic())).orElse(false)
                && !(record.value() instanceof Touchpoint) && !(record.value() instanceof ChurnAlert);
        if (erasure) {
            if (!ErasureFanOut.isAliasErasure(record.headers())) {
                forget(customerId);
            }
            return;
        }
        Object value = record.value();
        if (value instanceof Touchpoint.Purchase p) {
            purchase(customerId, p.occurredAt(), money.toReportingMinor(p.amountMinor(), p.currency()));
        } else if (value instanceof Touchpoint.EmailEngagement e && e.isCampaignExposure()) {
            expose(customerId, LiftArm.campaign(e.campaignId(), e.variant(), e.action() == Touchpoint.EmailAction.HELD_OUT),
                    e.occurredAt());
        } else if (value instanceof ChurnAlert a && a.getStatus() == AlertStatus.OPENED
                && !HoldOutGroups.NOT_A_CONTACT.contains(a.getSuggestedAction())) {
            expose(customerId, LiftArm.alert(a.getLevel().name(), a.getSuggestedAction(), a.getHeldOut()),
                    a.getAt().toEpochMilli());
        }
    }

    /**
     * A customer exposed to an arm: counted once while an exposure to the same arm is in its
     * window; after that window a new exposure counts again.
     */
    private void expose(String customerId, LiftArm arm, long at) {
        List<Exposure> live = LiftCodec.exposures(exposures.get(customerId));
        for (Exposure e : live) {
            if (e.arm().equals(arm) && e.covers(at, windowMs)) {
                return; // the same campaign's touchpoint again (a resend, a second email of one send)
            }
        }
        live.removeIf(e -> e.arm().equals(arm)); // its window is over: its purchases are counted
        live.add(Exposure.at(arm, at));
        exposures.put(customerId, LiftCodec.exposures(live));
        expiry.put(LiftCodec.expiryKey(at + windowMs + keptAfterMs, customerId), new byte[0]);
        add(arm, LiftCounts::withCustomer);
    }

    private void purchase(String customerId, long at, long amountMinor) {
        byte[] stored = exposures.get(customerId);
        if (stored == null) {
            return; // the usual case: a customer with no campaign in its window
        }
        List<Exposure> live = LiftCodec.exposures(stored);
        boolean counted = false;
        for (int i = 0; i < live.size(); i++) {
            Exposure e = live.get(i);
            if (e.covers(at, windowMs)) {
                add(e.arm(), c -> c.withPurchase(e, amountMinor));
                live.set(i, e.withPurchase(amountMinor));
                counted = true;
            }
        }
        if (counted) {
            exposures.put(customerId, LiftCodec.exposures(live));
        }
    }

    private void add(LiftArm arm, java.util.function.UnaryOperator<LiftCounts> change) {
        String key = arm.key();
        counts.put(key, LiftCodec.counts(change.apply(LiftCodec.counts(counts.get(key)))));
    }

    /** Drops the exposures whose window and grace have passed by {@code now}. */
    void expire(long now) {
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = expiry.range(LiftCodec.expiryFrom(Long.MIN_VALUE), LiftCodec.expiryFrom(now))) {
            entries.forEachRemaining(kv -> due.add(kv.key));
        }
        for (Bytes key : due) {
            String customerId = LiftCodec.customerOf(key);
            List<Exposure> live = LiftCodec.exposures(exposures.get(customerId));
            live.removeIf(e -> e.endsAt(windowMs) + keptAfterMs <= now);
            if (live.isEmpty()) {
                exposures.delete(customerId);
            } else {
                exposures.put(customerId, LiftCodec.exposures(live));
            }
            expiry.delete(key);
        }
    }

    /** An erased customer: their exposures go; the sums they were added to stay (nothing of theirs is in them). */
    private void forget(String customerId) {
        for (Exposure e : LiftCodec.exposures(exposures.get(customerId))) {
            expiry.delete(LiftCodec.expiryKey(e.endsAt(windowMs) + keptAfterMs, customerId));
        }
        exposures.delete(customerId);
    }

    /** Every arm's counts in {@code store} (one instance's share of them). */
    public static Map<LiftArm, LiftCounts> read(ReadOnlyKeyValueStore<String, byte[]> store) {
        Map<LiftArm, LiftCounts> all = new HashMap<>();
        try (KeyValueIterator<String, byte[]> entries = store.all()) {
            entries.forEachRemaining(kv -> all.merge(LiftArm.ofKey(kv.key), LiftCodec.counts(kv.value), LiftCounts::plus));
        }
        return all;
    }
}
