package io.outrider.collector.cat.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.handler.ipfilter.RuleBasedIpFilter;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.outrider.collector.cat.codec.CatFrameDecoder;
import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.cat.codec.MalformedFrameException;
import io.outrider.collector.cat.normalize.TreeMetrics;
import io.outrider.collector.cat.normalize.TreeNormalizer;
import io.outrider.collector.ingest.IngestCounters;
import io.outrider.collector.ingest.IngestSink;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.MessageTree;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CAT TCP listener (the CAT server's port 2280). Each connection carries 4-byte big-endian length-prefixed
 * frames of NT1 or PT1. A frame over the cap is skipped (the stream stays in step), a negative length closes the
 * connection (the stream is lost), an empty or undecodable frame is skipped; all are counted per client and
 * dead-lettered. Only configured client networks may connect. Reading pauses while the sink is congested.
 */
public final class CatTcpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatTcpServer.class);
    private static final String SOURCE = "cat";

    /**
     * @param bindAddress the interface to listen on
     * @param port 0 for a free port
     * @param maxFrameBytes the largest frame body accepted
     * @param allowedClients networks allowed to connect, as {@code 10.0.0.0/8}; the CAT protocol has no authentication
     */
    public record Settings(
            InetAddress bindAddress, int port, int maxFrameBytes, List<String> allowedClients, DecodeLimits limits) {
        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port not in 0..65535: " + port);
            if (maxFrameBytes < 64) throw new IllegalArgumentException("maxFrameBytes < 64: " + maxFrameBytes);
            if (allowedClients.isEmpty())
                throw new IllegalArgumentException("no allowed client network: nobody could send");
            allowedClients = List.copyOf(allowedClients);
        }

        public static Settings loopback(int port) {
            return new Settings(
                    InetAddress.getLoopbackAddress(),
                    port,
                    4 << 20,
                    List.of("127.0.0.0/8", "::1/128"),
                    DecodeLimits.DEFAULT);
        }
    }

    private final Settings settings;
    private final IngestSink sink;
    private final Map<String, ClientStats> clients = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private @Nullable Channel serverChannel;

    private final IngestCounters counters;

    private CatTcpServer(Settings settings, IngestSink sink, IngestCounters counters) {
        this.settings = settings;
        this.sink = sink;
        this.counters = counters;
    }

    /** Binds and starts accepting. */
    public static CatTcpServer start(Settings settings, IngestSink sink) {
        return start(settings, sink, IngestCounters.unregistered());
    }

    /** Binds and starts accepting, counting what each domain sends in {@code counters}. */
    public static CatTcpServer start(Settings settings, IngestSink sink, IngestCounters counters) {
        CatTcpServer server = new CatTcpServer(settings, sink, counters);
        try {
            server.bind();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void bind() {
        RuleBasedIpFilter filter = ipFilter();
        ChannelFuture bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        channel.pipeline()
                                .addLast(filter)
                                .addLast(new FrameSplitter(settings.maxFrameBytes()))
                                .addLast(new FrameHandler());
                    }
                })
                .bind(new InetSocketAddress(settings.bindAddress(), settings.port()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "cannot listen for CAT clients on " + settings.bindAddress().getHostAddress() + ":"
                            + settings.port() + ": " + bound.cause().getMessage()
                            + ". Free the port or set outrider.collector.cat.port.",
                    bound.cause());
        }
        serverChannel = bound.channel();
        log.info("Listening for CAT clients on {}", serverChannel.localAddress());
    }

    private RuleBasedIpFilter ipFilter() {
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String network : settings.allowedClients()) {
            int slash = network.indexOf('/');
            String address = slash < 0 ? network : network.substring(0, slash);
            int prefix =
                    slash < 0 ? (address.contains(":") ? 128 : 32) : Integer.parseInt(network.substring(slash + 1));
            rules.add(new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
        }
        rules.add(new IpSubnetFilterRule("0.0.0.0", 0, IpFilterRuleType.REJECT));
        rules.add(new IpSubnetFilterRule("::", 0, IpFilterRuleType.REJECT));
        return new RuleBasedIpFilter(true, rules.toArray(IpSubnetFilterRule[]::new)) {
            @Override
            protected @Nullable ChannelFuture channelRejected(
                    ChannelHandlerContext ctx, InetSocketAddress remoteAddress) {
                stats(remoteAddress.getAddress().getHostAddress())
                        .refusedConnections
                        .incrementAndGet();
                log.warn(
                        "Refused a CAT connection from {}: not in outrider.collector.cat.allowed-clients",
                        remoteAddress);
                return null; // the filter closes the channel
            }
        };
    }

    /** The port listened on (the real one when 0 was asked). */
    public int port() {
        return ((InetSocketAddress) java.util.Objects.requireNonNull(serverChannel, "not bound")
                        .localAddress())
                .getPort();
    }

    /** Per client address. */
    public Map<String, ClientStats> clients() {
        return Map.copyOf(clients);
    }

    private ClientStats stats(String client) {
        return clients.computeIfAbsent(client, c -> new ClientStats());
    }

    /**
     * Splits the stream at the 4-byte big-endian lengths. The length is signed, as the client writes a Java int: a
     * negative one means the stream is out of step (closed), where Netty would read it as a 4 GB frame to skip.
     */
    private static final class FrameSplitter extends LengthFieldBasedFrameDecoder {
        FrameSplitter(int maxFrameBytes) {
            super(ByteOrder.BIG_ENDIAN, maxFrameBytes + 4, 0, 4, 0, 4, true);
        }

        @Override
        protected long getUnadjustedFrameLength(ByteBuf buffer, int offset, int length, ByteOrder order) {
            return buffer.getInt(offset);
        }
    }

    /** One per connection: it holds that connection's decoder. */
    private final class FrameHandler extends SimpleChannelInboundHandler<ByteBuf> {

        private final CatFrameDecoder decoder = new CatFrameDecoder(settings.limits());

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            String client = client(ctx);
            ClientStats stats = stats(client);
            int length = frame.readableBytes();
            stats.bytes.addAndGet(length + 4L);
            if (length == 0) {
                stats.empty.incrementAndGet();
                sink.deadLetter(new IngestSink.DeadLetter(
                        SOURCE, client, "empty frame (length 0); skipped", 0, new byte[0], System.currentTimeMillis()));
                return;
            }
            try {
                MessageTree tree = decoder.decode(frame.nioBuffer());
                stats.frames.incrementAndGet();
                counters.bytes(SOURCE, tree.domain(), length + 4L);
                for (MessageTree normalized : TreeNormalizer.normalize(tree)) {
                    int size = normalized.root().size();
                    stats.messages.addAndGet(size);
                    counters.trees(SOURCE, normalized.domain(), 1, size);
                    sink.accept(normalized);
                    List<MetricPoint> points = TreeMetrics.points(
                            normalized,
                            problem -> sink.deadLetter(IngestSink.DeadLetter.of(
                                    SOURCE, client, problem + "; the tree was kept", new byte[0])));
                    for (MetricPoint point : points) sink.accept(point);
                    if (!points.isEmpty()) counters.points(SOURCE, normalized.domain(), points.size());
                }
            } catch (MalformedFrameException e) {
                stats.malformed.incrementAndGet();
                byte[] head = new byte[Math.min(length, IngestSink.DeadLetter.MAX_HEAD)];
                frame.getBytes(frame.readerIndex(), head);
                sink.deadLetter(new IngestSink.DeadLetter(
                        SOURCE,
                        client,
                        "undecodable frame: " + e.getMessage() + "; skipped",
                        length,
                        head,
                        System.currentTimeMillis()));
            }
            if (sink.congested()) {
                stats.readPauses.incrementAndGet();
                pauseUntilDrained(ctx);
            }
        }

        private void pauseUntilDrained(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(false);
            ctx.executor()
                    .schedule(
                            () -> {
                                if (sink.congested()) pauseUntilDrained(ctx);
                                else ctx.channel().config().setAutoRead(true);
                            },
                            100,
                            TimeUnit.MILLISECONDS);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String client = client(ctx);
            ClientStats stats = stats(client);
            if (cause instanceof TooLongFrameException) {
                stats.oversized.incrementAndGet();
                sink.deadLetter(new IngestSink.DeadLetter(
                        SOURCE,
                        client,
                        "frame over the " + settings.maxFrameBytes() + "-byte cap (" + cause.getMessage()
                                + "); skipped",
                        -1,
                        new byte[0],
                        System.currentTimeMillis()));
            } else if (cause instanceof CorruptedFrameException) {
                stats.malformed.incrementAndGet();
                sink.deadLetter(new IngestSink.DeadLetter(
                        SOURCE,
                        client,
                        "broken framing (" + cause.getMessage() + "); connection closed",
                        -1,
                        new byte[0],
                        System.currentTimeMillis()));
                ctx.close();
            } else {
                log.debug("CAT connection from {} failed: {}", client, cause.toString());
                ctx.close();
            }
        }

        private String client(ChannelHandlerContext ctx) {
            return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                    ? address.getAddress().getHostAddress()
                    : "unknown";
        }
    }

    @Override
    public void close() {
        if (serverChannel != null) serverChannel.close().awaitUninterruptibly();
        channels.close().awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
