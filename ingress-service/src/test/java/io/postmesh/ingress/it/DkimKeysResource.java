package io.postmesh.ingress.it;

import io.postmesh.ingress.dkim.DkimAlgorithm;
import io.postmesh.ingress.dkim.DkimTestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * DKIM keys generated for the test run, as an operator mounts them: an RSA key for {@code rsa.test}
 * (selector {@code s1}, algorithm configured) and an Ed25519 key for {@code ed.test} (selector {@code s2},
 * algorithm implied by the key); {@code alias.test} mapped to {@code rsa.test}. The TXT records to publish
 * are left next to the keys ({@code test.dkim.dir}).
 */
public class DkimKeysResource implements QuarkusTestResourceLifecycleManager {
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("postmesh-dkim-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DkimTestKeys rsa = DkimTestKeys.generate(DkimAlgorithm.RSA_SHA256, dir, "s1._domainkey.rsa.test");
        DkimTestKeys ed = DkimTestKeys.generate(DkimAlgorithm.ED25519_SHA256, dir, "s2._domainkey.ed.test");
        return Map.of(
                "postmesh.ingress.dkim.keys.\"rsa.test\".selector", "s1",
                "postmesh.ingress.dkim.keys.\"rsa.test\".key-file", rsa.pemFile().toString(),
                "postmesh.ingress.dkim.keys.\"rsa.test\".algorithm", "rsa-sha256",
                "postmesh.ingress.dkim.keys.\"ed.test\".selector", "s2",
                "postmesh.ingress.dkim.keys.\"ed.test\".key-file", ed.pemFile().toString(),
                "postmesh.ingress.dkim.domains.\"alias.test\"", "rsa.test",
                "test.dkim.dir", dir.toString());
    }

    @Override
    public void stop() {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory is harmless
            }
        }
    }
}
