package io.postmesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One kustomize overlay rendered by {@code kubectl kustomize}, as the list of objects a cluster would get. */
final class Manifests {
    /** The repository root: the tests run in deploy-checks/. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The four services: Deployment names, also their Maven module directories. */
    static final List<String> SERVICES = List.of("ingress-service", "queue-service", "delivery-service",
            "bounce-service");

    private final String overlay;
    private final List<JsonNode> objects;

    private Manifests(String overlay, List<JsonNode> objects) {
        this.overlay = overlay;
        this.objects = objects;
    }

    /** Every overlay under k8s/overlays. */
    static Stream<String> overlays() {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("k8s/overlays"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.Map<String, Manifests> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The overlay rendered once per test run (the manifests do not change while tests run). */
    static synchronized Manifests render(String overlay) throws IOException, InterruptedException {
        Manifests cached = RENDERED.get(overlay);
        if (cached == null) {
            cached = renderNow(overlay);
            RENDERED.put(overlay, cached);
        }
        return cached;
    }

    private static Manifests renderNow(String overlay) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("k8s/overlays/" + overlay).toString())
                .redirectErrorStream(false)
                .start();
        byte[] out = kubectl.getInputStream().readAllBytes();
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize k8s/overlays/" + overlay + " failed: " + err);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> objects = new ArrayList<>();
        try (var docs = yaml.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        }
        return new Manifests(overlay, objects);
    }

    String overlay() {
        return overlay;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    JsonNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " named " + name));
    }

    /** The container of a service's Deployment that runs the service itself. */
    JsonNode serviceContainer(String service) {
        for (JsonNode c : named("Deployment", service).path("spec").path("template").path("spec").path("containers")) {
            if (service.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError(overlay + ": Deployment " + service + " has no container named " + service);
    }

    static String name(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }
}
