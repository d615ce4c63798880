package io.careerstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes installation as the cluster would receive it: the example overlay rendered by
 * Kustomize (kubectl's own), every object read against the Kubernetes API's types (the fabric8
 * model) with no field the API does not know, and the pieces fitting together: the setup Job
 * creates the topics and registers the schemas, the image names a registry, the example Secret is
 * not applied, and the pods keep state on a volume, are ready on /health/ready and have a standby.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<?>> TYPES = Map.of("ConfigMap", ConfigMap.class, "Service", Service.class,
            "StatefulSet", StatefulSet.class, "Job", Job.class, "PodDisruptionBudget", PodDisruptionBudget.class);

    @Test
    void theExampleOverlayRendersToObjectsTheKubernetesApiKnowsAndThatFitTogether() throws Exception {
        List<Object> objects = new ArrayList<>();
        for (JsonNode doc : render()) {
            Class<?> type = TYPES.get(doc.path("kind").asText());
            assertThat(type).as("a kind this installation is expected to have: " + doc.path("kind")).isNotNull();
            Object object = JSON.treeToValue(doc, type);
            assertThat(unknownFields(object, doc.path("kind").asText())).as("fields the Kubernetes API does not know").isEmpty();
            objects.add(object);
        }
        assertThat(objects).extracting(o -> o.getClass().getSimpleName())
                .contains("ConfigMap", "Service", "StatefulSet", "Job", "PodDisruptionBudget")
                .doesNotContain("Secret");

        StatefulSet set = only(objects, StatefulSet.class);
        Job setup = only(objects, Job.class);
        ConfigMap config = only(objects, ConfigMap.class);
        Container service = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(service.getImage()).as("the image names its registry").contains("/").endsWith(":0.1.0");
        assertThat(service.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(set.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName()).contains("state");

        List<Container> steps = new ArrayList<>(setup.getSpec().getTemplate().getSpec().getInitContainers());
        steps.addAll(setup.getSpec().getTemplate().getSpec().getContainers());
        assertThat(steps).extracting(c -> String.join(" ", c.getArgs().subList(0, 2)))
                .containsExactly("topics create", "schemas register");
        steps.forEach(c -> {
            DeployFilesTest.assertCommandParses("the setup Job's " + c.getName(), c.getArgs());
            assertThat(c.getImage()).isEqualTo(service.getImage());
        });

        Properties settings = new Properties();
        settings.load(new StringReader(config.getData().get("careerstream.properties")));
        assertThat(settings.getProperty("num.standby.replicas")).isEqualTo("1");
        assertThat(settings.getProperty("auto.register.schemas")).isEqualTo("false");
        assertThat(objects).allSatisfy(o -> assertThat(((io.fabric8.kubernetes.api.model.HasMetadata) o).getMetadata()
                .getNamespace()).isEqualTo("careerstream"));
    }

    @Test
    void aFieldTheApiDoesNotKnowIsCaught() throws Exception {
        String misspelt = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata:
                  name: x
                spec:
                  serviceName: x
                  replica: 2
                  selector:
                    matchLabels: {a: b}
                  template:
                    metadata:
                      labels: {a: b}
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinessProbes: {}
                """;
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(misspelt);
        assertThat(unknownFields(JSON.treeToValue(doc, StatefulSet.class), "StatefulSet"))
                .containsExactlyInAnyOrder("StatefulSet.spec: replica", "StatefulSet.spec.template.spec.containers[0]: readinessProbes");
    }

    private static List<JsonNode> render() throws Exception {
        ExternalTool kubectl = ExternalTool.require("kubectl", "kubernetes-client");
        ExternalTool.Result rendered = kubectl.run(DeployFilesTest.DEPLOY.resolve("k8s"), "kustomize", "overlays/example");
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        List<JsonNode> docs = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(rendered.output())) {
            yaml.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    /**
     * Every field that landed in a model object's {@code additionalProperties} (the fabric8 model's
     * catch-all for what its type does not declare), with where it is.
     */
    static List<String> unknownFields(Object root, String name) {
        List<String> found = new ArrayList<>();
        walk(root, name, found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object o, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || Modifier.isStatic(m.getModifiers())
                    || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(k -> found.add(path + ": " + k));
            } else {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                walk(value, path + "." + field, found, seen);
            }
        }
    }

    private static <T> T only(List<Object> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }
}
