package io.careerstream.sandbox.workload;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Kevin Hillstrom's MineThatData e-mail test (data/hillstrom.csv, see data/README.md) as
 * touchpoints: each customer's past as a purchase of {@code history} dollars {@code recency} months
 * before the send, the send as an email DELIVERED with the segment as variant (No E-Mail: held
 * out), and a conversion as a purchase of {@code spend} dollars within the two weeks after.
 */
public final class HillstromExperiment {

    /** The arm of the customers who got no e-mail: the control. */
    public static final String NO_EMAIL = "No E-Mail";

    /** One row; {@code id} is made from the line number (the file has no customer id). */
    public record Customer(String id, int recency, long historyCents, String segment, boolean converted, long spendCents) {
    }

    private HillstromExperiment() {
    }

    public static List<Customer> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        List<String> header = List.of(lines.get(0).strip().split(","));
        List<Customer> customers = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            // Only history_segment is quoted (e.g. "6) $750 - $1,000"): split on commas outside quotes.
            String[] f = lines.get(i).strip().split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            customers.add(new Customer("h" + i, Integer.parseInt(f[header.indexOf("recency")]),
                    cents(f[header.indexOf("history")]), f[header.indexOf("segment")],
                    f[header.indexOf("conversion")].equals("1"), cents(f[header.indexOf("spend")])));
        }
        return customers;
    }

    /**
     * The customers' touchpoints in event-time order, as a production stream carries them: the
     * histories (oldest first), the sends at {@code send}, the conversions 1 to 13 days after it.
     */
    public static List<TouchpointEvent> replay(List<Customer> customers, Instant send, String campaignId) {
        List<TouchpointEvent> events = new ArrayList<>();
        customers.stream().sorted(Comparator.comparingInt(Customer::recency).reversed()).forEach(c -> events.add(
                purchase(c.id(), c.id() + "-history", send.atZone(ZoneOffset.UTC).minusMonths(c.recency()).toInstant(),
                        c.historyCents())));
        customers.forEach(c -> events.add(event(c.id(), c.id() + "-send", send,
                new EmailEngagement(campaignId, EmailAction.DELIVERED, c.segment(), c.segment().equals(NO_EMAIL)))));
        customers.stream().filter(Customer::converted).sorted(Comparator.comparing(c -> conversionAt(c, send)))
                .forEach(c -> events.add(purchase(c.id(), c.id() + "-conversion", conversionAt(c, send), c.spendCents())));
        return events;
    }

    /** Spread over the two weeks, the same on every run. */
    private static Instant conversionAt(Customer c, Instant send) {
        return send.plus(Duration.ofDays(1 + Integer.parseInt(c.id().substring(1)) % 13));
    }

    private static TouchpointEvent purchase(String customerId, String orderId, Instant at, long cents) {
        return event(customerId, orderId, at, new Purchase(orderId, cents, "USD", 1, List.of()));
    }

    private static TouchpointEvent event(String customerId, String eventId, Instant at, Object payload) {
        return TouchpointEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setChannel(payload instanceof Purchase ? "pos" : "esp").setPayload(payload).build();
    }

    private static long cents(String dollars) {
        return new BigDecimal(dollars).movePointRight(2).longValueExact();
    }
}
