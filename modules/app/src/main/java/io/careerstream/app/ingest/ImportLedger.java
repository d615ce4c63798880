package io.careerstream.app.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What has been imported already, so that importing the same file again sends nothing: the
 * pipeline counts a resent event once only within its de-duplication window, and dead-letters an
 * older one as LATE, so a re-import of history must not reach it at all.
 *
 * <p>Each finished import is one record on a small compacted topic: key, the SHA-256 of the
 * mapping, the touchpoints topic and every byte of the file; value, how many bytes and lines that
 * was. Before an import, the file's prefixes at those lengths are hashed: a file imported before
 * is skipped whole, and a file that grew (the next day's export, with the old rows at its start)
 * only sends the rows after the imported part. A file changed anywhere inside the imported part
 * matches nothing and is sent again (the pipeline's de-duplication then applies).
 */
public final class ImportLedger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** One finished import: the file's first {@code bytes} bytes, its first {@code lines} lines. */
    public record Entry(long bytes, long lines, String file, String importedAt, long sent, long rejected) {
    }

    /** How much of a file was imported before: every row on a line up to {@code throughLine}. */
    public record Imported(long throughLine, Entry entry) {
        public static final Imported NOTHING = new Imported(0, null);

        public boolean whole() {
            return throughLine == Long.MAX_VALUE;
        }
    }

    private final Map<String, Object> client;
    private final String topic;
    private final Map<String, Entry> entries;

    ImportLedger(Map<String, Object> client, String topic, Map<String, Entry> entries) {
        this.client = client;
        this.topic = topic;
        this.entries = entries;
    }

    /**
     * Reads the ledger on {@code topic}, created (compacted, one partition) when it does not exist.
     *
     * @param client bootstrap.servers and the connection settings
     */
    public static ImportLedger load(Map<String, Object> client, String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "careerstream-import-ledger-" + UUID.randomUUID());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Entry> entries = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the import ledger " + topic + " could not be read to its end in " + TIMEOUT);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        entries.remove(r.key());
                    } else {
                        entries.put(r.key(), JSON.readValue(r.value(), Entry.class));
                    }
                }
            }
        }
        return new ImportLedger(client, topic, entries);
    }

    /** The ledger's key of a mapping and a touchpoints topic: what the file's bytes are hashed after. */
    public static byte[] seed(String touchpointsTopic, byte[] mapping) {
        MessageDigest seed = sha256();
        seed.update(touchpointsTopic.getBytes(StandardCharsets.UTF_8));
        seed.update((byte) 0);
        seed.update(mapping);
        return seed.digest();
    }

    /** A digest of {@code seed} and then whatever it is given: the key of a file read to its end. */
    public static MessageDigest digest(byte[] seed) {
        MessageDigest digest = sha256();
        digest.update(seed);
        return digest;
    }

    /** How much of {@code file} was imported before, under {@code seed}; {@link Imported#NOTHING} for none. */
    public Imported imported(Path file, byte[] seed) throws IOException {
        long size = Files.size(file);
        TreeSet<Long> lengths = new TreeSet<>();
        entries.values().forEach(e -> {
            if (e.bytes() <= size) {
                lengths.add(e.bytes());
            }
        });
        if (lengths.isEmpty()) {
            return Imported.NOTHING;
        }
        Imported best = Imported.NOTHING;
        MessageDigest digest = digest(seed);
        byte[] buffer = new byte[1 << 16];
        long position = 0;
        long lines = 0;
        byte last = '\n';
        try (InputStream in = Files.newInputStream(file)) {
            for (long length : lengths) {
                while (position < length) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - position));
                    if (n < 0) {
                        return best;
                    }
                    digest.update(buffer, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                    last = buffer[n - 1];
                    position += n;
                }
                Entry entry = entries.get(hex(clone(digest).digest()));
                // A prefix counts where it ended a line: a last line without its line break may have
                // grown since, and is then a different row.
                if (entry != null && entry.bytes() == length && (length == size || last == '\n')) {
                    best = new Imported(length == size ? Long.MAX_VALUE : lines, entry);
                }
            }
        }
        return best;
    }

    /** Records a finished import of the file whose bytes gave {@code digest}; returns once the broker has it. */
    public void record(MessageDigest digest, Entry entry) throws Exception {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, hex(digest.digest()), JSON.writeValueAsString(entry)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A finished import's entry, with the time it finished. */
    public static Entry entry(long bytes, long lines, Path file, long sent, long rejected) {
        return new Entry(bytes, lines, file.getFileName().toString(), Instant.now().toString(), sent, rejected);
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of the JDK can be cloned", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every Java runtime", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
