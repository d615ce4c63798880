package io.careerstream.app;

import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.pipeline.ops.BrokerProbe;
import io.careerstream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sends erasure requests; the running pipeline erases each customer in the task that owns it. */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erase customers (right to erasure): write a request per customer to the erasure-requests topic. "
                + "The pipeline deletes the customer's state, pending silence check and de-duplication memory, writes a "
                + "tombstone to customer-profiles, and publishes nothing more for the id until a touchpoint brings it back.",
                "",
                "Needs bootstrap.servers only. Exit status: 0 when every request was written; 1 when one was not "
                        + "(printed); 2 when a setting is missing or invalid."})
public final class EraseCommand implements Callable<Integer> {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--customer", required = true, paramLabel = "ID", description = "Customer id to erase (repeatable).")
    List<String> customers;

    @Override
    public Integer call() {
        Map<String, String> settings = kafka.settings();
        String bootstrap = KafkaOptions.require(settings, CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String topic = settings.getOrDefault(TopicSettings.TOPIC_ERASURE_REQUESTS, Topics.DEFAULT.erasureRequests());
        if (customers.stream().anyMatch(String::isBlank)) {
            System.err.println("--customer must not be empty. Nothing sent.");
            return 2;
        }
        Map<String, Object> producerConfig = new HashMap<>(PipelineSettings.connectionSettings(settings));
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "careerstream-erase");
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        try {
            BrokerProbe.requireReachable(producerConfig);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage() + " Nothing sent.");
            return 1;
        }
        int failed = 0;
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (String customer : customers) {
                // The value only says where the request came from: the key is the whole request.
                ProducerRecord<String, String> request = new ProducerRecord<>(topic, customer, "cli " + Instant.now());
                try {
                    RecordMetadata written = producer.send(request).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    System.out.println("erasure of " + customer + " requested (" + topic + "-" + written.partition()
                            + " offset " + written.offset() + ")");
                } catch (ExecutionException | TimeoutException e) {
                    System.err.println("erasure of " + customer + " NOT requested: " + (e.getCause() == null ? e : e.getCause()));
                    failed++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
