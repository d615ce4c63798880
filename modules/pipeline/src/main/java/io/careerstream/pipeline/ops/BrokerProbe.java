package io.careerstream.pipeline.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Asks the cluster for its nodes once, with a short timeout, before a command starts work that
 * would otherwise wait a minute per call on an address nobody answers (the clients' own timeouts)
 * and then fail with a message that does not say which setting is wrong.
 */
public final class BrokerProbe {

    /** Long enough for a broker under load, short enough for a person waiting at a prompt. */
    public static final Duration TIMEOUT = Duration.ofSeconds(8);

    private BrokerProbe() {
    }

    /**
     * @param clientSettings bootstrap.servers and the connection's security settings
     * @throws IllegalStateException naming {@code bootstrap.servers} and its value when no broker answers
     */
    public static void requireReachable(Map<String, ?> clientSettings) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        Object bootstrap = clientSettings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("No Kafka broker answered at " + bootstrap + " ("
                    + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + ") within " + TIMEOUT.toSeconds()
                    + " s: is the address right, the broker up, and security.protocol as the listener expects?", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("The Kafka cluster at " + bootstrap + " ("
                    + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + ") refused: " + cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reaching " + bootstrap, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            // An address that cannot even be resolved or parsed fails at Admin.create.
            throw new IllegalStateException("Cannot reach " + bootstrap + " ("
                    + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + "): " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }
}
