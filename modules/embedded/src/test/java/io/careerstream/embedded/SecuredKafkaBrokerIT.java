package io.careerstream.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The locked-down broker lets in only who authenticates, and lets them do only what an ACL allows. */
class SecuredKafkaBrokerIT {

    @Test
    void onlyAuthenticatedPrincipalsWithAnAclMayWrite() throws Exception {
        Path dir = Files.createTempDirectory("secured-broker-it-");
        Security security = Security.withCertificates(TestCertificates.authority(dir.resolve("tls")));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secured(security).start();
             Admin admin = broker.admin()) {
            broker.createTopics(List.of(new NewTopic("t", 1, (short) 1)));
            Security.createUser(admin, "alice", "alice-secret");

            // No ACL: denied, although authenticated.
            assertThatThrownBy(() -> send(broker, security, "alice", "alice-secret"))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "t", PatternType.LITERAL),
                    new AccessControlEntry("User:alice", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> send(broker, security, "alice", "alice-secret"));
            // A wrong password is refused at authentication.
            assertThatThrownBy(() -> send(broker, security, "alice", "wrong"))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void plaintextClientsAreNotServed() throws Exception {
        Path dir = Files.createTempDirectory("secured-broker-it-");
        Security security = Security.withCertificates(TestCertificates.authority(dir.resolve("tls")));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secured(security).start();
             Admin plain = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            assertThatThrownBy(() -> plain.listTopics().names().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }

    private static void send(EmbeddedKafkaBroker broker, Security security, String user, String password) throws Exception {
        Map<String, Object> config = new HashMap<>(security.clientSettings(user, password));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", "k", "v")).get(20, TimeUnit.SECONDS);
        }
    }
}
