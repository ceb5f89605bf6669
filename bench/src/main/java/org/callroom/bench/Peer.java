package org.callroom.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One simulated participant: a minimal RFC 6455 client (masked text frames out; text, ping and close
 * in) on the shared {@link SocketLoop}. Any thread may send; a send writes to the socket at once.
 */
final class Peer implements SocketLoop.Handler {

    private static final int TEXT = 1;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;
    /** Largest frame the generator accepts; the servers relay at most 64 KiB. */
    private static final int MAX_FRAME = 128 * 1024;

    final int index;
    final String room;
    /** Chosen by the generator; Callroom replaces it with the id from its welcome. */
    volatile String id;
    final CompletableFuture<Long> ready = new CompletableFuture<>();
    volatile boolean closed;
    /** The code of the server's close frame, or -1 while none came. */
    volatile int closeCode = -1;

    private final Protocol protocol;
    private final Consumer<Protocol.Incoming> onRelay;
    private final Consumer<String> onError;
    private SocketLoop loop;
    private SocketChannel channel;
    private long openedAt;
    private String request;
    /** With a server that trusts 127.0.0.1 as its proxy, the address this peer stands for; null for none. */
    private String forwardedFor;

    /** Read state, touched by the loop thread only. */
    private final ByteBuffer in = ByteBuffer.allocate(MAX_FRAME + 14);
    private boolean upgraded;
    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();

    /** Frames the kernel has not taken yet, in order; guarded by this. */
    private final ArrayDeque<ByteBuffer> unwritten = new ArrayDeque<>();

    Peer(int index, String room, Protocol protocol, Consumer<Protocol.Incoming> onRelay, Consumer<String> onError) {
        this.index = index;
        this.room = room;
        this.id = "p" + index + "x" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        this.protocol = protocol;
        this.onRelay = onRelay;
        this.onError = onError;
    }

    /** Makes the handshake say, as a trusted proxy would, that this peer connects from {@code clientAddress}. */
    Peer forwardedFor(String clientAddress) {
        this.forwardedFor = clientAddress;
        return this;
    }

    CompletableFuture<Long> connect(SocketLoop loop, URI base) {
        this.loop = loop;
        openedAt = System.nanoTime();
        URI uri = protocol.uri(base, room, id);
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(new InetSocketAddress(uri.getHost(), port))) {
                loop.register(channel, SelectionKey.OP_READ, this); // first, so a write the kernel defers finds the key
                write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            } else {
                loop.register(channel, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            failed(e);
        }
        return ready;
    }

    void send(String text) {
        if (closed) {
            return;
        }
        try {
            write(frame(TEXT, text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Whether frames are still waiting for the kernel: a sender that must not outrun the socket waits for this to clear. */
    synchronized boolean backlogged() {
        return !unwritten.isEmpty();
    }

    void close() {
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Closing a socket the generator is done with: nothing to recover.
        }
    }

    /** A client frame: FIN, the opcode, the mask bit and a fresh masking key, as RFC 6455 requires of clients. */
    private static ByteBuffer frame(int opcode, byte[] payload) {
        int length = payload.length;
        ByteBuffer frame = ByteBuffer.allocate(2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        frame.putInt(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3)))));
        }
        return frame.flip();
    }

    private synchronized void write(ByteBuffer frame) throws IOException {
        if (unwritten.isEmpty()) {
            channel.write(frame);
            if (!frame.hasRemaining()) {
                return;
            }
            loop.wantWrite(channel);
        }
        unwritten.add(frame);
    }

    @Override
    public void connectable(SelectionKey key) throws IOException {
        channel.finishConnect();
        key.interestOps(SelectionKey.OP_READ);
        write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public synchronized void writable(SelectionKey key) throws IOException {
        while (!unwritten.isEmpty()) {
            ByteBuffer frame = unwritten.peek();
            channel.write(frame);
            if (frame.hasRemaining()) {
                return;
            }
            unwritten.poll();
        }
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    @Override
    public void readable(SelectionKey key) throws IOException {
        if (channel.read(in) < 0) {
            key.cancel();
            failed(new IOException("connection closed by the server"));
            return;
        }
        in.flip();
        if (!upgraded && !upgrade()) {
            in.compact();
            return;
        }
        while (in.remaining() >= 2) {
            int start = in.position();
            int first = in.get(start) & 0xff;
            int second = in.get(start + 1) & 0xff;
            int shortLength = second & 0x7f;
            boolean masked = (second & 0x80) != 0;
            int header = 2 + (shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0) + (masked ? 4 : 0);
            if (in.remaining() < header) {
                break;
            }
            long length = shortLength == 126 ? in.getShort(start + 2) & 0xffff : shortLength == 127 ? in.getLong(start + 2) : shortLength;
            if (length > MAX_FRAME) {
                throw new IOException("frame of " + length + " bytes");
            }
            if (in.remaining() < header + length) {
                break;
            }
            byte[] payload = new byte[(int) length];
            in.position(start + header);
            in.get(payload);
            if (masked) {
                int mask = in.getInt(start + header - 4);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= (byte) (mask >>> (24 - 8 * (i & 3)));
                }
            }
            received(first & 0x0f, (first & 0x80) != 0, payload);
        }
        in.compact();
    }

    /** Consumes the server's handshake answer; false while it is incomplete. */
    private boolean upgrade() throws IOException {
        String head = StandardCharsets.ISO_8859_1.decode(in.duplicate()).toString();
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            if (!in.hasRemaining() && in.limit() == in.capacity()) {
                throw new IOException("handshake answer too long");
            }
            return false;
        }
        String status = head.substring(0, head.indexOf("\r\n"));
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + status);
        }
        in.position(in.position() + end + 4);
        upgraded = true;
        String hello = protocol.hello("peer " + index);
        if (hello != null) {
            send(hello);
        }
        return true;
    }

    private void received(int opcode, boolean last, byte[] payload) throws IOException {
        switch (opcode) {
            case TEXT, 0 -> {
                if (last && fragments.size() == 0) {
                    text(new String(payload, StandardCharsets.UTF_8));
                } else {
                    fragments.write(payload);
                    if (last) {
                        text(fragments.toString(StandardCharsets.UTF_8));
                        fragments.reset();
                    }
                }
            }
            case PING -> write(frame(PONG, payload));
            case CLOSE -> {
                closeCode = payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
                String status = payload.length >= 2
                        ? ((payload[0] & 0xff) << 8 | payload[1] & 0xff) + " " + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                        : "without a code";
                failed(new IOException("closed by server: " + status));
            }
            default -> { }
        }
    }

    private void text(String frame) {
        Protocol.Incoming incoming = protocol.parse(frame);
        switch (incoming.kind()) {
            case READY -> {
                if (incoming.peerId() != null) {
                    id = incoming.peerId();
                }
                ready.complete(System.nanoTime() - openedAt);
            }
            case RELAY -> onRelay.accept(incoming);
            case ERROR -> onError.accept(incoming.payload());
            default -> { }
        }
    }

    /** Before it is ready the failure goes to whoever awaits {@link #ready}; after, it counts as an error. */
    @Override
    public void failed(IOException failure) {
        boolean wasReady = ready.isDone() && !ready.isCompletedExceptionally();
        if (!closed && wasReady) {
            onError.accept(failure.getMessage());
        }
        ready.completeExceptionally(failure);
        close();
    }
}
