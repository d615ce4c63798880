package io.careerstream.examples.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.AlertStatus;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.examples.campaign.CampaignRules.Outcome;
import io.careerstream.examples.campaign.InMemoryCampaignSystem.Flow;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.serde.SpecificAvroSerde;
import io.careerstream.topics.TickProtocol;
import io.careerstream.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example consumer against the pipeline on a real broker, with the schemas in a real registry:
 * a customer who goes silent, lapses and buys again gets one flow per silence level, each stopped
 * when its alert ends; a customer who unsubscribed gets none; everything read again (a redelivery,
 * a replay) starts nothing twice. And the records are what docs/consuming.md says they are.
 */
@ExtendWith({SchemaRegistryExtension.class, EmbeddedKafkaExtension.class})
class CampaignConsumerIT {

    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final int PARTITIONS = 2;

    @TempDir
    Path state;

    @Test
    void aCampaignSystemFollowingTheGuideActsOncePerSilenceAndStopsWhenTheAlertEnds(
            EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed("campaign-");
        broker.createTopics(topics.newTopics(PARTITIONS));
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics, "campaign-pipeline",
                state, registry.url());
        // Silence judged against each customer's own rhythm in whole intervals: AT_RISK after 2 of
        // them, LAPSED after 4, so the days below are easy to check by hand.
        settings.put(ChurnSettings.CHURN_RULE, "CADENCE");
        CareerstreamConfig config = new CareerstreamConfig(settings);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        InMemoryCampaignSystem campaigns = new InMemoryCampaignSystem(new PrintStream(printed, true, StandardCharsets.UTF_8));
        CareerRecord record = new CareerRecord();
        Map<String, String> serde = Map.of("schema.registry.url", registry.url());

        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            Serializer<TouchpointEvent> touchpoints = config.careerTopics().touchpoints().valueSerializer();
            // ann buys on days 0 and 10 (a 10-day rhythm): AT_RISK from day 30, LAPSED from day 50.
            // bob buys on the same days and unsubscribes on day 12: do not contact.
            for (String customer : List.of("ann", "bob")) {
                send(producer, topics, touchpoints, purchase(customer, "order-1", day(0)));
                send(producer, topics, touchpoints, purchase(customer, "order-2", day(10)));
            }
            send(producer, topics, touchpoints, unsubscribe("bob", day(12)));
            ticks(producer, topics, day(35));
            ticks(producer, topics, day(55));
            // ann comes back on day 60.
            send(producer, topics, touchpoints, purchase("ann", "order-3", day(60)));
            producer.flush();

            Map<String, Object> client = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "campaigns");
            try (CampaignConsumer consumer = new CampaignConsumer(client, serde, topics, new CampaignRules(campaigns), record)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    consumer.pollOnce(Duration.ofMillis(200));
                    assertThat(campaigns.flows()).extracting(Flow::stoppedBecause).containsExactly("SUPERSEDED", "PURCHASE");
                    assertThat(consumer.outcomes()).isEqualTo(Map.of(Outcome.STARTED, 2, Outcome.STOPPED, 2,
                            Outcome.DO_NOT_CONTACT, 2, Outcome.NOTHING_RUNNING, 1));
                });
                // Both of ann's silence levels were also stage transitions: recorded, not acted on.
                assertThat(record.of("ann")).extracting(StageTransition::getTo).contains("AT_RISK", "LAPSED");
            }
            assertThat(campaigns.flows()).containsExactly(
                    new Flow("ann", "ann:" + day(10).toEpochMilli() + ":AT_RISK", "RETENTION_OFFER", "SUPERSEDED"),
                    new Flow("ann", "ann:" + day(10).toEpochMilli() + ":LAPSED", "WIN_BACK", "PURCHASE"));
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("start RETENTION_OFFER for ann", "stop  WIN_BACK for ann");

            // Everything read again from the start (a consumer that lost its offsets, a replay): nothing twice.
            Map<String, Object> again = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "campaigns-reread");
            try (CampaignConsumer rereading = new CampaignConsumer(again, serde, topics, new CampaignRules(campaigns), record)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    rereading.pollOnce(Duration.ofMillis(200));
                    assertThat(rereading.outcomes()).containsOnlyKeys(Outcome.DUPLICATE).containsEntry(Outcome.DUPLICATE, 7);
                });
            }
            assertThat(campaigns.flows()).hasSize(2);

            assertTheAlertsAreWhatTheGuideSays(broker, topics, serde, record);
        }
    }

    /** Key, timestamp, headers and fields of every alert, as docs/consuming.md describes them. */
    private static void assertTheAlertsAreWhatTheGuideSays(EmbeddedKafkaBroker broker, Topics topics,
                                                            Map<String, String> serde, CareerRecord record) {
        List<ConsumerRecord<String, ChurnAlert>> alerts = new ArrayList<>();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "alert-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                SpecificAvroSerde.forValues(ChurnAlert.class, serde).deserializer())) {
            consumer.subscribe(List.of(topics.alerts()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(alerts::add);
                assertThat(alerts).hasSize(7);
            });
        }
        assertThat(alerts).allSatisfy(r -> {
            ChurnAlert alert = r.value();
            assertThat(r.key()).isEqualTo(alert.getCustomerId());
            assertThat(r.timestamp()).as("event time").isEqualTo(alert.getAt().toEpochMilli());
            assertThat(r.headers().toArray()).as("no headers").isEmpty();
            assertThat(alert.getMapVersion()).isNotBlank();
            assertThat(alert.getRule()).startsWith("alerts." + alert.getLevel());
            if (alert.getStatus() == AlertStatus.OPENED) {
                assertThat(alert.getEvidence()).containsKeys("daysSinceLastPurchase", "purchaseDays");
                StageTransition transition = record.transition(alert.getTransitionId()).orElseThrow();
                assertThat(transition.getTo()).isEqualTo(alert.getLevel().name());
            } else {
                assertThat(alert.getAlertId()).isEqualTo(alert.getEndsAlertId() + "/ended");
            }
        });
        // Per customer, in the order it happened.
        assertThat(alerts.stream().filter(r -> r.key().equals("ann")).map(r -> r.value().getStatus() + " "
                + r.value().getLevel() + (r.value().getEndReason() == null ? "" : " " + r.value().getEndReason())))
                .containsExactly("OPENED AT_RISK", "ENDED AT_RISK SUPERSEDED", "OPENED LAPSED", "ENDED LAPSED PURCHASE");
        assertThat(alerts.stream().filter(r -> r.key().equals("bob")).map(r -> r.value().getStatus() + " "
                + r.value().getLevel())).containsExactly("OPENED AT_RISK", "ENDED AT_RISK", "OPENED LAPSED");
        assertThat(alerts.stream().filter(r -> r.key().equals("bob")).map(ConsumerRecord::value))
                .filteredOn(a -> a.getStatus() == AlertStatus.OPENED)
                .allSatisfy(a -> {
                    assertThat(a.getDoNotContact()).isTrue();
                    assertThat(a.getDoNotContactReasons()).containsExactly("UNSUBSCRIBED");
                    assertThat(a.getSuggestedAction()).isEqualTo("NO_CONTACT");
                });
    }

    private static Instant day(int day) {
        return T0.plus(Duration.ofDays(day));
    }

    private static TouchpointEvent purchase(String customerId, String orderId, Instant at) {
        return event(customerId, orderId, at, "web", new Purchase(orderId, 2_450L, "USD", 1, List.of("coffee")));
    }

    private static TouchpointEvent unsubscribe(String customerId, Instant at) {
        return event(customerId, "unsubscribe-" + customerId, at, "esp", new EmailEngagement("spring-2026", EmailAction.UNSUBSCRIBE, null, false));
    }

    private static TouchpointEvent event(String customerId, String eventId, Instant at, String channel, Object payload) {
        return TouchpointEvent.newBuilder().setEventId(customerId + "-" + eventId).setCustomerId(customerId)
                .setOccurredAt(at).setChannel(channel).setPayload(payload).build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, Serializer<TouchpointEvent> serializer,
                             TouchpointEvent event) {
        producer.send(new ProducerRecord<>(topics.touchpoints(), null, event.getOccurredAt().toEpochMilli(),
                event.getCustomerId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.touchpoints(), event)));
    }

    /** Moves every partition's stream time to {@code at}: silence is checked up to then. */
    private static void ticks(KafkaProducer<byte[], byte[]> producer, Topics topics, Instant at) {
        for (var tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), PARTITIONS, at.toEpochMilli())) {
            producer.send(tick);
        }
    }
}
