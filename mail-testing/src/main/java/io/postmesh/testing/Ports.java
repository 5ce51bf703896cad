package io.postmesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback addresses, for servers that tests start. */
public final class Ports {
    private Ports() {}

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        return freePort("127.0.0.1");
    }

    /** A port that was free on {@code address} (any 127.0.0.x) a moment ago. */
    public static int freePort(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
