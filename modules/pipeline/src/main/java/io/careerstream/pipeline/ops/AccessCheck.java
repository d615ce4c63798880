package io.careerstream.pipeline.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Asks the cluster, before the pipeline starts, whether the service may do everything its
 * {@link AclPlan} says it needs, and names every permission it lacks. Without it a missing ACL shows
 * up only once a stream thread meets it: a consumer that cannot read waits and retries, a producer
 * that cannot write fails a task after its timeouts, and the error names a client, not the ACL.
 *
 * <p>Asked, not read from the ACLs (which the service may not describe): the broker reports the
 * operations the caller is allowed on each topic and group ({@code includeAuthorizedOperations});
 * {@code CREATE} on the application id's prefix is asked with a create that only validates, and
 * the transactional ids with a describe of one under the prefix (refused without {@code WRITE},
 * which implies {@code DESCRIBE}; "not found" when allowed). On a broker without an authorizer every
 * operation is allowed, and nothing is reported.
 */
public final class AccessCheck {

    /** A permission the cluster does not give, in the plan's words. */
    public record Missing(AclPlan.Grant grant) {
        @Override
        public String toString() {
            return grant.describe() + " (" + grant.why() + ")";
        }
    }

    private final Admin admin;
    private final Duration timeout;

    public AccessCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The service's grants of {@code plan} the cluster does not give; empty when all is well. */
    public List<Missing> check(AclPlan plan) throws InterruptedException, ExecutionException, TimeoutException {
        List<AclPlan.Grant> grants = plan.grants(AclPlan.Role.SERVICE);
        List<Missing> missing = new ArrayList<>();
        Map<String, Set<AclOperation>> topics = topicOperations(grants.stream()
                .filter(g -> g.type() == ResourceType.TOPIC && g.pattern() == PatternType.LITERAL)
                .map(AclPlan.Grant::name).toList());
        Map<String, Set<AclOperation>> groups = new HashMap<>();
        for (AclPlan.Grant grant : grants) {
            boolean allowed = switch (grant.type()) {
                case TOPIC -> grant.pattern() == PatternType.LITERAL
                        ? literalTopicAllowed(grant, topics.get(grant.name()))
                        : prefixedTopicAllowed(grant);
                case GROUP -> implied(groups.computeIfAbsent(grant.name(), this::groupOperations), grant.operation());
                case TRANSACTIONAL_ID -> transactionalIdAllowed(grant.name());
                default -> true;
            };
            if (!allowed) {
                missing.add(new Missing(grant));
            }
        }
        return missing;
    }

    /** Whether {@code operation} is among {@code allowed}, or implied by one of them as Kafka's authorizer implies. */
    static boolean implied(Set<AclOperation> allowed, AclOperation operation) {
        if (allowed.contains(operation) || allowed.contains(AclOperation.ALL)) {
            return true;
        }
        return switch (operation) {
            case DESCRIBE -> allowed.contains(AclOperation.READ) || allowed.contains(AclOperation.WRITE)
                    || allowed.contains(AclOperation.DELETE) || allowed.contains(AclOperation.ALTER);
            case DESCRIBE_CONFIGS -> allowed.contains(AclOperation.ALTER_CONFIGS);
            default -> false;
        };
    }

    /**
     * A topic the broker would not describe ({@code operations} null: no DESCRIBE, which READ and
     * WRITE imply) may still allow DescribeConfigs, which implies nothing: that one is asked directly.
     */
    private boolean literalTopicAllowed(AclPlan.Grant grant, Set<AclOperation> operations)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (operations != null) {
            return implied(operations, grant.operation());
        }
        if (grant.operation() != AclOperation.DESCRIBE_CONFIGS) {
            return false;
        }
        try {
            admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, grant.name()))).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                return false;
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return true; // missing, not forbidden: the topic check names it
            }
            throw e;
        }
    }

    /** The operations allowed on each topic; a topic the broker would not describe is left out. */
    private Map<String, Set<AclOperation>> topicOperations(Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Set<AclOperation>> operations = new HashMap<>();
        var described = admin.describeTopics(new LinkedHashSet<>(names),
                new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
        for (var entry : described.entrySet()) {
            try {
                TopicDescription description = entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                operations.put(entry.getKey(), description.authorizedOperations() == null ? Set.of()
                        : description.authorizedOperations());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    // Missing, not forbidden: the topic check that follows names it; nothing to ask here.
                    operations.put(entry.getKey(), Set.of(AclOperation.ALL));
                } else if (!(e.getCause() instanceof TopicAuthorizationException)) {
                    throw e;
                }
                // Forbidden even to describe: left out, see literalTopicAllowed.
            }
        }
        return operations;
    }

    /**
     * A prefixed topic grant: {@code CREATE} asked with a create that only validates a name under
     * the prefix; the others on the existing topics under the prefix (Kafka Streams' changelogs), when
     * there are any yet.
     */
    private boolean prefixedTopicAllowed(AclPlan.Grant grant) throws InterruptedException, ExecutionException, TimeoutException {
        if (grant.operation() == AclOperation.CREATE) {
            NewTopic probe = new NewTopic(grant.name() + "-careerstream-access-check-changelog", 1, (short) -1);
            try {
                admin.createTopics(List.of(probe), new CreateTopicsOptions().validateOnly(true)).all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    return false;
                }
                if (e.getCause() instanceof TopicExistsException) {
                    return true;
                }
                throw e;
            }
        }
        List<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(name -> name.startsWith(grant.name() + "-")).toList();
        if (existing.isEmpty()) {
            return true; // nothing to ask yet: Kafka Streams creates them, with the CREATE checked above
        }
        Map<String, Set<AclOperation>> operations = topicOperations(existing);
        return existing.stream().allMatch(name -> operations.containsKey(name)
                && implied(operations.get(name), grant.operation()));
    }

    private Set<AclOperation> groupOperations(String group) {
        try {
            var description = admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).describedGroups().get(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return description.authorizedOperations() == null ? Set.of() : description.authorizedOperations();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                return Set.of();
            }
            if (e.getCause() instanceof GroupIdNotFoundException) {
                // A group not formed yet (the first start): the broker authorized the describe (else it would
                // have refused), and tells nothing more; joining it asks READ, as the plan's grant gives.
                return Set.of(AclOperation.ALL);
            }
            throw new IllegalStateException("Cannot describe consumer group " + group + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Describing consumer group " + group + " took longer than " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing consumer group " + group, e);
        }
    }

    private boolean transactionalIdAllowed(String prefix) throws InterruptedException, ExecutionException, TimeoutException {
        String probe = prefix + "-careerstream-access-check";
        try {
            admin.describeTransactions(List.of(probe)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdAuthorizationException) {
                return false;
            }
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return true;
            }
            throw e;
        }
    }
}
