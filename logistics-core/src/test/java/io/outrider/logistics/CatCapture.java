package io.outrider.logistics;

import com.sun.net.httpserver.HttpServer;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in CAT server for tests: the router endpoint that tells clients where to send, and a TCP listener that
 * records the header of every NT1 frame the real CAT client sends (domain, message id, parent and root ids).
 */
final class CatCapture implements AutoCloseable {

    /** The ids of one message tree, from its NT1 header. */
    /** @param rootData the root transaction's data ({@code city=beijing}); empty for other roots */
    record Tree(String domain, String messageId, String parentId, String rootId, String rootType, String rootData) {}

    private final ServerSocket tcp;
    private final HttpServer router;
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Tree> trees = new CopyOnWriteArrayList<>();

    CatCapture() throws IOException {
        tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        router = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        router.createContext("/cat/s/router", exchange -> {
            byte[] body = ("{\"kvs\":{\"routers\":\"127.0.0.1:" + tcp.getLocalPort()
                            + ";\",\"block\":\"false\",\"sample\":\"1.0\",\"startTransactionTypes\":\"\",\"matchTransactionTypes\":\"\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        router.start();
        readers.execute(this::accept);
    }

    /** {@code host:tcpPort:httpPort}, as the services take it. */
    String address() {
        return "127.0.0.1:" + tcp.getLocalPort() + ":" + router.getAddress().getPort();
    }

    List<Tree> trees() {
        return List.copyOf(trees);
    }

    private void accept() {
        while (!tcp.isClosed()) {
            try {
                Socket socket = tcp.accept();
                readers.execute(() -> read(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void read(Socket socket) {
        try (socket;
                DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (true) {
                int length = in.readInt();
                byte[] frame = new byte[length];
                in.readFully(frame);
                trees.add(parse(ByteBuffer.wrap(frame)));
            }
        } catch (EOFException closed) {
            // client went away
        } catch (IOException e) {
            // connection reset
        }
    }

    /** Reads the NT1 header (reference: cat-protocol.md, 1.3.3) and the type of the root message. */
    static Tree parse(ByteBuffer frame) {
        byte[] magic = new byte[3];
        frame.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("NT1")) throw new IllegalArgumentException("not NT1");
        String domain = string(frame);
        string(frame); // host name
        string(frame); // ip
        string(frame); // thread group
        string(frame); // thread id
        string(frame); // thread name
        String messageId = string(frame);
        String parentId = string(frame);
        String rootId = string(frame);
        string(frame); // session token
        byte kind = frame.get(); // root message kind
        varint(frame); // timestamp
        String rootType = string(frame);
        string(frame); // name
        String rootData = kind == 't' ? transactionData(frame) : "";
        return new Tree(domain, messageId, parentId, rootId, rootType, rootData);
    }

    /** Skips a transaction's children (its start read already) and returns the data of its end record. */
    private static String transactionData(ByteBuffer frame) {
        while (true) {
            byte kind = frame.get();
            if (kind == 'T') {
                string(frame); // status
                String data = string(frame);
                varint(frame); // duration
                return data;
            }
            varint(frame); // timestamp
            string(frame); // type
            string(frame); // name
            if (kind == 't') transactionData(frame);
            else {
                string(frame); // status
                string(frame); // data
            }
        }
    }

    private static String string(ByteBuffer buffer) {
        int length = (int) varint(buffer);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long varint(ByteBuffer buffer) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buffer.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new IllegalArgumentException("varint too long");
    }

    @Override
    public void close() throws IOException {
        router.stop(0);
        tcp.close();
        readers.shutdownNow();
    }
}
