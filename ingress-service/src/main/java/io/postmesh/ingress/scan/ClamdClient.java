package io.postmesh.ingress.scan;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * clamd's {@code INSTREAM} command (clamd(8)): {@code zINSTREAM\0}, then the message in chunks, each preceded by
 * its length as a 4-byte big-endian integer, then a zero length; clamd answers {@code stream: OK\0},
 * {@code stream: NAME FOUND\0} or {@code ... ERROR\0} and closes. Non-blocking (Vert.x net client).
 */
final class ClamdClient {
    /** Below clamd's default StreamMaxLength chunking; keeps each write small. */
    private static final int CHUNK = 64 * 1024;

    private final Vertx vertx;
    private final NetClient net;
    private final String host;
    private final int port;
    private final long timeoutMillis;

    ClamdClient(Vertx vertx, String host, int port, Duration timeout) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeout.toMillis();
        this.net = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
    }

    Future<Verdicts.Virus> scan(byte[] message) {
        Promise<Verdicts.Virus> result = Promise.promise();
        net.connect(port, host).onFailure(result::tryFail).onSuccess(socket -> {
            long timer = vertx.setTimer(timeoutMillis, t -> {
                result.tryFail("clamd did not answer within " + timeoutMillis + " ms");
                socket.close();
            });
            Buffer answer = Buffer.buffer();
            socket.handler(answer::appendBuffer);
            socket.exceptionHandler(result::tryFail);
            socket.closeHandler(v -> {
                vertx.cancelTimer(timer);
                try {
                    result.tryComplete(parse(answer.toString(StandardCharsets.US_ASCII)));
                } catch (IllegalArgumentException e) {
                    result.tryFail(e);
                }
            });
            send(socket, message);
        });
        return result.future();
    }

    private static void send(NetSocket socket, byte[] message) {
        Buffer out = Buffer.buffer(message.length + message.length / CHUNK * 4 + 20);
        out.appendString("zINSTREAM\0", "US-ASCII");
        for (int off = 0; off < message.length; off += CHUNK) {
            int len = Math.min(CHUNK, message.length - off);
            out.appendInt(len).appendBytes(message, off, len);
        }
        out.appendInt(0);
        socket.write(out);
    }

    /** {@code stream: OK} → clean; {@code stream: NAME FOUND} → infected; anything else is an error. */
    static Verdicts.Virus parse(String answer) {
        String a = answer.replace("\0", "").strip();
        if (a.endsWith(" FOUND")) {
            String name = a.substring(a.indexOf(':') + 1, a.length() - " FOUND".length()).strip();
            return new Verdicts.Virus(name);
        }
        if (a.endsWith(": OK")) {
            return Verdicts.Virus.CLEAN;
        }
        throw new IllegalArgumentException("clamd answered: " + (a.isEmpty() ? "(nothing)" : a));
    }

    void close() {
        net.close();
    }
}
