package io.careerstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaBrokerIT {

    @Test
    void committedTransactionIsVisibleToReadCommittedConsumerAndAbortedOneIsNot(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopics(List.of(new NewTopic("tx", 1, (short) 1)));
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-test");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "committed"));
            producer.commitTransaction();
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("tx"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values).containsExactly("committed");
    }

    @Test
    void aChosenPortIsListenedOnAdvertisedAndGivenToClients() throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(port).start()) {
            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            // Clients reach it on that port, and the metadata they get back (advertised.listeners) names it too.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .extracting(Node::host, Node::port).containsExactly(tuple("127.0.0.1", port));
            }
            broker.createTopics(List.of(new NewTopic("on-port", 1, (short) 1)));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    "127.0.0.1:" + port), new StringSerializer(), new StringSerializer())) {
                assertThat(producer.send(new ProducerRecord<>("on-port", "k", "v")).get(30, TimeUnit.SECONDS).offset())
                        .isZero();
            }
        }
    }

    @Test
    void aBrokerRestartedOnItsDataDirectoryKeepsItsTopicsAndRecords(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().logDir(data, false).start();
             var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(java.util.Map.<String, Object>of(
                     "bootstrap.servers", broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            broker.createTopics(List.of(new NewTopic("kept", 1, (short) 1)));
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("kept", "k", "v")).get();
        }
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.builder().logDir(data, true).start();
             var admin = again.admin()) {
            assertThat(admin.listTopics().names().get()).contains("kept");
            var end = admin.listOffsets(java.util.Map.of(new org.apache.kafka.common.TopicPartition("kept", 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
            assertThat(end.values()).singleElement().satisfies(info -> assertThat(info.offset()).isEqualTo(1));
        }
    }

    @Test
    void portZeroPicksAFreePort() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(0).start()) {
            assertThat(broker.port()).isPositive();
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        }
    }

    @Test
    void aTakenPortFailsTheStartAtOnceInsteadOfTimingOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed to start")
                    .hasMessageContaining("port " + taken.getLocalPort());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void listenerSettingsThatWouldContradictThePortAreRefused() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().settings(Map.of("listeners", "PLAINTEXT://127.0.0.1:9092")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port(int)");
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    }
}
