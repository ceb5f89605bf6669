package org.callroom.bench;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One abusive client: a socket in a room of its own that writes offers to its partner there as fast as the socket takes
 * them, with no pacing. Its replies (a {@code rate-limited} error per dropped frame) are read on a socket loop of its
 * own, so it is never disconnected for not reading and its traffic does not delay the calm peers' reads. When the
 * server closes it, it joins again at once and goes on, as a script would: the flood lasts as long as it is started.
 */
final class Flooder implements AutoCloseable {

    /** A server's close of a flooding socket: its close code (-1 when the connection just ended), and how long it had lived. */
    record Close(long atNanos, int code, double openSeconds, double droppedSeconds) { }

    /** Running totals; a window's figures are the difference of two. */
    record Tally(long sent, long relayed, long rateLimited, long otherErrors, long connections, long partnerConnections) {
        Tally minus(Tally earlier) {
            return new Tally(sent - earlier.sent, relayed - earlier.relayed, rateLimited - earlier.rateLimited,
                    otherErrors - earlier.otherErrors, connections - earlier.connections, partnerConnections - earlier.partnerConnections);
        }
    }

    /** One flooding socket, and when it was first told it was over the rate (0 until then). */
    private static final class Connection {
        Peer peer;
        long openedAt;
        volatile long firstDropAt;
    }

    private final Protocol protocol;
    private final URI base;
    private final String room;
    private final SocketLoop loop = new SocketLoop();
    private final LongAdder sent = new LongAdder();
    private final LongAdder relayed = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder otherErrors = new LongAdder();
    private final LongAdder connections = new LongAdder();
    /** More than one means the partner was disconnected, e.g. 1013 for falling behind the flood it is sent. */
    private final LongAdder partnerConnections = new LongAdder();
    private final ConcurrentLinkedQueue<Close> closes = new ConcurrentLinkedQueue<>();
    private Peer partner;
    private Connection flooding;
    private Thread thread;
    private volatile boolean running;

    Flooder(Protocol protocol, URI base, String room) {
        this.protocol = protocol;
        this.base = base;
        this.room = room;
    }

    void start() {
        running = true;
        thread = new Thread(this::flood, "flooder");
        thread.start();
    }

    /** Stops the flood and closes the flooding socket; the partner stays for the next start. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
        if (flooding != null && flooding.peer != null) {
            flooding.peer.close();
            flooding = null;
        }
    }

    Tally tally() {
        return new Tally(sent.sum(), relayed.sum(), rateLimited.sum(), otherErrors.sum(), connections.sum(), partnerConnections.sum());
    }

    List<Close> closesSince(long nanos) {
        return closes.stream().filter(c -> c.atNanos >= nanos).toList();
    }

    private void flood() {
        while (running) {
            if (partner == null || partner.closed) {
                partner = join("10.255.0.2", message -> relayed.increment(), error -> { });
                partnerConnections.increment();
                continue;
            }
            if (flooding == null || flooding.peer.closed) {
                closed(flooding);
                flooding = new Connection();
                Connection connection = flooding;
                connection.peer = join("10.255.0.1", message -> { }, error -> refused(connection, error));
                connection.openedAt = System.nanoTime();
                connections.increment();
                continue;
            }
            if (flooding.peer.backlogged()) {
                // The kernel's buffer is full: the server is reading as fast as it will. Spinning here would only take
                // the core the server needs.
                LockSupport.parkNanos(20_000);
                continue;
            }
            flooding.peer.send(protocol.relay("offer", partner.id, LoadGenerator.sdp()));
            sent.increment();
        }
    }

    private void refused(Connection connection, String error) {
        if (!error.startsWith("{")) {
            return; // the socket's close, counted when the flood notices it
        }
        JsonObject message = Protocol.json(error);
        if ("rate-limited".equals(Protocol.text(message, "code"))) {
            rateLimited.increment();
            if (connection.firstDropAt == 0) {
                connection.firstDropAt = System.nanoTime();
            }
        } else {
            otherErrors.increment();
        }
    }

    private void closed(Connection connection) {
        if (connection == null || connection.peer == null) {
            return;
        }
        long now = System.nanoTime();
        closes.add(new Close(now, connection.peer.closeCode, (now - connection.openedAt) / 1e9,
                connection.firstDropAt == 0 ? 0 : (now - connection.firstDropAt) / 1e9));
    }

    /** A joined socket of the flood's room, retried until it is welcomed: the server may not have seen the last one leave yet. */
    private Peer join(String address, Consumer<Protocol.Incoming> onRelay, Consumer<String> onError) {
        while (running) {
            Peer peer = new Peer(0, room, protocol, onRelay, onError).forwardedFor(address);
            try {
                peer.connect(loop, base).get(5, TimeUnit.SECONDS);
                return peer;
            } catch (Exception refused) {
                peer.close();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        if (partner != null) {
            partner.close();
        }
        loop.close();
    }
}
