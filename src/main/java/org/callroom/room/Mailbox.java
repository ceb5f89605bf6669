package org.callroom.room;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.callroom.protocol.ServerMessage;

/**
 * A peer's outgoing messages, sent one at a time in order without blocking the sender.
 * Many threads may send at once (every peer of a room relays to this one); a lock-free queue and
 * a single "sending" flag keep exactly one write in flight, as asynchronous WebSocket sends require.
 * A peer that falls {@code capacity} messages behind is disconnected rather than buffered without bound.
 */
public final class Mailbox implements PeerChannel {

    /** Close code for a peer that cannot keep up (1013, "try again later"). */
    public static final int TOO_SLOW = 1013;

    /** What a mailbox writes to: one asynchronous send at a time, reporting completion (null) or failure. */
    public interface Transport {
        void send(ServerMessage message, Consumer<Throwable> completion);

        void close(int closeCode, String reason);
    }

    private final Transport transport;
    private final int capacity;
    private final Queue<ServerMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    public Mailbox(Transport transport, int capacity) {
        this.transport = transport;
        this.capacity = capacity;
    }

    @Override
    public void send(ServerMessage message) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            close(TOO_SLOW, "too far behind in receiving messages");
            return;
        }
        queue.add(message);
        drain();
    }

    @Override
    public void close(int closeCode, String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            transport.close(closeCode, reason);
        }
    }

    /** How many messages wait behind the one being written. */
    public int backlog() {
        return queued.get();
    }

    private void drain() {
        while (sending.compareAndSet(false, true)) {
            ServerMessage next = queue.poll();
            if (next != null) {
                queued.decrementAndGet();
                transport.send(next, this::sent);
                return;
            }
            sending.set(false);
            // A sender may have queued after poll() and lost the race for the flag: look again.
            if (queue.isEmpty()) {
                return;
            }
        }
    }

    private void sent(Throwable failure) {
        if (failure != null) {
            // The socket is gone; its close handler removes the peer from its room.
            closed.set(true);
            queue.clear();
        }
        sending.set(false);
        if (!closed.get()) {
            drain();
        }
    }
}
