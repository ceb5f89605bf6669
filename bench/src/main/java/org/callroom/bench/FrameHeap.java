package org.callroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.callroom.protocol.Join;
import org.callroom.protocol.MessageCodec;

/**
 * Heap a server holds for sockets that send part of a large frame: {@code --sockets} joined sockets that then read
 * nothing, measured idle, then after each sent the header of a {@code --frame}-byte text frame and {@code --sent} bytes of
 * its payload. Live heap from a class histogram after a full GC (ServerProcess), per socket. See docs/BENCHMARKS.md,
 * "Frames still arriving".
 */
public final class FrameHeap {

    private static final byte[] MASK = {0x12, 0x34, 0x56, 0x78};

    private FrameHeap() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        URI url = URI.create(options.getOrDefault("url", "ws://127.0.0.1:8080/"));
        int sockets = Integer.parseInt(options.getOrDefault("sockets", "1000"));
        int frame = Integer.parseInt(options.getOrDefault("frame", String.valueOf(4 * 1024 * 1024)));
        int sent = Integer.parseInt(options.getOrDefault("sent", String.valueOf(frame - 1)));
        // Long enough for a loaded server to read what 1,000 sockets sent, short of the heartbeat dropping them.
        long settle = Long.parseLong(options.getOrDefault("settle-seconds", "20")) * 1000;
        ServerProcess server = new ServerProcess(Long.parseLong(options.get("pid")), true);

        long before = server.liveHeapBytes();
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                open.add(joined(url, "heap-" + i / 2));
            }
            Thread.sleep(2_000);
            long idle = server.liveHeapBytes();
            byte[] header = header(frame);
            byte[] payload = new byte[64 * 1024];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) ('a' ^ MASK[i % 4]);
            }
            int refused = 0;
            for (Socket socket : open) {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(header);
                    for (int left = sent; left > 0; left -= payload.length) {
                        out.write(payload, 0, Math.min(left, payload.length));
                    }
                    out.flush();
                } catch (IOException closedByTheServer) {
                    refused++;
                }
            }
            Thread.sleep(settle);
            long holding = server.liveHeapBytes();
            System.out.printf("sockets=%d%nframe=%d%nsent=%d%nheap.before=%d%nheap.idle=%d%nheap.holding=%d%n", sockets, frame, sent,
                    before, idle, holding);
            System.out.printf("idle.per-socket=%d%nholding.per-socket=%d%nwrites-refused=%d%n", (idle - before) / sockets,
                    (holding - before) / sockets, refused);
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    /** Upgraded and joined; its welcome left unread, as everything after it is. */
    private static Socket joined(URI url, String room) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + url.getPath() + "signal/" + room + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
                + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("no handshake answer");
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("refused: " + head.toString().lines().findFirst().orElse(""));
        }
        byte[] join = MessageCodec.encode(new Join("Heap", null, null)).getBytes(StandardCharsets.UTF_8);
        out.write(header(join.length));
        for (int i = 0; i < join.length; i++) {
            out.write(join[i] ^ MASK[i % 4]);
        }
        out.flush();
        return socket;
    }

    /** A masked client text frame's header, FIN set, for {@code length} bytes. */
    private static byte[] header(long length) {
        var header = new java.io.ByteArrayOutputStream();
        header.write(0x81);
        if (length < 126) {
            header.write(0x80 | (int) length);
        } else if (length <= 0xffff) {
            header.write(0x80 | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift));
            }
        }
        header.writeBytes(MASK);
        return header.toByteArray();
    }
}
