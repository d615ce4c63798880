package io.careerstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API (Confluent, Karapace, Redpanda, Apicurio's
 * {@code /apis/ccompat/v7}). Why our own: Confluent's client is not reachable from our build, and
 * a serde needs only a handful of calls; {@code java.net.http} and Jackson cover them.
 *
 * <p>Schemas by id and ids by (subject, schema) are cached: they never change once registered.
 * Connection failures, timeouts and 5xx answers are retried with exponential backoff, failing
 * over between the configured URLs; 4xx answers are final and become typed exceptions.
 * TLS trusts the authorities of {@code schema.registry.ssl.truststore.location} when it is set, else
 * the JVM's default trust store.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final RegistrySettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(RegistrySettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout());
        settings.truststore().ifPresent(t -> builder.sslContext(t.sslContext()));
        this.http = builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        int id = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema)).path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        int id = send("POST", "/subjects/" + encode(subject), schemaBody(schema)).path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = parse(send("GET", "/schemas/ids/" + id, null).path("schema").asText(), "id " + id);
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null));
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                    .path("is_compatible").asBoolean();
        } catch (SchemaRegistryException.SubjectNotFound | SchemaRegistryException.VersionNotFound e) {
            return true; // nothing registered yet: anything is compatible
        }
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        try {
            return CompatibilityLevel.valueOf(send("GET", path, null).path("compatibilityLevel").asText());
        } catch (SchemaRegistryException e) {
            if (subject != null && e.status() == 404) {
                return compatibility(null); // no subject-level setting: the global one applies
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        send("PUT", subject == null ? "/config" : "/config/" + encode(subject), body);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    private RegisteredSchema registered(JsonNode node) {
        String subject = node.path("subject").asText();
        int id = node.path("id").asInt();
        Schema schema = parse(node.path("schema").asText(), "subject " + subject);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, id, node.path("version").asInt(), schema);
    }

    private ObjectNode schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString());
    }

    private Integer cachedId(String subject, Schema schema) {
        return idsBySubject.getOrDefault(subject, Map.of()).get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(200, 0, "Registry returned a schema for " + what
                    + " that is not valid Avro: " + e.getMessage());
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, JsonNode body) {
        Exception lastFailure = null;
        int lastStatus = 0;
        List<URI> urls = settings.urls();
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            URI base = urls.get(attempt % urls.size());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(settings.requestTimeout())
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            settings.authorization().ifPresent(a -> request.header("Authorization", a));
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
                }
                if (status == 401 || status == 403) {
                    throw new SchemaRegistryException.AccessDenied(status, "Schema registry " + base + " refused "
                            + (settings.authorization().isPresent() ? "the credentials" : "a request without credentials")
                            + " for " + method + " " + path + ": check " + RegistrySettings.BASIC_AUTH_USER_INFO + " or "
                            + RegistrySettings.BEARER_AUTH_TOKEN);
                }
                if (status < 500) {
                    throw error(method, base + path, status, response.body());
                }
                lastStatus = status;
                lastFailure = error(method, base + path, status, response.body());
            } catch (javax.net.ssl.SSLException e) {
                // A certificate the client does not trust, or no TLS at all: retrying changes nothing.
                throw new SchemaRegistryException.Unavailable(0, "TLS with schema registry " + base + " failed for "
                        + method + " " + path + ": " + e.getMessage() + " (" + trustHint() + ")", e);
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException.Unavailable(0, "Interrupted while calling the schema registry", e);
            }
            if (attempt < settings.maxRetries()) {
                sleep(settings.retryBackoff().toMillis() << Math.min(attempt, 10));
            }
        }
        throw new SchemaRegistryException.Unavailable(lastStatus, "Schema registry " + urls + " did not answer "
                + method + " " + path + " after " + (settings.maxRetries() + 1) + " attempts: " + lastFailure, lastFailure);
    }

    private String trustHint() {
        return settings.truststore()
                .map(t -> "the trust store " + t.location() + " (" + RegistrySettings.TRUSTSTORE_LOCATION
                        + ") must hold the certificate authority that signed the registry's certificate")
                .orElse("trusted: the JVM's default trust store only; where the registry's certificate authority is "
                        + "not in it, set " + RegistrySettings.TRUSTSTORE_LOCATION + " to a trust store that holds it");
    }

    private SchemaRegistryException error(String method, String url, int status, String body) {
        int code = 0;
        String message = body;
        try {
            JsonNode node = json.readTree(body);
            code = node.path("error_code").asInt(0);
            message = node.path("message").asText(body);
        } catch (IOException | RuntimeException e) {
            // not JSON: keep the raw body as the message
        }
        return SchemaRegistryException.of(status, code, method + " " + url + ": " + message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
