package io.careerstream.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.ReportingCurrency;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example mappings of config/examples read their example files as the comments say, and the contract's rules pass them. */
class RowMapperTest {

    private static final Path EXAMPLES = Path.of("..", "..", "config", "examples");
    private static final TouchpointChecks CHECKS = new TouchpointChecks(900_000, ReportingCurrency.USD);

    @Test
    void ordersFromAShop() throws IOException {
        List<TouchpointEvent> events = read("orders.csv", "orders.import.yaml");
        assertThat(events).hasSize(4);
        TouchpointEvent first = events.get(0);
        assertThat(first.getEventId()).isEqualTo("shop-order-100231");
        assertThat(first.getCustomerId()).isEqualTo("C-1042");
        assertThat(first.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T14:14:02Z")); // 09:14:02 in New York
        Purchase p = (Purchase) first.getPayload();
        assertThat(p.getAmountMinor()).isEqualTo(5990);
        assertThat(p.getCategories()).containsExactly("coffee", "grinders");
        assertThat(p.getItemCount()).isEqualTo(2);
        assertThat(events.get(2).getChannel()).as("an empty channel takes the default").isEqualTo("web");
    }

    @Test
    void emailEventsKnownByAnAlias() throws IOException {
        List<TouchpointEvent> events = read("email-events.csv", "email-events.import.yaml");
        assertThat(events).extracting(e -> ((EmailEngagement) e.getPayload()).getAction())
                .containsExactly(EmailAction.DELIVERED, EmailAction.OPEN, EmailAction.CLICK, EmailAction.UNSUBSCRIBE);
        assertThat(events.get(0).getCustomerId()).isEmpty();
        assertThat(events.get(0).getAlias()).isEqualTo("email:5f4dcc3b5aa765d61d8327deb882cf99");
        assertThat(events.get(0).getOccurredAt()).isEqualTo(Instant.ofEpochSecond(1740819600));
        assertThat(TouchpointChecks.key(events.get(0))).isEqualTo("email:5f4dcc3b5aa765d61d8327deb882cf99");
    }

    @Test
    void campaignSendsWithTheirVariantAndTheHeldOutControl() throws IOException {
        List<TouchpointEvent> events = read("campaign-sends.csv", "campaign-sends.import.yaml");
        assertThat(events).extracting(e -> ((EmailEngagement) e.getPayload()).getVariant())
                .containsExactly("subject-a", "subject-b", "control");
        assertThat(events).extracting(e -> ((EmailEngagement) e.getPayload()).getHeldOut()).containsExactly(false, false, true);
        assertThat(events).extracting(e -> ((EmailEngagement) e.getPayload()).getAction()).containsOnly(EmailAction.DELIVERED);
        assertThat(((EmailEngagement) events.get(2).getPayload()).getCampaignId()).isEqualTo("spring-2026");
    }

    @Test
    void mentionsFromNestedJson() throws IOException {
        List<TouchpointEvent> events = read("mentions.jsonl", "mentions.import.yaml");
        assertThat(events).extracting(TouchpointEvent::getAlias).containsExactly("twitter:@beanlover", "instagram:morning.cup",
                "twitter:@grumpy");
        SocialMention first = (SocialMention) events.get(0).getPayload();
        assertThat(first.getSentiment()).isEqualTo(Sentiment.POSITIVE);
        assertThat(first.getReach()).isEqualTo(1840);
        assertThat(first.getReferral()).isTrue();
        assertThat(((SocialMention) events.get(1).getPayload()).getReferral()).as("default").isFalse();
        assertThat(events.get(1).getOccurredAt()).isEqualTo(Instant.parse("2025-03-03T06:02:44Z"));
    }

    @Test
    void cdnowAsTheDemoReadsIt() throws IOException {
        ImportMapping mapping = ImportMapping.read(EXAMPLES.resolve("cdnow.import.yaml"));
        try (InputStream in = Files.newInputStream(Path.of("..", "..", "data", "CDNOW_master.txt"));
             RowReader rows = RowReader.open(in, mapping)) {
            TouchpointEvent first = new RowMapper(mapping).map(rows.next());
            assertThat(first.getEventId()).isEqualTo("cdnow-2");
            assertThat(((Purchase) first.getPayload()).getOrderId()).isEqualTo("cdnow-order-2");
            assertThat(((Purchase) first.getPayload()).getAmountMinor()).isEqualTo(1177);
            assertThat(first.getOccurredAt()).isEqualTo(Instant.parse("1997-01-01T00:00:00Z"));
        }
    }

    @Test
    void valuesThatCannotBeReadAreRejectedWithTheirReason() {
        ImportMapping mapping = ImportMapping.parse(yaml("""
                format: csv
                fields:
                  kind: {value: PURCHASE}
                  customerId: c
                  occurredAt: {column: t, format: epoch-millis}
                  orderId: o
                  amount: a
                  currency: {value: JPY}
                """));
        RowMapper mapper = new RowMapper(mapping);
        assertThatThrownBy(() -> mapper.map(row(Map.of("c", "x", "t", "soon", "o", "1", "a", "5"))))
                .isInstanceOf(RowRejected.class).hasMessageContaining("occurredAt 'soon'")
                .extracting(e -> ((RowRejected) e).reason()).isEqualTo("INVALID_TIMESTAMP");
        assertThatThrownBy(() -> mapper.map(row(Map.of("c", "x", "t", "1", "o", "1", "a", "5.5"))))
                .as("yen have no decimals").hasMessageContaining("more decimals than JPY")
                .extracting(e -> ((RowRejected) e).reason()).isEqualTo(RowRejected.UNPARSEABLE_VALUE);
        assertThat(((Purchase) mapper.map(row(Map.of("c", "x", "t", "1", "o", "1", "a", "500"))).getPayload()).getAmountMinor())
                .isEqualTo(500);
    }

    @Test
    void mistakesInTheMappingNameTheirEntry() {
        assertThatThrownBy(() -> ImportMapping.parse(yaml("format: xls\nfields: {}")))
                .hasMessageContaining("format: 'xls'");
        assertThatThrownBy(() -> ImportMapping.parse(yaml("format: csv\nfields: {kind: {value: PURCHASE}, customerId: c, occurredAt: t, orderid: o}")))
                .hasMessageContaining("fields.orderid: not a field");
        assertThatThrownBy(() -> ImportMapping.parse(yaml("format: csv\nfields: {kind: {value: PURCHASE}, customerId: c, occurredAt: t}")))
                .hasMessageContaining("fields.").hasMessageContaining("missing (a PURCHASE needs it)");
        assertThatThrownBy(() -> ImportMapping.parse(yaml("format: csv\nfields: {kind: {value: PURCHASE}, occurredAt: t}")))
                .hasMessageContaining("customerId or alias");
        assertThatThrownBy(() -> new RowMapper(ImportMapping.parse(yaml(
                "format: csv\nfields: {kind: {value: INQUIRY}, customerId: c, occurredAt: {column: t, format: 'qqq-bad['}, inquiryKind: k}"))))
                .hasMessageContaining("fields.occurredAt.format");
    }

    private static List<TouchpointEvent> read(String file, String mappingFile) throws IOException {
        ImportMapping mapping = ImportMapping.read(EXAMPLES.resolve(mappingFile));
        RowMapper mapper = new RowMapper(mapping);
        List<TouchpointEvent> events = new ArrayList<>();
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve(file)); RowReader rows = RowReader.open(in, mapping)) {
            for (Row row = rows.next(); row != null; row = rows.next()) {
                TouchpointEvent event = EventIds.withId(mapper.map(row));
                CHECKS.check(event);
                events.add(event);
            }
        }
        return events;
    }

    private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
        try {
            return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Row row(Map<String, String> values) {
        return new Row() {
            @Override
            public long line() {
                return 2;
            }

            @Override
            public String value(String column) {
                return values.get(column);
            }
        };
    }
}
