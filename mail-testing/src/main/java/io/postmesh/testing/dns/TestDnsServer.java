package io.postmesh.testing.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An authoritative DNS server for tests on 127.0.0.1, answering from {@link Zones} over UDP and
 * TCP on the same port (RFC 7766 §5: clients retry truncated UDP answers over TCP).
 */
public final class TestDnsServer implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final int BIND_ATTEMPTS = 10;

    private final Zones zones;
    private final DnsQueryHandler handler;
    private final EventLoopGroup group;
    private final Channel udp;
    private final Channel tcp;
    private final int port;

    private TestDnsServer(Zones zones, DnsQueryHandler handler, EventLoopGroup group, Channel udp, Channel tcp) {
        this.zones = zones;
        this.handler = handler;
        this.group = group;
        this.udp = udp;
        this.tcp = tcp;
        this.port = ((InetSocketAddress) udp.localAddress()).getPort();
    }

    /** Binds UDP and TCP on a free port of 127.0.0.1 and answers from {@code zones}. */
    public static TestDnsServer start(Zones zones) {
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("postmesh-test-dns", true));
        DnsQueryHandler handler = new DnsQueryHandler(zones);
        try {
            for (int attempt = 1; ; attempt++) {
                // The kernel picks a free UDP port; TCP then takes the same number if it is free too.
                Channel udp = udpBootstrap(group, handler).bind(LOOPBACK, 0).sync().channel();
                int port = ((InetSocketAddress) udp.localAddress()).getPort();
                try {
                    Channel tcp = tcpBootstrap(group, handler).bind(LOOPBACK, port).sync().channel();
                    return new TestDnsServer(zones, handler, group, udp, tcp);
                } catch (Exception tcpPortTaken) {
                    udp.close().syncUninterruptibly();
                    if (attempt == BIND_ATTEMPTS) {
                        throw tcpPortTaken;
                    }
                }
            }
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw new IllegalStateException("cannot start the test DNS server", e);
        }
    }

    private static Bootstrap udpBootstrap(EventLoopGroup group, DnsQueryHandler handler) {
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), handler);
                    }
                });
    }

    private static ServerBootstrap tcpBootstrap(EventLoopGroup group, DnsQueryHandler handler) {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // RFC 1035 §4.2.2: each TCP message is preceded by a two-octet length.
                        ch.pipeline().addLast(new TcpDnsQueryDecoder(), new TcpDnsResponseEncoder(), handler);
                    }
                });
    }

    /** The port, the same for UDP and TCP. */
    public int port() {
        return port;
    }

    /** {@code "127.0.0.1:PORT"}, the form of {@code postmesh.delivery.dns.server}. */
    public String hostPort() {
        return LOOPBACK + ":" + port;
    }

    /** The live records; changes apply to the next query. */
    public Zones zones() {
        return zones;
    }

    /**
     * How many queries for {@code name} and the record type {@code type} ("TXT", "MX", …) were answered so far,
     * over UDP and TCP (a truncated UDP answer retried over TCP counts twice).
     */
    public int queries(String name, String type) {
        return handler.questions(name, type);
    }

    /** Closes both listeners and stops the event loop thread. */
    @Override
    public void close() {
        udp.close().syncUninterruptibly();
        tcp.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
