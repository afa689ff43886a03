package io.outrider.collector.otlp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.outrider.collector.ingest.IngestCounters;
import io.outrider.collector.ingest.IngestSink;
import io.outrider.core.metric.MetricPoint;
import io.outrider.core.trace.MessageTree;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/HTTP receiver (the OpenTelemetry port 4318): {@code POST /v1/traces} and {@code POST /v1/metrics} in
 * protobuf or JSON, optionally gzip. Traces become message trees ({@link OtlpTraces}), metrics become metric points
 * ({@link OtlpMetrics}), both handed to the sink. Answers as the OTLP specification asks: 200 with partial success
 * when some items were unusable, 400 with a {@code google.rpc.Status} message for a body that cannot be read (the
 * body is also dead-lettered), 401 without the configured bearer token, 413 over the size cap, 415 for an unknown
 * content type or encoding, 429 with {@code Retry-After} while the sink is congested and 503 with
 * {@code Retry-After} while Kafka is unreachable, so exporters retry instead of losing data.
 */
public final class OtlpHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OtlpHttpServer.class);
    private static final String SOURCE = "otlp";

    /**
     * @param port 0 for a free port
     * @param maxBodyBytes the largest body accepted, compressed or inflated
     * @param bearerToken when set, requests must carry {@code Authorization: Bearer <token>}
     */
    public record Settings(
            InetAddress bindAddress,
            int port,
            int maxBodyBytes,
            @Nullable String bearerToken) {
        public Settings {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port not in 0..65535: " + port);
            if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes < 1024: " + maxBodyBytes);
            if (bearerToken != null && bearerToken.isBlank()) bearerToken = null;
        }

        public static Settings loopback(int port) {
            return new Settings(InetAddress.getLoopbackAddress(), port, 16 << 20, null);
        }
    }

    private final Settings settings;
    private final IngestSink sink;
    private final IngestCounters counters;
    private final OtlpLinks links = new OtlpLinks();
    private final Map<Integer, AtomicLong> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private @Nullable Channel serverChannel;

    private OtlpHttpServer(Settings settings, IngestSink sink, IngestCounters counters) {
        this.settings = settings;
        this.sink = sink;
        this.counters = counters;
    }

    public static OtlpHttpServer start(Settings settings, IngestSink sink, IngestCounters counters) {
        OtlpHttpServer server = new OtlpHttpServer(settings, sink, counters);
        try {
            server.bind();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void bind() {
        ChannelFuture bound = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(settings.maxBodyBytes()))
                                .addLast(new RequestHandler());
                    }
                })
                .bind(new InetSocketAddress(settings.bindAddress(), settings.port()))
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "cannot listen for OTLP/HTTP on " + settings.bindAddress().getHostAddress() + ":" + settings.port()
                            + ": " + bound.cause().getMessage()
                            + ". Free the port or set outrider.collector.otlp.port.",
                    bound.cause());
        }
        serverChannel = bound.channel();
        log.info("Listening for OTLP/HTTP on {}", serverChannel.localAddress());
    }

    public int port() {
        return ((InetSocketAddress) java.util.Objects.requireNonNull(serverChannel, "not bound")
                        .localAddress())
                .getPort();
    }

    /** Responses sent so far, by HTTP status. */
    public Map<Integer, Long> answers() {
        Map<Integer, Long> out = new HashMap<>();
        answers.forEach((status, n) -> out.put(status, n.get()));
        return out;
    }

    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            OtlpPayloads.Format format = OtlpPayloads.Format.JSON;
            try {
                String path = new QueryStringDecoder(request.uri()).path();
                boolean traces = path.equals("/v1/traces");
                if (!traces && !path.equals("/v1/metrics"))
                    throw new OtlpRejection(404, "no such endpoint: " + path + " (use /v1/traces or /v1/metrics)");
                if (!request.method().equals(HttpMethod.POST)) throw new OtlpRejection(405, path + " takes POST only");
                format = OtlpPayloads.format(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
                authorize(request.headers().get(HttpHeaderNames.AUTHORIZATION));
                if (sink.unavailable())
                    throw new OtlpRejection(503, "Kafka is unavailable; the data was not taken, retry later");
                if (sink.congested()) throw new OtlpRejection(429, "the collector is busy; retry later");
                byte[] raw = ByteBufUtil.getBytes(request.content());
                byte[] body;
                try {
                    body = OtlpPayloads.inflate(
                            raw, request.headers().get(HttpHeaderNames.CONTENT_ENCODING), settings.maxBodyBytes());
                } catch (OtlpRejection rejected) {
                    if (rejected.httpStatus() == 400) deadLetter(ctx, rejected.reason(), raw);
                    throw rejected;
                }
                byte[] answer;
                try {
                    answer = traces ? traces(ctx, body, format) : metrics(body, format);
                } catch (OtlpRejection rejected) {
                    deadLetter(ctx, rejected.reason(), body);
                    throw rejected;
                }
                respond(ctx, request, HttpResponseStatus.OK, format, answer, null);
            } catch (OtlpRejection rejected) {
                int code = rejected.httpStatus();
                String retryAfter = code == 503 ? "5" : code == 429 ? "1" : null;
                if (code >= 500 || code == 429) log.debug("OTLP request refused ({}): {}", code, rejected.reason());
                respond(
                        ctx,
                        request,
                        HttpResponseStatus.valueOf(code),
                        format,
                        OtlpPayloads.status(grpcCode(code), rejected.reason(), format),
                        retryAfter);
            }
        }

        private byte[] traces(ChannelHandlerContext ctx, byte[] body, OtlpPayloads.Format format) {
            OtlpTraces.Result result = OtlpTraces.trees(OtlpPayloads.traces(body, format), clientIp(ctx), links);
            for (MessageTree tree : result.trees()) {
                sink.accept(tree);
                counters.trees(SOURCE, tree.domain(), 1, tree.root().size());
            }
            if (!result.trees().isEmpty())
                counters.bytes(SOURCE, result.trees().getFirst().domain(), body.length);
            ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
            if (result.rejectedSpans() > 0)
                response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(result.rejectedSpans())
                        .setErrorMessage(String.valueOf(result.problem())));
            return OtlpPayloads.encode(response.build(), format);
        }

        private byte[] metrics(byte[] body, OtlpPayloads.Format format) {
            OtlpMetrics.Result result =
                    OtlpMetrics.points(OtlpPayloads.metrics(body, format), System.currentTimeMillis());
            Map<String, Integer> perService = new HashMap<>();
            for (MetricPoint point : result.points()) {
                sink.accept(point);
                perService.merge(point.labels().getOrDefault("service", "unknown_service"), 1, Integer::sum);
            }
            perService.forEach((service, n) -> counters.points(SOURCE, service, n));
            ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
            if (result.skipped() > 0)
                response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(result.skipped())
                        .setErrorMessage(String.valueOf(result.problem())));
            return OtlpPayloads.encode(response.build(), format);
        }

        private void authorize(@Nullable String authorization) {
            String token = settings.bearerToken();
            if (token == null) return;
            byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            byte[] given = (authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, given))
                throw new OtlpRejection(401, "missing or wrong bearer token (Authorization: Bearer <token>)");
        }

        private void deadLetter(ChannelHandlerContext ctx, String reason, byte[] body) {
            sink.deadLetter(IngestSink.DeadLetter.of(SOURCE, clientIp(ctx), reason, body));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("OTLP connection from {} failed: {}", clientIp(ctx), cause.toString());
            ctx.close();
        }
    }

    private void respond(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            HttpResponseStatus status,
            OtlpPayloads.Format format,
            byte[] body,
            @Nullable String retryAfter) {
        answers.computeIfAbsent(status.code(), c -> new AtomicLong()).incrementAndGet();
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, format.contentType);
        if (retryAfter != null) response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        if (status.code() == 401) response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        HttpUtil.setContentLength(response, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && status.code() < 500;
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String clientIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress()
                : "";
    }

    /** The gRPC code OTLP puts in the status body for an HTTP status. */
    private static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 415 -> 3; // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 404, 405 -> 12; // UNIMPLEMENTED
            case 413, 429 -> 8; // RESOURCE_EXHAUSTED
            case 503 -> 14; // UNAVAILABLE
            default -> 2; // UNKNOWN
        };
    }

    @Override
    public void close() {
        if (serverChannel != null) serverChannel.close().awaitUninterruptibly();
        channels.close().awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
