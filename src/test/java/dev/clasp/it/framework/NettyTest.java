package dev.clasp.it.framework;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.it.TestPki;
import dev.clasp.it.TestPki.Peer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Netty 4.2: SslHandler over JdkSslContext built on Clasp's SSLContext at both ends, an echo server and a client,
 * ALPN through Netty's ApplicationProtocolConfig (Netty wraps the engine in its JdkAlpnSslEngine, which uses only
 * the JDK 9+ ALPN API, so Clasp needs no Netty-specific glue).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyTest {
    private EventLoopGroup group;
    private final CompletableFuture<String> serverAlpn = new CompletableFuture<>();
    private final CompletableFuture<String> serverEngine = new CompletableFuture<>();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    private static ApplicationProtocolConfig alpn(SelectorFailureBehavior onNoMatch, String... protocols) {
        return new ApplicationProtocolConfig(Protocol.ALPN, onNoMatch, SelectedListenerFailureBehavior.FATAL_ALERT,
                protocols);
    }

    private Channel echoServer(ApplicationProtocolConfig apc) throws Exception {
        SslContext ssl = new JdkSslContext(TestPki.context(Peer.CLASP, "server-ec256.p12"), false, null,
                IdentityCipherSuiteFilter.INSTANCE, apc, ClientAuth.NONE, null, false);
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler h = ssl.newHandler(ch.alloc());
                        ch.pipeline().addLast(h, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                                    serverAlpn.complete(h.applicationProtocol());
                                    serverEngine.complete(h.engine().getSession().getClass().getName());
                                }
                                ctx.fireUserEventTriggered(evt);
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg);
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    /** Connects, sends {@code data} after the handshake and completes with what came back (or the failure). */
    private CompletableFuture<byte[]> echoClient(Channel server, ApplicationProtocolConfig apc, byte[] data,
            CompletableFuture<String> clientAlpn) throws Exception {
        SslContext ssl = new JdkSslContext(TestPki.context(Peer.CLASP, null), true, null,
                IdentityCipherSuiteFilter.INSTANCE, apc, ClientAuth.NONE, null, false);
        int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                SslHandler h = ssl.newHandler(ch.alloc(), "localhost", port);
                ch.pipeline().addLast(h, new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof SslHandshakeCompletionEvent e) {
                            if (e.isSuccess()) {
                                clientAlpn.complete(h.applicationProtocol());
                                ctx.writeAndFlush(Unpooled.wrappedBuffer(data));
                            } else {
                                echoed.completeExceptionally(e.cause());
                            }
                        }
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        try {
                            byte[] chunk = new byte[b.readableBytes()];
                            b.readBytes(chunk);
                            got.writeBytes(chunk);
                        } finally {
                            b.release();
                        }
                        if (got.size() >= data.length) {
                            echoed.complete(got.toByteArray());
                            ctx.close();
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        echoed.completeExceptionally(cause);
                        ctx.close();
                    }
                });
            }
        }).connect("127.0.0.1", port).sync();
        return echoed;
    }

    @Test
    void echoOverAlpnNegotiatedH2() throws Exception {
        Channel server = echoServer(alpn(SelectorFailureBehavior.NO_ADVERTISE, "h2", "http/1.1"));
        try {
            byte[] data = new byte[200_000]; // several records each way
            new Random(7).nextBytes(data);
            CompletableFuture<String> clientAlpn = new CompletableFuture<>();
            byte[] back = echoClient(server, alpn(SelectorFailureBehavior.NO_ADVERTISE, "http/1.1", "h2"), data,
                    clientAlpn).get(30, TimeUnit.SECONDS);
            assertArrayEquals(data, back);
            assertEquals("h2", clientAlpn.get(5, TimeUnit.SECONDS), "server preference wins (RFC 7301 3.2)");
            assertEquals("h2", serverAlpn.get(5, TimeUnit.SECONDS));
            assertEquals("dev.clasp.engine.ClaspSSLSession", serverEngine.get(5, TimeUnit.SECONDS));
        } finally {
            server.close().sync();
        }
    }

    @Test
    void noCommonProtocolFailsTheHandshake() throws Exception {
        Channel server = echoServer(alpn(SelectorFailureBehavior.FATAL_ALERT, "h2"));
        try {
            CompletableFuture<byte[]> r = echoClient(server, alpn(SelectorFailureBehavior.NO_ADVERTISE, "spdy/3"),
                    new byte[1], new CompletableFuture<>());
            Throwable t = assertInstanceOf(java.util.concurrent.ExecutionException.class,
                    org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> r.get(30, TimeUnit.SECONDS)))
                    .getCause();
            assertInstanceOf(SSLHandshakeException.class, t, String.valueOf(t));
            assertTrue(t.getMessage().contains("no_application_protocol"), t.getMessage());
        } finally {
            server.close().sync();
        }
    }
}
