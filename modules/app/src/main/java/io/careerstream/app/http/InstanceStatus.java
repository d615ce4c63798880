package io.careerstream.app.http;

import io.careerstream.pipeline.CareerPipeline;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What {@code GET /status} answers: this instance's state, its stream threads and the tasks each
 * runs (active and standby), and the instances of the group as this one sees them. {@code
 * ./careerstream status} asks every instance for it.
 *
 * @param mapVersion        the version of the career map this instance runs
 * @param applicationServer this instance's address for the others; null for a single instance
 * @param instances every instance with an {@code application.server}, and the input partitions it owns
 */
public record InstanceStatus(String state, String mapVersion, String applicationServer, boolean failed,
                             List<ThreadStatus> threads,
                             List<Member> instances) {

    /** One stream thread. */
    public record ThreadStatus(String name, String state, List<TaskStatus> activeTasks, List<TaskStatus> standbyTasks) {
    }

    /** One task and the partitions it reads. */
    public record TaskStatus(String id, List<String> partitions) {
    }

    /** One instance of the group. */
    public record Member(String applicationServer, List<String> activePartitions, List<String> standbyPartitions) {
    }

    static InstanceStatus of(CareerPipeline pipeline, HostInfo self) {
        KafkaStreams streams = pipeline.streams();
        List<ThreadStatus> threads = streams.metadataForLocalThreads().stream()
                .sorted(Comparator.comparing(ThreadMetadata::threadName))
                .map(t -> new ThreadStatus(t.threadName(), t.threadState(), tasks(t.activeTasks()), tasks(t.standbyTasks())))
                .toList();
        List<Member> members = self == null ? List.of() : streams.metadataForAllStreamsClients().stream()
                .map(m -> new Member(address(m.hostInfo()), partitions(m.topicPartitions()),
                        partitions(m.standbyTopicPartitions())))
                .sorted(Comparator.comparing(Member::applicationServer))
                .toList();
        return new InstanceStatus(streams.state().name(), pipeline.careerMap().version(),
                self == null ? null : address(self), pipeline.failure().isDone(), threads, members);
    }

    private static List<TaskStatus> tasks(Set<TaskMetadata> tasks) {
        return tasks.stream()
                .map(t -> new TaskStatus(t.taskId().toString(), partitions(t.topicPartitions())))
                .sorted(Comparator.comparing(TaskStatus::id))
                .toList();
    }

    private static List<String> partitions(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).sorted().toList();
    }

    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
