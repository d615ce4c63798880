package io.careerstream.pipeline.ops;

import io.careerstream.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least set of Kafka ACLs an installation needs, per principal, derived from its settings (the
 * topic names, the application id, the processing guarantee): what {@code careerstream acls}
 * prints, what the pipeline checks at start-up ({@link AccessCheck}) and what the secured-cluster
 * test grants, so the three cannot drift apart.
 *
 * <p>Why each grant, in short (docs/security.md has the table):
 * <ul>
 *   <li>the service reads its inputs, writes its outputs, reads back what it writes to itself
 *       (resolved touchpoints, RFM sketches), writes two of its inputs for an erasure (a copy of
 *       each request to every partition, tombstones of the erased customer's identity links), owns the topics prefixed by its application id
 *       (Kafka Streams' changelogs, created by it), its consumer group, and with exactly-once
 *       the transactional ids prefixed by its application id. It reads the settings
 *       ({@code DescribeConfigs}) of the topics its start-up check judges. No cluster permission: since Kafka 2.8 an idempotent producer needs
 *       {@code IdempotentWrite} on the cluster only when it may write no topic (KIP-679);</li>
 *   <li>a producer of touchpoints writes the touchpoints and the identity links;</li>
 *   <li>a campaign consumer reads the transitions, alerts and profiles with its own group;</li>
 *   <li>an operator runs {@code tick} (writes touchpoints, reads their settings), {@code erase}
 *       (writes erasure requests), {@code lag} (describes the service's group) and
 *       {@code model fit --publish} (writes model parameters).</li>
 * </ul>
 */
public final class AclPlan {

    /** Who holds a set of grants. */
    public enum Role {
        SERVICE("the service: careerstream run"),
        PRODUCER("a producer of touchpoints and identity links"),
        CONSUMER("a campaign consumer of the outputs"),
        OPERATOR("an operator: careerstream tick, erase, lag, model fit --publish");

        private final String description;

        Role(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** One ACL: allow {@code principal} {@code operation} on the resource, and why. */
    public record Grant(Role role, String principal, ResourceType type, String name, PatternType pattern,
                        AclOperation operation, String why) {

        /** As Kafka's Admin API takes it (any host). */
        public AclBinding binding() {
            return new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
        }

        /** "TOPIC touchpoints READ", "TOPIC careerstream (prefixed) CREATE": the resource and operation in a sentence. */
        public String describe() {
            return type + " " + name + (pattern == PatternType.PREFIXED ? " (prefixed)" : "") + " " + operation;
        }

        /** The {@code kafka-acls} command that adds it. */
        public String command() {
            String resource = switch (type) {
                case TOPIC -> "--topic " + name;
                case GROUP -> "--group " + name;
                case TRANSACTIONAL_ID -> "--transactional-id " + name;
                case CLUSTER -> "--cluster";
                default -> throw new IllegalStateException("no kafka-acls option for " + type);
            };
            return "kafka-acls.sh --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add"
                    + " --allow-principal " + principal + " --operation " + camel(operation) + " " + resource
                    + (pattern == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
        }
    }

    /** The principals, e.g. {@code User:careerstream}, and the campaign consumer's group. */
    public record Principals(String service, String producer, String consumer, String consumerGroup, String operator) {
        /** For the service's own grants, where the others do not matter (its start-up check). */
        public static final Principals SERVICE_ONLY = new Principals("User:service", "User:producer", "User:consumer",
                "consumer", "User:operator");
    }

    private final List<Grant> grants;

    private AclPlan(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    /**
     * @param exactlyOnce whether the service runs with {@code processing.guarantee=exactly_once_v2}
     *                    (then it needs its transactional ids)
     */
    public static AclPlan of(Topics topics, String applicationId, boolean exactlyOnce, Principals principals) {
        List<Grant> g = new ArrayList<>();
        Builder service = new Builder(g, Role.SERVICE, principals.service());
        String checked = "settings judged at start-up (retention, timestamps)";
        service.topic(topics.touchpoints(), AclOperation.READ, "input");
        service.topic(topics.touchpoints(), AclOperation.DESCRIBE_CONFIGS, checked);
        service.topic(topics.identityLinks(), AclOperation.READ, "input: alias to customer");
        service.topic(topics.identityLinks(), AclOperation.WRITE, "erasure: tombstones of an erased customer's links");
        service.topic(topics.identityLinks(), AclOperation.DESCRIBE_CONFIGS, checked);
        service.topic(topics.erasureRequests(), AclOperation.READ, "input: erasure requests");
        service.topic(topics.erasureRequests(), AclOperation.WRITE, "erasure: a copy of each request to every partition");
        service.topic(topics.resolvedTouchpoints(), AclOperation.READ, "the identity detour, read back");
        service.topic(topics.resolvedTouchpoints(), AclOperation.WRITE, "the identity detour");
        service.topic(topics.resolvedTouchpoints(), AclOperation.DESCRIBE_CONFIGS, checked);
        service.topic(topics.modelParameters(), AclOperation.READ, "global store: churn model parameters");
        service.topic(topics.modelParameters(), AclOperation.DESCRIBE_CONFIGS, checked);
        service.topic(topics.rfmSketches(), AclOperation.READ, "global store: RFM sketches of every task");
        service.topic(topics.rfmSketches(), AclOperation.WRITE, "each task's RFM sketches");
        service.topic(topics.rfmSketches(), AclOperation.DESCRIBE_CONFIGS, checked);
        for (String output : topics.outputs()) {
            service.topic(output, AclOperation.WRITE, output.equals(topics.deadLetters()) ? "dead letters" : "output");
            service.topic(output, AclOperation.DESCRIBE_CONFIGS, checked);
        }
        // The HTTP API's console shows the alerts as campaign tools see them: read_committed, no group.
        service.topic(topics.alerts(), AclOperation.READ, "the console's alert feed");
        String internal = "Kafka Streams' changelogs (" + applicationId + "-*-changelog), created by the service";
        service.prefixed(ResourceType.TOPIC, applicationId, AclOperation.CREATE, internal);
        service.prefixed(ResourceType.TOPIC, applicationId, AclOperation.READ, internal);
        service.prefixed(ResourceType.TOPIC, applicationId, AclOperation.WRITE, internal);
        service.prefixed(ResourceType.TOPIC, applicationId, AclOperation.DESCRIBE_CONFIGS, internal + ", validated at start");
        service.literal(ResourceType.GROUP, applicationId, AclOperation.READ, "the consumer group (application.id)");
        if (exactlyOnce) {
            service.prefixed(ResourceType.TRANSACTIONAL_ID, applicationId, AclOperation.WRITE,
                    "exactly_once_v2: one transactional id per stream thread, " + applicationId + "-<process>-<thread>");
        }

        Builder producer = new Builder(g, Role.PRODUCER, principals.producer());
        producer.topic(topics.touchpoints(), AclOperation.WRITE, "touchpoints (idempotent producer: no cluster permission needed)");
        producer.topic(topics.identityLinks(), AclOperation.WRITE, "identity links");

        Builder consumer = new Builder(g, Role.CONSUMER, principals.consumer());
        for (String output : List.of(topics.transitions(), topics.alerts(), topics.profiles())) {
            consumer.topic(output, AclOperation.READ, "output");
        }
        consumer.literal(ResourceType.GROUP, principals.consumerGroup(), AclOperation.READ, "its own consumer group");

        Builder operator = new Builder(g, Role.OPERATOR, principals.operator());
        operator.topic(topics.touchpoints(), AclOperation.WRITE, "tick");
        operator.topic(topics.touchpoints(), AclOperation.DESCRIBE_CONFIGS, "tick: the topic's timestamp limits");
        operator.topic(topics.erasureRequests(), AclOperation.WRITE, "erase");
        operator.topic(topics.modelParameters(), AclOperation.WRITE, "model fit --publish");
        operator.literal(ResourceType.GROUP, applicationId, AclOperation.DESCRIBE, "lag: the service's committed offsets");
        // lag reports every input the tasks read; WRITE implies DESCRIBE for touchpoints and erasures.
        operator.topic(topics.resolvedTouchpoints(), AclOperation.DESCRIBE, "lag: the identity detour's offsets");
        operator.topic(topics.identityLinks(), AclOperation.DESCRIBE, "lag: the identity links' offsets");
        return new AclPlan(g);
    }

    public List<Grant> grants() {
        return grants;
    }

    public List<Grant> grants(Role role) {
        return grants.stream().filter(grant -> grant.role() == role).toList();
    }

    /** Kafka's operation name as kafka-acls spells it: DESCRIBE_CONFIGS is DescribeConfigs. */
    static String camel(AclOperation operation) {
        StringBuilder out = new StringBuilder();
        for (String word : operation.name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private record Builder(List<Grant> grants, Role role, String principal) {
        void topic(String name, AclOperation operation, String why) {
            literal(ResourceType.TOPIC, name, operation, why);
        }

        void literal(ResourceType type, String name, AclOperation operation, String why) {
            grants.add(new Grant(role, principal, type, name, PatternType.LITERAL, operation, why));
        }

        void prefixed(ResourceType type, String name, AclOperation operation, String why) {
            grants.add(new Grant(role, principal, type, name, PatternType.PREFIXED, operation, why));
        }
    }
}
