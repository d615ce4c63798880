package io.careerstream.app;

import io.careerstream.pipeline.config.LocalSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ./careerstream erase --customer ID} against a running pipeline on a real broker: afterwards
 * the store holds nothing for the customer, and the latest record of the customer's key in the
 * state changelog and in the profiles topic is a tombstone.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class EraseCommandIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final String APP = "erase-it";

    @Test
    void anErasedCustomerIsGoneFromTheStoreTheChangelogsAndTheProfiles(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT;
        broker.createTopics(topics.newTopics(2));
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics, APP,
                Files.createTempDirectory("erase-it-"), "mock://erase-it-" + UUID.randomUUID());
        CareerstreamConfig config = new CareerstreamConfig(settings);
        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2))) {
            var serializer = config.careerTopics().touchpoints().valueSerializer();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                int n = 0;
                for (String customer : List.of("gone", "stays")) {
                    for (int week = 0; week < 3; week++) {
                        Instant at = T0.plus(Duration.ofDays(7L * week));
                        TouchpointEvent e = TouchpointEvent.newBuilder().setEventId("e" + n).setCustomerId(customer)
                                .setOccurredAt(at).setChannel("pos")
                                .setPayload(new Purchase("o" + n++, 1000L, "USD", 1, List.of())).build();
                        producer.send(new ProducerRecord<>(topics.touchpoints(), null, at.toEpochMilli(), bytes(customer),
                                serializer.serialize(topics.touchpoints(), e))).get();
                    }
                }
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> lastValues(broker, topics.profiles()).size() == 2);
            // The timer index is rebuilt from the states, never logged: its keys (due time + customer
            // id) reach no topic that an erasure would have to clean.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains(APP + "-" + CareerTopology.CUSTOMER_STATE_STORE
                        + "-changelog").doesNotContain(APP + "-" + CareerTopology.CHURN_TIMER_STORE + "-changelog");
            }

            CliRun erase = CliRun.of("erase", "-b", broker.bootstrapServers(), "--customer", "gone");
            assertThat(erase.exit()).as(erase.err()).isZero();
            assertThat(erase.out()).contains("erasure of gone requested");

            await().atMost(Duration.ofSeconds(120)).until(() -> {
                Map<String, byte[]> profiles = lastValues(broker, topics.profiles());
                return profiles.containsKey("gone") && profiles.get("gone") == null;
            });
            var store = pipeline.streams().store(StoreQueryParameters.fromNameAndType(CareerTopology.CUSTOMER_STATE_STORE,
                    QueryableStoreTypes.<String, CustomerState>keyValueStore()));
            assertThat(store.get("gone")).isNull();
            assertThat(store.get("stays")).isNotNull();
            for (String topic : List.of(topics.profiles(), APP + "-" + CareerTopology.CUSTOMER_STATE_STORE + "-changelog")) {
                Map<String, byte[]> latest = lastValues(broker, topic);
                List<String> ofGone = latest.keySet().stream().filter(k -> k.endsWith("gone")).toList();
                assertThat(ofGone).as(topic).isNotEmpty();
                ofGone.forEach(k -> assertThat(latest.get(k)).as(topic + " " + k + " ends in a tombstone").isNull());
                assertThat(latest.entrySet()).as(topic + ": the customer who stays keeps a value")
                        .anySatisfy(e -> assertThat(e.getKey()).endsWith("stays"));
            }
        }
    }

    /** The latest value per key (key as text; null for a tombstone), committed records only. */
    private static Map<String, byte[]> lastValues(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, byte[]> latest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
                }
            }
        }
        return latest;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
