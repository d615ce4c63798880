package io.careerstream.app.deploy;

import io.careerstream.app.http.HttpSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.careerstream.app.CareerstreamCli;
import io.careerstream.app.KafkaOptions;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deploy files, checked without Docker or Kubernetes (neither runs here): they parse, every
 * setting they hand Careerstream is one it accepts, every command they run is one the CLI parses,
 * and the pieces refer to each other by the right names. The dashboard's metrics are checked
 * against a real scrape in CareerstreamApiIT.
 */
class DeployFilesTest {

    static final Path DEPLOY = Path.of("..", "..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String IMAGE = "careerstream:";

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(DEPLOY)) {
            files = all.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path file : files) {
            assertThat(documents(file)).as(file.toString()).isNotEmpty().allSatisfy(doc -> assertThat(doc.isObject()).isTrue());
        }
    }

    @Test
    void composeGivesCareerstreamOnlySettingsItAcceptsAndCommandsItKnows() throws IOException {
        JsonNode services = documents(DEPLOY.resolve("docker-compose.yml")).get(0).path("services");
        List<String> careerstream = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            if (!service.getValue().path("image").asText().startsWith(IMAGE)) {
                return;
            }
            careerstream.add(service.getKey());
            assertSettingsAccepted(service.getKey(), environment(service.getValue().path("environment")));
            assertCommandParses(service.getKey(), strings(service.getValue().path("command")));
            service.getValue().path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(DEPLOY.resolve(source)).as(service.getKey() + " mounts " + source).exists();
                }
            });
        });
        assertThat(careerstream).contains("careerstream-1", "careerstream-2", "schemas", "topics");
        // The instances start once the topics exist and the contracts are registered, not merely started.
        for (String instance : List.of("careerstream-1", "careerstream-2")) {
            for (String oneShot : List.of("topics", "schemas")) {
                assertThat(services.path(instance).path("depends_on").path(oneShot).path("condition").asText())
                        .as(instance + " waits for " + oneShot).isEqualTo("service_completed_successfully");
            }
        }
        // Kafka is reachable from the host.
        assertThat(strings(services.path("kafka").path("ports"))).contains("29092:29092");
        assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("localhost:29092");
        assertThat(documents(DEPLOY.resolve("docker-compose.yml")).get(0).has("name"))
                .as("no top-level name: (docker-compose 1.29, which checks the file in CI, predates it)").isFalse();
        // Each instance publishes its own address; Prometheus scrapes exactly those.
        JsonNode prometheus = documents(DEPLOY.resolve("prometheus/prometheus.yml")).get(0);
        List<String> targets = strings(prometheus.path("scrape_configs").get(0).path("static_configs").get(0).path("targets"));
        for (String instance : List.of("careerstream-1", "careerstream-2")) {
            String server = services.path(instance).path("environment").path("CAREERSTREAM_APPLICATION_SERVER").asText();
            assertThat(server).isEqualTo(instance + ":8080");
            assertThat(targets).contains(server);
        }
        assertThat(prometheus.path("scrape_configs").get(0).path("metrics_path").asText()).isEqualTo("/metrics");
    }

    @Test
    void theConfigurationFilesAreValidConfigurations() throws IOException {
        Properties example = new Properties();
        example.load(new StringReader(Files.readString(DEPLOY.resolve("careerstream.properties"))));
        assertValidConfiguration("deploy/careerstream.properties", example);

        JsonNode configMap = documents(DEPLOY.resolve("k8s/base/configmap.yaml")).get(0);
        Properties k8s = new Properties();
        k8s.load(new StringReader(configMap.path("data").path("careerstream.properties").asText()));
        assertValidConfiguration("k8s/base/configmap.yaml", k8s);
        assertThat(k8s.getProperty("num.standby.replicas")).isEqualTo("1");
    }

    @Test
    void theStatefulSetFitsTheServicesTheConfigMapTheSecretAndTheApi() throws IOException {
        JsonNode set = documents(DEPLOY.resolve("k8s/base/statefulset.yaml")).get(0);
        JsonNode pod = set.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).as("the overlay names registry and tag").isEqualTo("careerstream");
        List<String> args = strings(container.path("args"));
        assertCommandParses("statefulset", args);

        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText("(from a reference)")));
        assertSettingsAccepted("statefulset", env);
        assertThat(env).containsKey("CAREERSTREAM_APPLICATION_SERVER");

        // --config points into the ConfigMap's mount.
        String configFile = args.get(args.indexOf("--config") + 1);
        JsonNode configMount = find(container.path("volumeMounts"), "name", "config");
        assertThat(configFile).isEqualTo(configMount.path("mountPath").asText() + "/careerstream.properties");
        assertThat(find(pod.path("spec").path("volumes"), "name", "config").path("configMap").path("name").asText())
                .isEqualTo(documents(DEPLOY.resolve("k8s/base/configmap.yaml")).get(0).path("metadata").path("name").asText());
        // State on the volume claim, where state.dir says.
        Properties k8s = new Properties();
        k8s.load(new StringReader(documents(DEPLOY.resolve("k8s/base/configmap.yaml")).get(0).path("data")
                .path("careerstream.properties").asText()));
        assertThat(find(container.path("volumeMounts"), "name", "state").path("mountPath").asText())
                .isEqualTo(k8s.getProperty("state.dir"));
        assertThat(set.path("spec").path("volumeClaimTemplates").get(0).path("metadata").path("name").asText()).isEqualTo("state");

        // The token comes from the Secret, under the key the example Secret has.
        JsonNode tokenRef = find(container.path("env"), "name", "CAREERSTREAM_CAREERSTREAM_HTTP_TOKEN")
                .path("valueFrom").path("secretKeyRef");
        JsonNode secret = documents(DEPLOY.resolve("k8s/secret.example.yaml")).get(0);
        assertThat(tokenRef.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(secret.path("stringData").has(tokenRef.path("key").asText())).isTrue();

        // Probes and scraping on the API's endpoints and port.
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/path").asText()).isEqualTo("/metrics");
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText())
                .isEqualTo(k8s.getProperty("careerstream.http.port"));

        // The headless Service is the StatefulSet's, and it and the budget select these pods.
        String podName = pod.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
        List<JsonNode> services = documents(DEPLOY.resolve("k8s/base/services.yaml"));
        JsonNode headless = services.stream().filter(s -> "None".equals(s.path("spec").path("clusterIP").asText()))
                .findFirst().orElseThrow();
        assertThat(headless.path("metadata").path("name").asText()).isEqualTo(set.path("spec").path("serviceName").asText());
        assertThat(env.get("CAREERSTREAM_APPLICATION_SERVER")).contains("." + headless.path("metadata").path("name").asText() + ".");
        for (JsonNode service : services) {
            assertThat(service.path("spec").path("selector").path("app.kubernetes.io/name").asText()).isEqualTo(podName);
        }
        JsonNode budget = documents(DEPLOY.resolve("k8s/base/poddisruptionbudget.yaml")).get(0);
        assertThat(budget.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .isEqualTo(podName);
    }

    @Test
    void grafanaIsProvisionedWithTheDashboardFromThePrometheusDataSource() throws IOException {
        JsonNode dataSource = documents(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml")).get(0)
                .path("datasources").get(0);
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/careerstream.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(dataSource.path("uid").asText())));
        assertThat(DocumentedMetrics.dashboard()).contains("careerstream_touchpoints_total", "careerstream_input_lag_records",
                "careerstream_event_to_output_seconds_bucket", "careerstream_punctuation_seconds_bucket",
                "careerstream_churn_alerts_total", "careerstream_dead_letters_total");
    }

    private static void assertSettingsAccepted(String where, Map<String, String> environment) {
        Map<String, String> settings = KafkaOptions.fromEnvironment(environment);
        assertThat(settings).as(where + " passes settings").isNotEmpty();
        settings.keySet().forEach(key -> assertThat(CareerstreamConfig.isKnownKey(key, HttpSettings.KEYS))
                .as(where + ": " + key + " is not a setting Careerstream accepts").isTrue());
    }

    private static void assertValidConfiguration(String where, Properties properties) {
        properties.stringPropertyNames().forEach(key -> assertThat(CareerstreamConfig.isKnownKey(key, HttpSettings.KEYS))
                .as(where + ": " + key + " is not a setting Careerstream accepts").isTrue());
        assertThatCode(() -> new CareerstreamConfig(properties, HttpSettings.KEYS)).as(where).doesNotThrowAnyException();
    }

    static void assertCommandParses(String where, List<String> args) {
        assertThatCode(() -> CareerstreamCli.commandLine(Map::of).parseArgs(args.toArray(String[]::new)))
                .as(where + " runs `careerstream " + String.join(" ", args) + "`").doesNotThrowAnyException();
        assertThat(Set.of("run", "schemas", "topics")).as(where).contains(args.get(0));
    }

    private static Map<String, String> environment(JsonNode node) {
        Map<String, String> env = new HashMap<>();
        node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + array);
    }

    static List<JsonNode> documents(Path file) throws IOException {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        }
    }
}
