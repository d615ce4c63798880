package io.careerstream.pipeline.ops;

import io.careerstream.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics of an installation that do not exist yet, each with its partitioning and
 * retention ({@link Topics#specs}); existing topics are left as they are (the pipeline's start-up
 * check says whether their settings would lose data). Safe to run again and again.
 */
public final class TopicCreation {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicCreation() {
    }

    /**
     * @param replicationFactor empty: the cluster's default
     * @return the names of the topics created
     */
    public static List<String> createMissing(Admin admin, Topics topics, int partitions, Optional<Short> replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = topics.specs(partitions).stream()
                .filter(spec -> !existing.contains(spec.name()))
                .map(spec -> new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor).configs(spec.configs()))
                .toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return missing.stream().map(NewTopic::name).toList();
    }
}
