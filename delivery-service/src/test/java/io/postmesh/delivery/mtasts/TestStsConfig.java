package io.postmesh.delivery.mtasts;

import io.postmesh.testing.https.TestHttpsServer;
import java.time.Duration;
import java.util.Optional;

/** MTA-STS settings that fetch policies from the test kit's HTTPS server and trust its certificate. */
final class TestStsConfig {
    private TestStsConfig() {}

    static MtaStsConfig against(TestHttpsServer https) {
        return new MtaStsConfig() {
            @Override public boolean enabled() {
                return true;
            }

            @Override public int httpsPort() {
                return https.port();
            }

            @Override public Optional<String> trustStore() {
                return Optional.of(https.trustStore().toString());
            }

            @Override public String trustStorePassword() {
                return TestHttpsServer.PASSWORD;
            }

            @Override public Duration fetchTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override public int cacheSize() {
                return 100;
            }
        };
    }
}
