package io.careerstream.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The other instances of the installation, asked for their own share of a figure
 * ({@code PATH?scope=local}) so that any instance answers for the whole installation: counts per
 * stage and track, lift, the console's flows, trends and operations. The caller's Authorization is
 * passed on (those endpoints may be behind the token), in the instances' own scheme.
 */
public final class OtherInstances {

    public static final String LOCAL = "local";
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** An instance that did not answer, or not with 200: the caller answers 503 and the client asks again. */
    public static final class NotAnswering extends Exception {
        private final HostInfo instance;
        private final boolean unreachable;

        NotAnswering(HostInfo instance, boolean unreachable, String message, Throwable cause) {
            super(message, cause);
            this.instance = instance;
            this.unreachable = unreachable;
        }

        /** The instance that did not answer. */
        public HostInfo instance() {
            return instance;
        }

        /** True when it could not be reached at all (it may be gone: its partitions move), false when it answered an error. */
        public boolean unreachable() {
            return unreachable;
        }
    }

    private final String scheme;

    /** @param scheme {@code http://} or {@code https://}, as this instance serves */
    public OtherInstances(String scheme) {
        this.scheme = scheme;
    }

    /** Whether a request asks for this instance's share only. */
    public static boolean localOnly(String scope) {
        return LOCAL.equals(scope);
    }

    /** Every other instance's answer to {@code path?scope=local}; none for a single instance ({@code self} null). */
    public List<JsonNode> others(KafkaStreams streams, HostInfo self, String path, String authorization) throws NotAnswering {
        List<JsonNode> answers = new ArrayList<>();
        if (self == null) {
            return answers;
        }
        for (var client : streams.metadataForAllStreamsClients()) {
            HostInfo host = client.hostInfo();
            if (host.equals(self)) {
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + host.host() + ":" + host.port()
                    + path + "?scope=" + LOCAL)).timeout(Duration.ofSeconds(5));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new NotAnswering(host, false, "instance " + host.host() + ":" + host.port() + " answered "
                            + answer.statusCode(), null);
                }
                answers.add(JSON.readTree(answer.body()));
            } catch (IOException e) {
                throw new NotAnswering(host, true, "instance " + host.host() + ":" + host.port() + " does not answer ("
                        + e.getMessage() + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotAnswering(host, false, "interrupted while asking " + host.host() + ":" + host.port(), e);
            }
        }
        return answers;
    }
}
