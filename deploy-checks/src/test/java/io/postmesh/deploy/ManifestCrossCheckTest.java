package io.postmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.postmesh.model.Topics;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a rendered overlay promises must hold for the code it deploys: a Service that selects no pod, a
 * probe on a path the service does not serve, a topic the code writes to with no KafkaTopic, or an
 * environment variable no service reads would all fail only in a cluster, late. Each overlay is rendered
 * with {@code kubectl kustomize}, as CI and a user do.
 */
class ManifestCrossCheckTest {
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");

    static Stream<String> overlays() {
        return Manifests.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceSelectsPodsThatExposeItsTargetPorts(String overlay) throws Exception {
        Manifests m = Manifests.render(overlay);
        assertThat(m.ofKind("Service")).as("%s renders Services", overlay).isNotEmpty();
        for (JsonNode service : m.ofKind("Service")) {
            Map<String, String> selector = strings(service.path("spec").path("selector"));
            List<JsonNode> pods = m.ofKind("Deployment").stream()
                    .map(d -> d.path("spec").path("template"))
                    .filter(t -> strings(t.path("metadata").path("labels")).entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(pods).as("%s: %s selects the pods of a Deployment", overlay, Manifests.name(service))
                    .isNotEmpty();
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.path("targetPort");
                for (JsonNode pod : pods) {
                    Set<String> names = new HashSet<>();
                    Set<Integer> numbers = new HashSet<>();
                    pod.path("spec").path("containers").forEach(c -> c.path("ports").forEach(p -> {
                        names.add(p.path("name").asText());
                        numbers.add(p.path("containerPort").asInt());
                    }));
                    boolean exposed = target.isTextual() ? names.contains(target.asText())
                            : numbers.contains(target.isMissingNode() ? port.path("port").asInt() : target.asInt());
                    assertThat(exposed).as("%s: %s port %s targets a port the pods declare", overlay,
                            Manifests.name(service), port.path("name").asText()).isTrue();
                }
            }
        }
        for (JsonNode deployment : m.ofKind("Deployment")) {
            Map<String, String> match = strings(deployment.path("spec").path("selector").path("matchLabels"));
            Map<String, String> labels = strings(deployment.path("spec").path("template").path("metadata").path("labels"));
            assertThat(labels).as("%s: %s's selector matches its own pods", overlay, Manifests.name(deployment))
                    .containsAllEntriesOf(match);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesAskTheHealthEndpointsOnTheServicesHttpPort(String overlay) throws Exception {
        Manifests m = Manifests.render(overlay);
        for (String service : Manifests.SERVICES) {
            JsonNode container = m.serviceContainer(service);
            Map<String, Integer> ports = new HashMap<>();
            container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            Map<String, String> env = env(container);
            assertThat(env).as("%s: %s sets its HTTP port", overlay, service).containsKey("QUARKUS_HTTP_PORT");
            assertThat(ports.get("http")).as("%s: %s's http container port is the port Quarkus listens on",
                    overlay, service).isEqualTo(Integer.parseInt(env.get("QUARKUS_HTTP_PORT")));
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(HEALTH_PATHS).as("%s: %s %s path", overlay, service, probe)
                        .contains(get.path("path").asText());
                assertThat(ports).as("%s: %s %s port", overlay, service, probe).containsKey(get.path("port").asText());
            }
            // The health endpoints exist only with SmallRye Health in the service's build.
            String pom = Files.readString(Manifests.ROOT.resolve(service).resolve("pom.xml"));
            assertThat(pom).as("%s depends on quarkus-smallrye-health", service)
                    .contains("<artifactId>quarkus-smallrye-health</artifactId>");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicTheCodeUsesHasAKafkaTopicWithTheSameShape(String overlay) throws Exception {
        Manifests m = Manifests.render(overlay);
        Map<String, JsonNode> declared = new TreeMap<>();
        for (JsonNode topic : m.ofKind("KafkaTopic")) {
            declared.put(topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText()),
                    topic.path("spec"));
        }
        assertThat(declared.keySet()).as("%s: KafkaTopics", overlay)
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
        for (Topics.TopicSpec spec : Topics.ALL) {
            JsonNode topic = declared.get(spec.name());
            assertThat(topic.path("partitions").asInt()).as("%s: partitions of %s", overlay, spec.name())
                    .isEqualTo(spec.partitions());
            Map<String, String> config = strings(topic.path("config"));
            assertThat(config).as("%s: config of %s", overlay, spec.name()).isEqualTo(spec.configs());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyEnvironmentVariableIsAPropertyTheServiceReads(String overlay) throws Exception {
        Manifests m = Manifests.render(overlay);
        Map<String, ServiceProperties> properties = new HashMap<>();
        for (String service : Manifests.SERVICES) {
            properties.put(service, ServiceProperties.of(service));
        }
        List<String> unread = new ArrayList<>();
        for (String service : Manifests.SERVICES) {
            JsonNode container = m.serviceContainer(service);
            Map<String, String> env = env(container);
            Set<String> referenced = new HashSet<>();
            env.values().forEach(v -> {
                Matcher r = REFERENCE.matcher(v == null ? "" : v);
                while (r.find()) {
                    referenced.add(r.group(1));
                }
            });
            for (String name : env.keySet()) {
                // A variable that only feeds another one through $(NAME) is not a property itself.
                if (!referenced.contains(name) && !properties.get(service).reads(name)) {
                    unread.add(service + ": " + name);
                }
            }
        }
        // The shared ConfigMap goes to every service: each key must be read by at least one of them.
        for (JsonNode map : m.ofKind("ConfigMap")) {
            if (!map.path("metadata").path("name").asText().startsWith("postmesh-config")) {
                continue;
            }
            map.path("data").fieldNames().forEachRemaining(key -> {
                if (properties.values().stream().noneMatch(p -> p.reads(key))) {
                    unread.add("ConfigMap postmesh-config: " + key);
                }
            });
        }
        assertThat(unread).as("%s: environment variables that no service reads", overlay).isEmpty();
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("value") ? e.path("value").asText() : ""));
        return env;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText()));
        return map;
    }
}
