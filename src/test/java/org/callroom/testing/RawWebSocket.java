package org.callroom.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A WebSocket client that writes frames byte by byte: for what ordinary clients will not send (fragments, a header
 * without its payload, silence) and for reading exactly what the server answers.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** One frame from the server; {@code payload} is empty for a frame the stream ended inside. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** A close frame's status code, or 1005 (none given). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private static final byte[] MASK = {0x12, 0x34, 0x56, 0x78};

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String statusLine;

    private RawWebSocket(Socket socket, String statusLine) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.statusLine = statusLine;
    }

    /** Connects and sends the opening handshake; the response's status line is kept, whatever it says. */
    public static RawWebSocket open(URI uri) throws IOException {
        return open(uri, 0);
    }

    /** As {@link #open(URI)}, with a TCP receive buffer of this size (0: the system's), for a client that stops reading. */
    public static RawWebSocket open(URI uri, int receiveBufferBytes) throws IOException {
        return open(uri, receiveBufferBytes, Map.of());
    }

    /** As {@link #open(URI)}, with extra handshake headers such as Origin or X-Forwarded-For. */
    public static RawWebSocket open(URI uri, Map<String, String> headers) throws IOException {
        return open(uri, 0, headers);
    }

    private static RawWebSocket open(URI uri, int receiveBufferBytes, Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
                    + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extra(headers) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder head = new StringBuilder();
            var in = socket.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return new RawWebSocket(socket, head.toString().lines().findFirst().orElse(""));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String extra(Map<String, String> headers) {
        StringBuilder lines = new StringBuilder();
        headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
        return lines.toString();
    }

    /** For example {@code HTTP/1.1 101 Switching Protocols}. */
    public String statusLine() {
        return statusLine;
    }

    public boolean upgraded() {
        return statusLine.startsWith("HTTP/1.1 101");
    }

    public void sendText(String text) throws IOException {
        send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A masked frame, as clients must send, with the shortest length form. */
    public void send(int opcode, boolean fin, byte[] payload) throws IOException {
        out.write(maskedFrame(opcode, fin, payload));
        out.flush();
    }

    /** The bytes of a client's frame: header, mask and masked payload. */
    public static byte[] maskedFrame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header(opcode, fin, payload.length));
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ MASK[i % 4]);
        }
        return frame.toByteArray();
    }

    /** A text frame's header for {@code length} bytes of 'a' and only the first {@code sent} of them: a frame still arriving. */
    public void sendTextFramePart(int length, int sent) throws IOException {
        byte[] frame = maskedFrame(TEXT, true, "a".repeat(length).getBytes(StandardCharsets.US_ASCII));
        out.write(frame, 0, frame.length - length + sent);
        out.flush();
    }

    /** Only the header of a frame claiming {@code length} bytes: what a server does before any payload arrives. */
    public void sendHeaderOnly(int opcode, long length) throws IOException {
        out.write(header(opcode, true, length));
        out.flush();
    }

    /** The next frame other than a ping or pong (the heartbeat's pings can come at any time), waiting at most {@code timeout}. */
    public Frame read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        Frame frame = readAny();
        while (frame.opcode() == PING || frame.opcode() == PONG) {
            frame = readAny();
        }
        return frame;
    }

    private Frame readAny() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads until the server's close frame and returns its code; fails if the stream ends or stalls first. */
    public int awaitCloseCode(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no close frame within " + timeout);
            }
            Frame frame;
            try {
                frame = read(Duration.ofNanos(Math.max(left, 1_000_000)));
            } catch (EOFException e) {
                throw new EOFException("the connection ended without a close frame");
            }
            if (frame.opcode() == CLOSE) {
                return frame.closeCode();
            }
        }
    }

    /** A client frame's header (with its mask) for a payload of {@code length} bytes. */
    public static byte[] header(int opcode, boolean fin, long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write((fin ? 0x80 : 0) | opcode);
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

    /** Sends a text frame and reads the server's next frame in answer, waiting up to 10 s. */
    public Frame send(String text) throws IOException {
        sendText(text);
        return read(Duration.ofSeconds(10));
    }

    /** Drops the connection as a crashed client or a lost network does: a TCP reset, no close frame, no FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
