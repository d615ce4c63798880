package io.careerstream.benchmark;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seeded stream of touchpoints large enough that start-up is noise: {@code events} touchpoints
 * over exactly {@code customers} customers, in event-time order over two years. Each event is a
 * new customer with probability (customers still to come / events still to come), so new and
 * returning customers are interleaved through the whole stream rather than front-loaded.
 *
 * <p>The mix of kinds (purchases 35 %, email opens 31 %, clicks 14 %, deliveries 5 %,
 * unsubscribes 1 %, spam reports 0.5 %, inquiries 7 %, social mentions 6.5 %) is illustrative, a
 * shop whose email and service systems feed the same stream; it is not fitted to any data.
 */
public final class SyntheticWorkload {

    public static final long START = LocalDate.of(2024, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    public static final long SPAN_MS = 730L * 86_400_000L;

    private final long seed;
    private final int events;
    private final int customers;

    public SyntheticWorkload(long seed, int events, int customers) {
        if (customers < 1 || events < customers) {
            throw new IllegalArgumentException("need 1 <= customers <= events, was " + customers + " customers and "
                    + events + " events");
        }
        this.seed = seed;
        this.events = events;
        this.customers = customers;
    }

    public int events() {
        return events;
    }

    public int customers() {
        return customers;
    }

    /** The time just after the last event: where a final tick settles the silence after it. */
    public long end() {
        return START + SPAN_MS;
    }

    public static String customerId(int index) {
        return String.format("C%07d", index);
    }

    /** Every event, in order; the same sequence for the same seed and sizes. */
    public void forEach(Consumer<TouchpointEvent> each) {
        SplittableRandom random = new SplittableRandom(seed);
        int seen = 0;
        for (int i = 0; i < events; i++) {
            int customer;
            long newLeft = customers - seen;
            if (seen == 0 || newLeft > 0 && random.nextLong(events - i) < newLeft) {
                customer = seen++;
            } else {
                customer = random.nextInt(seen);
            }
            long at = START + (long) i * SPAN_MS / events;
            each.accept(event(random, i, customerId(customer), at));
        }
    }

    private TouchpointEvent event(SplittableRandom random, int i, String customerId, long at) {
        double kind = random.nextDouble();
        Object payload;
        String channel;
        if (kind < 0.35) {
            channel = "web";
            payload = new Purchase("o-" + seed + "-" + i, 500L + random.nextLong(20_000), "USD", 1 + random.nextInt(5),
                    List.of("music"));
        } else if (kind < 0.865) {
            channel = "esp";
            double a = random.nextDouble() * 0.515; // the email share of the mix, split by action
            EmailAction action = a < 0.14 ? EmailAction.CLICK : a < 0.19 ? EmailAction.DELIVERED
                    : a < 0.20 ? EmailAction.UNSUBSCRIBE : a < 0.205 ? EmailAction.SPAM_REPORT : EmailAction.OPEN;
            payload = new EmailEngagement("newsletter-" + (at / (14 * 86_400_000L)), action, null, false);
        } else if (kind < 0.935) {
            channel = "crm";
            double k = random.nextDouble();
            InquiryKind inquiry = k < 0.50 ? InquiryKind.QUESTION : k < 0.75 ? InquiryKind.COMPLAINT
                    : k < 0.90 ? InquiryKind.SUGGESTION : InquiryKind.PRAISE;
            payload = new Inquiry(inquiry, "order", random.nextDouble() < 0.5);
        } else {
            channel = "social";
            double s = random.nextDouble();
            Sentiment sentiment = s < 0.60 ? Sentiment.POSITIVE : s < 0.85 ? Sentiment.NEUTRAL : Sentiment.NEGATIVE;
            payload = new SocialMention("social", sentiment, 10L + random.nextInt(5000),
                    sentiment == Sentiment.POSITIVE && random.nextDouble() < 0.2);
        }
        return TouchpointEvent.newBuilder()
                .setEventId("bench-" + seed + "-" + i)
                .setCustomerId(customerId)
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setChannel(channel)
                .setPayload(payload)
                .build();
    }
}
