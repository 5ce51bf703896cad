package io.postmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's image (src/main/docker/Dockerfile.jvm) agrees with the Deployment that runs it: the same
 * non-root user, every container port exposed, the image name the manifests pull.
 */
class ImageTest {
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$");
    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(.+)$");

    static List<String> services() {
        return Manifests.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void theImageRunsAsTheDeploymentsNonRootUserAndExposesItsPorts(String service) throws Exception {
        Path dockerfile = Manifests.ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm");
        assertThat(dockerfile).as("%s has an image definition", service).exists();
        String text = Files.readString(dockerfile);

        Matcher user = USER.matcher(text);
        assertThat(user.find()).as("%s's image sets a numeric USER", service).isTrue();
        int uid = Integer.parseInt(user.group(1));
        assertThat(uid).as("%s's image user", service).isNotZero();

        Set<Integer> exposed = new HashSet<>();
        Matcher expose = EXPOSE.matcher(text);
        while (expose.find()) {
            for (String port : expose.group(1).trim().split("\\s+")) {
                exposed.add(Integer.parseInt(port.replace("/tcp", "")));
            }
        }
        for (String overlay : Manifests.overlays().toList()) {
            Manifests m = Manifests.render(overlay);
            JsonNode pod = m.named("Deployment", service).path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsUser").asInt())
                    .as("%s: %s runs as the image's user", overlay, service).isEqualTo(uid);
            JsonNode container = m.serviceContainer(service);
            assertThat(container.path("image").asText()).as("%s: %s image", overlay, service)
                    .startsWith("postmesh/" + service + ":");
            List<Integer> ports = new ArrayList<>();
            container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
            assertThat(exposed).as("%s: ports of %s the image exposes", overlay, service).containsAll(ports);
        }
    }
}
