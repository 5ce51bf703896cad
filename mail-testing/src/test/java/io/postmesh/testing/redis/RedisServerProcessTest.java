package io.postmesh.testing.redis;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Starts real redis-server processes and talks RESP to them over a raw socket. */
class RedisServerProcessTest {

    @Test
    void startedServerStoresValuesAndStopClosesItsPort() throws IOException {
        RedisServerProcess redis = RedisServerProcess.start();
        try {
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            try (RespClient client = new RespClient(redis.port())) {
                assertThat(client.call("PING")).isEqualTo("+PONG");
                assertThat(client.call("SET", "greeting", "hello world")).isEqualTo("+OK");
                assertThat(client.call("GET", "greeting")).isEqualTo("$11 hello world");
                assertThat(client.call("GET", "missing")).isEqualTo("$-1");
            }
        } finally {
            redis.stop();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", redis.port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void prefersTheRedisServerOnPath() throws IOException {
        Optional<Path> installed = RedisBinary.onPath();
        assumeTrue(installed.isPresent(), "redis-server is not installed on PATH");

        assertThat(RedisServerProcess.binary()).isEqualTo(installed.get());
        try (RedisServerProcess redis = RedisServerProcess.start(installed.get(), false);
             RespClient client = new RespClient(redis.port())) {
            assertThat(client.call("PING")).isEqualTo("+PONG");
        }
    }

    @Test
    void runsTheBinaryShippedInEmbeddedRedis() throws IOException {
        Path embedded = RedisServerProcess.embeddedBinary();
        assertThat(embedded).startsWith(Path.of(System.getProperty("java.io.tmpdir"), "postmesh-redis"));
        assertThat(Files.isExecutable(embedded)).isTrue();
        // A second call reuses the extracted file.
        assertThat(RedisServerProcess.embeddedBinary()).isEqualTo(embedded);

        RedisServerProcess redis = RedisServerProcess.start(embedded, false);
        try (RespClient client = new RespClient(redis.port())) {
            assertThat(client.call("SET", "k", "v")).isEqualTo("+OK");
            assertThat(client.call("GET", "k")).isEqualTo("$1 v");
        } finally {
            redis.close();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", redis.port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void sharedInstanceIsOneAndSurvivesClose() throws IOException {
        RedisServerProcess shared = RedisServerProcess.shared();
        shared.close();

        assertThat(RedisServerProcess.shared()).isSameAs(shared);
        try (RespClient client = new RespClient(shared.port())) {
            assertThat(client.call("PING")).isEqualTo("+PONG");
        }
    }

    @Test
    void mainPrintsTheBinaryPath() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            RedisServerProcess.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo(RedisServerProcess.binary().toAbsolutePath().toString());
    }

    /** Sends RESP arrays of bulk strings; a bulk reply is returned as "$LEN VALUE". */
    private static final class RespClient implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        RespClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        String call(String... words) throws IOException {
            StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
            for (String word : words) {
                request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(word).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String header = in.readLine();
            if (header.startsWith("$") && !header.equals("$-1")) {
                return header + " " + in.readLine();
            }
            return header;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
