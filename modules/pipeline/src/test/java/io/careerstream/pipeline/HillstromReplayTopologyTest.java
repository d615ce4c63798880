package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.event;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.lift.LiftArm;
import io.careerstream.domain.lift.LiftCounts;
import io.careerstream.domain.lift.LiftReport;
import io.careerstream.domain.lift.LiftTable;
import io.careerstream.pipeline.lift.CampaignLift;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kevin Hillstrom's MineThatData e-mail test (data/hillstrom.csv, data/README.md): 64,000
 * customers randomised to a men's e-mail, a women's e-mail or none, replayed through the whole
 * topology as touchpoints, and the lift the stream counts is the experiment's published result:
 * conversion 1.25 %, 0.88 %, 0.57 %, spend per customer $1.42, $1.08, $0.65.
 *
 * <p>Each customer: a purchase of {@code history} dollars {@code recency} months before the send;
 * the send, DELIVERED with the segment as variant or, for No E-Mail, held out; a conversion as a
 * purchase of {@code spend} dollars within the two weeks. Replayed in event-time order (histories,
 * then sends, then conversions), as a production stream would carry them.
 */
class HillstromReplayTopologyTest {

    private static final Path HILLSTROM = Path.of("../../data/hillstrom.csv");
    private static final Instant SEND = Instant.parse("2008-03-04T09:00:00Z");
    private static final String CAMPAIGN = "minethatdata-2008";

    @TempDir
    Path stateDir;

    record Customer(String id, int recency, long historyCents, String segment, boolean converted, long spendCents) {
    }

    @Tag("slow") // 64,000 customers through the topology, a minute or more: in `mvn verify`, not in the inner loop
    @Test
    void theStreamsLiftReportIsTheExperimentsPublishedResult() throws IOException {
        List<Customer> customers = read();
        assertThat(customers).hasSize(64_000);
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            customers.stream().sorted(Comparator.comparingInt(Customer::recency).reversed())
                    .forEach(c -> fixture.send(purchase(c.id(), c.id() + "-history", historyAt(c), c.historyCents())));
            customers.forEach(c -> fixture.send(send(c)));
            customers.stream().filter(Customer::converted).sorted(Comparator.comparing(HillstromReplayTopologyTest::conversionAt))
                    .forEach(c -> fixture.send(purchase(c.id(), c.id() + "-conversion", conversionAt(c), c.spendCents())));

            Map<LiftArm, LiftCounts> counted = CampaignLift.read(fixture.driver.getKeyValueStore(CareerTopology.LIFT_COUNTS_STORE));
            Map<LiftArm, LiftCounts> campaign = counted.entrySet().stream()
                    .filter(e -> e.getKey().kind() == LiftArm.Kind.CAMPAIGN)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            List<LiftReport.Row> report = LiftReport.of(campaign, 2);
            String table = LiftTable.render(report, "USD");
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "hillstrom-lift.txt"), table); // docs/lift.md quotes it

            LiftReport.Row mens = row(report, "Mens E-Mail");
            LiftReport.Row womens = row(report, "Womens E-Mail");
            LiftReport.Row none = row(report, "No E-Mail");
            // Exactly the file's figures, arm by arm...
            Map<String, long[]> truth = truth(customers);
            for (LiftReport.Row r : report) {
                long[] t = truth.get(r.arm().variant());
                assertThat(new long[] {r.counts().customers(), r.counts().converters(), r.counts().spendMinor()})
                        .as(r.arm().variant()).containsExactly(t);
            }
            // ... which are the published ones.
            assertThat(percent(mens.conversion().estimate())).isEqualTo("1.25");
            assertThat(percent(womens.conversion().estimate())).isEqualTo("0.88");
            assertThat(percent(none.conversion().estimate())).isEqualTo("0.57");
            assertThat(dollars(mens.spendPerCustomer().estimate())).isEqualTo("1.42");
            assertThat(dollars(womens.spendPerCustomer().estimate())).isEqualTo("1.08");
            assertThat(dollars(none.spendPerCustomer().estimate())).isEqualTo("0.65");
            // Both e-mails against no e-mail, with their intervals: both lift conversion and spend.
            assertThat(none.arm().heldOut()).isTrue();
            for (LiftReport.Row treated : List.of(mens, womens)) {
                assertThat(treated.control()).isEqualTo(none.arm());
                assertThat(treated.conversionDifference().estimate())
                        .isEqualTo(treated.conversion().estimate() - none.conversion().estimate());
                assertThat(treated.conversionDifference().low()).isPositive();
                assertThat(treated.spendDifference().low()).isPositive();
                assertThat(treated.conversionDifference().high()).isGreaterThan(treated.conversionDifference().estimate());
            }
        }
    }

    private static LiftReport.Row row(List<LiftReport.Row> report, String variant) {
        return report.stream().filter(r -> r.arm().variant().equals(variant)).findFirst().orElseThrow();
    }

    private static String percent(double share) {
        return new BigDecimal(100 * share).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String dollars(double amount) {
        return new BigDecimal(amount).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** Customers, converters and spend in cents per segment, straight from the file. */
    private static Map<String, long[]> truth(List<Customer> customers) {
        Map<String, long[]> truth = new HashMap<>();
        for (Customer c : customers) {
            long[] t = truth.computeIfAbsent(c.segment(), s -> new long[3]);
            t[0]++;
            t[1] += c.converted() ? 1 : 0;
            t[2] += c.spendCents();
        }
        return truth;
    }

    private static Instant historyAt(Customer c) {
        return SEND.atZone(ZoneOffset.UTC).minusMonths(c.recency()).toInstant();
    }

    /** Spread over the two weeks, the same on every run: 1 to 13 days after the send. */
    private static Instant conversionAt(Customer c) {
        return SEND.plus(Duration.ofDays(1 + Integer.parseInt(c.id().substring(1)) % 13));
    }

    private static TouchpointEvent send(Customer c) {
        boolean held = c.segment().equals("No E-Mail");
        return event(c.id(), SEND, "esp", new EmailEngagement(CAMPAIGN, EmailAction.DELIVERED, c.segment(), held));
    }

    private static List<Customer> read() throws IOException {
        assertThat(HILLSTROM).as("the Hillstrom e-mail test file data/hillstrom.csv (see data/README.md)").exists();
        List<String> lines = Files.readAllLines(HILLSTROM, StandardCharsets.US_ASCII);
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

    private static long cents(String dollars) {
        return new BigDecimal(dollars).movePointRight(2).longValueExact();
    }
}
