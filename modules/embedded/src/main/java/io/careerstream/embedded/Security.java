package io.careerstream.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * How a locked-down {@link EmbeddedKafkaBroker} is secured, as a production cluster is:
 * <ul>
 *   <li>clients, and the broker itself, connect to one listener with SASL_SSL: TLS with the
 *       broker's certificate, then SCRAM-SHA-512;</li>
 *   <li>the controller listener is TLS with client certificates (the broker's own, whose principal
 *       is its common name): no password travels there, and no client without the broker's key gets in;</li>
 *   <li>{@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}: a principal
 *       may do only what an ACL allows; the admin and the broker are the super users.</li>
 * </ul>
 * Users are SCRAM credentials made with Kafka's Admin API ({@link #createUser}); the admin's are
 * written at format time, as {@code kafka-storage format --add-scram} does.
 *
 * @param keystore the broker's key and certificate ({@link TestCertificates#keystore}), common name {@link #BROKER_NAME}
 * @param truststore what clients and the broker trust: the authority that signed the keystore
 */
public record Security(TestCertificates.Store keystore, TestCertificates.Store truststore, String adminUser,
                       String adminPassword) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The broker's certificate common name, which is its principal on the controller listener. */
    public static final String BROKER_NAME = "broker";
    private static final String LISTENER = "SASL_SSL";

    /** A broker secured with certificates from {@code authority}, written to its folder, and an admin with a random password. */
    public static Security withCertificates(TestCertificates authority) {
        return new Security(authority.keystore(BROKER_NAME), authority.truststore(), "admin", TestCertificates.password());
    }

    /** The client settings of {@code user}: SASL_SSL with SCRAM-SHA-512, trusting the broker's authority. */
    public Map<String, Object> clientSettings(String user, String password) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("security.protocol", LISTENER);
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", jaas(user, password));
        settings.put("ssl.truststore.location", truststore.path().toString());
        settings.put("ssl.truststore.password", truststore.password());
        settings.put("ssl.truststore.type", truststore.type());
        return settings;
    }

    /** A {@code sasl.jaas.config} value for SCRAM. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Adds (or replaces) a SCRAM-SHA-512 user, through {@code admin}, and waits until the broker confirms it. */
    public static void createUser(Admin admin, String user, String password) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create SCRAM user " + user + ": " + e, e);
        }
    }

    Map<String, String> brokerSettings(int port, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listeners", LISTENER + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", LISTENER + "://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", LISTENER + ":SASL_SSL,CONTROLLER:SSL");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(adminUser, adminPassword));
        props.put("ssl.keystore.location", keystore.path().toString());
        props.put("ssl.keystore.password", keystore.password());
        props.put("ssl.key.password", keystore.password());
        props.put("ssl.keystore.type", keystore.type());
        props.put("ssl.truststore.location", truststore.path().toString());
        props.put("ssl.truststore.password", truststore.password());
        props.put("ssl.truststore.type", truststore.type());
        props.put("listener.name.controller.ssl.client.auth", "required");
        // CN=broker is principal User:broker on the controller listener.
        props.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + adminUser + ";User:" + BROKER_NAME);
        return props;
    }

    @Override
    public String toString() {
        return "Security[keystore=" + keystore.path() + ", truststore=" + truststore.path() + ", admin=" + adminUser + "]";
    }

    /** Where the trust store is, for clients configured from a file. */
    public Path truststorePath() {
        return truststore.path();
    }
}
