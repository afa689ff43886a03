package io.outrider.collector.cat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outrider.collector.cat.codec.DecodeLimits;
import io.outrider.collector.ingest.IngestSink;
import io.outrider.collector.ingest.MemorySink;
import io.outrider.core.trace.Message;
import io.outrider.core.trace.MessageKind;
import io.outrider.core.trace.MessageTree;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatTcpServerIT {

    private static final byte[] V2_FRAME = HexFormat.of()
            .parseHex(
                    "000000f14e543108646973706174636805686f7374310831302e312e322e33046d61696e0131046d61696e1a64697370617463682d30613031303230332d3438303030302d3019676174657761792d30613031303230312d3438303030302d3719676174657761792d30613031303230312d3438303030302d3500748080cea6a5320355524c062f6f72646572458180cea6a5320a55524c2e5365727665720831302e312e322e3301300475613d78748280cea6a5320353514c0673656c65637454054552524f520c73716c3d73656c6563742031ac1b4d8a80cea6a532000b6f726465722e636f756e7401430131540130009875");

    @Test
    void treesFromTheRealCatClientArriveDecodedAndNormalized() throws Exception {
        MemorySink sink = new MemorySink();
        try (CatTcpServer server = CatTcpServer.start(CatTcpServer.Settings.loopback(0), sink)) {
            Path catHome = Files.createTempDirectory(Path.of("target"), "cat-home");
            Process client = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-DCAT_HOME=" + catHome.toAbsolutePath() + "/",
                            "-Dhost.ip=127.0.0.1",
                            "-Dio.netty.noUnsafe=true",
                            "--add-opens",
                            "java.base/java.nio=ALL-UNNAMED",
                            "--add-opens",
                            "java.base/jdk.internal.ref=ALL-UNNAMED",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CatClientDriver.class.getName(),
                            Integer.toString(server.port()))
                    .redirectErrorStream(true)
                    .redirectOutput(catHome.resolve("driver.log").toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> sink.trees.stream()
                                .anyMatch(t -> t.root().type().equals("URL")));
            } finally {
                client.destroyForcibly();
            }
            MessageTree tree = sink.trees.stream()
                    .filter(t -> t.root().type().equals("URL"))
                    .findFirst()
                    .orElseThrow();
            Message root = tree.root();

            assertThat(tree.domain()).isEqualTo("driver-app");
            assertThat(tree.ipAddress()).isEqualTo("127.0.0.1");
            assertThat(tree.messageId()).startsWith("driver-app-7f000001-");
            assertThat(root.name()).isEqualTo("/api/orders/{num}");
            assertThat(root.isSuccess()).isTrue();
            assertThat(root.children())
                    .anyMatch(m -> m.kind() == MessageKind.TRANSACTION
                            && m.type().equals("SQL")
                            && m.data().equals("sql=select 1"));
            assertThat(root.children()).anyMatch(m -> m.type().equals("URL.Server"));
            assertThat(root.children().stream()
                            .filter(m -> m.kind() == MessageKind.METRIC)
                            .map(Message::status))
                    .containsExactly("C", "T", "S", "S,C");
            assertThat(root.children())
                    .anyMatch(m -> m.type().equals("RuntimeException")
                            && m.name().equals("java.lang.IllegalStateException")
                            && !m.isSuccess());
            Message remoteCall = root.children().stream()
                    .filter(m -> m.type().equals("RemoteCall"))
                    .findFirst()
                    .orElseThrow();
            assertThat(remoteCall.data()).startsWith("rider-service-7f000001-");
            assertThat(server.clients().get("127.0.0.1").frames()).isPositive();
            assertThat(sink.deadLetters).isEmpty();
        }
    }

    @Test
    void garbageOnOneConnectionLeavesTheOthersUntouched() throws Exception {
        MemorySink sink = new MemorySink();
        try (CatTcpServer server = CatTcpServer.start(CatTcpServer.Settings.loopback(0), sink);
                Socket bad = connect(server);
                Socket good = connect(server)) {
            DataOutputStream garbage = new DataOutputStream(bad.getOutputStream());
            SplittableRandom random = new SplittableRandom(1);
            for (int i = 0; i < 50; i++) {
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                garbage.writeInt(junk.length);
                garbage.write(junk);
            }
            garbage.writeInt(0); // empty frame
            garbage.writeInt(-5); // broken framing: this connection is closed
            garbage.flush();

            good.getOutputStream().write(V2_FRAME);
            good.getOutputStream().flush();

            await().atMost(Duration.ofSeconds(10)).until(() -> sink.trees.size() == 1 && closed(bad));
            assertThat(sink.trees.getFirst().root().name()).isEqualTo("/order");
            ClientStats stats = server.clients().get("127.0.0.1");
            assertThat(stats.malformed()).isEqualTo(51); // 50 undecodable frames + the broken framing
            assertThat(stats.empty()).isEqualTo(1);
            assertThat(sink.deadLetters).hasSize(52);
            assertThat(sink.deadLetters).anyMatch(l -> l.reason().startsWith("broken framing"));
            assertThat(sink.deadLetters).allMatch(l -> l.head().length <= IngestSink.DeadLetter.MAX_HEAD);

            try (Socket later = connect(server)) {
                later.getOutputStream().write(V2_FRAME);
                await().atMost(Duration.ofSeconds(10)).until(() -> sink.trees.size() == 2);
            }
        }
    }

    @Test
    void anOversizedFrameIsSkippedAndTheStreamGoesOn() throws Exception {
        MemorySink sink = new MemorySink();
        CatTcpServer.Settings settings = new CatTcpServer.Settings(
                InetAddress.getLoopbackAddress(), 0, 1024, List.of("127.0.0.0/8"), DecodeLimits.DEFAULT);
        try (CatTcpServer server = CatTcpServer.start(settings, sink);
                Socket socket = connect(server)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(100_000);
            out.write(new byte[100_000]);
            out.write(V2_FRAME);
            out.flush();

            await().atMost(Duration.ofSeconds(10)).until(() -> sink.trees.size() == 1);
            assertThat(server.clients().get("127.0.0.1").oversized()).isEqualTo(1);
            assertThat(sink.deadLetters)
                    .singleElement()
                    .satisfies(l -> assertThat(l.reason()).contains("over the 1024-byte cap"));
        }
    }

    @Test
    void clientsOutsideTheAllowedNetworksAreRefused() throws Exception {
        MemorySink sink = new MemorySink();
        CatTcpServer.Settings settings = new CatTcpServer.Settings(
                InetAddress.getLoopbackAddress(), 0, 4096, List.of("10.0.0.0/8"), DecodeLimits.DEFAULT);
        try (CatTcpServer server = CatTcpServer.start(settings, sink);
                Socket socket = connect(server)) {
            socket.getOutputStream().write(V2_FRAME);

            await().atMost(Duration.ofSeconds(10)).until(() -> closed(socket));
            assertThat(sink.trees).isEmpty();
            assertThat(server.clients().get("127.0.0.1").refusedConnections()).isEqualTo(1);
        }
    }

    @Test
    void readingPausesWhileTheSinkIsCongested() throws Exception {
        MemorySink sink = new MemorySink();
        try (CatTcpServer server = CatTcpServer.start(CatTcpServer.Settings.loopback(0), sink);
                Socket socket = connect(server)) {
            sink.congested = true;
            socket.getOutputStream().write(V2_FRAME);
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.trees.size() == 1); // read, then paused
            socket.getOutputStream().write(V2_FRAME);
            socket.getOutputStream().write(V2_FRAME);
            Thread.sleep(500);
            assertThat(sink.trees).hasSize(1); // the next frames wait in the socket
            assertThat(server.clients().values().stream()
                            .mapToLong(ClientStats::readPauses)
                            .sum())
                    .as("pauses counted (outrider_collector_cat_read_pauses_total)")
                    .isEqualTo(1);
            sink.congested = false;
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.trees.size() == 3);
        }
    }

    private static Socket connect(CatTcpServer server) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    private static boolean closed(Socket socket) {
        try {
            socket.setSoTimeout(200);
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
