package org.callroom.room;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.MessageCodec;
import org.callroom.protocol.ServerMessage;
import org.callroom.protocol.SignalMessage;

/**
 * A peer's outgoing messages, sent one at a time in order without blocking the sender.
 * Many threads may send at once (every peer of a room relays to this one); a lock-free queue and
 * a single "sending" flag keep exactly one write in flight, as asynchronous WebSocket sends require.
 * A peer that falls too far behind, by count or by size, is disconnected rather than buffered without bound.
 * When its socket drops, the mailbox keeps queueing (within the same bounds) without writing, until a resumed socket's
 * mailbox takes the queue over and everything sent here afterwards.
 */
public final class Mailbox implements Recipient {

    private record Closing(CloseCode code, String reason) {
    }

    /** A queued message with its encoded size, measured once. */
    private record Queued(ServerMessage message, long size) {
    }

    private final PeerSocket socket;
    private final int maxMessages;
    private final long maxChars;
    private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
    /** Count and size of the queue, kept beside it because ConcurrentLinkedQueue.size() walks the queue. */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    /** Set once: the close to send after the queue has drained. */
    private final AtomicReference<Closing> closing = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The socket dropped: queue, but write nothing. */
    private volatile boolean held;
    /** Set once, under this mailbox's lock, by handOver(): from then on everything goes there, through the lock. */
    private volatile Recipient successor;

    /** A peer may fall behind by at most {@code maxMessages} messages and {@code maxChars} characters of them. */
    public Mailbox(PeerSocket socket, int maxMessages, long maxChars) {
        this.socket = socket;
        this.maxMessages = maxMessages;
        this.maxChars = maxChars;
    }

    @Override
    public void send(ServerMessage message) {
        if (closing.get() != null) {
            return;
        }
        if (successor != null) {
            forward(message);
            return;
        }
        long size = sizeOf(message);
        if (queued.incrementAndGet() > maxMessages || queuedChars.addAndGet(size) > maxChars) {
            queued.decrementAndGet();
            queuedChars.addAndGet(-size);
            abort(CloseCode.TRY_AGAIN_LATER, "too far behind in receiving messages");
            return;
        }
        queue.add(new Queued(message, size));
        if (successor != null) {
            // Handed over while this was being queued: make sure it follows the rest.
            forwardQueued();
            return;
        }
        drain();
    }

    @Override
    public boolean hold() {
        held = true;
        return closing.get() == null;
    }

    @Override
    public boolean connected() {
        return !held && closing.get() == null;
    }

    @Override
    public synchronized boolean handOver(Recipient next, ServerMessage first) {
        if (closing.get() != null || successor != null) {
            return false;
        }
        held = true;
        next.send(first);
        successor = next;
        forwardQueued();
        return true;
    }

    /**
     * After a hand-over, under the lock, so that a message cannot overtake an older one of the same sender that is
     * still being moved; only the few sends that found the old mailbox before the room switched to the new one come here.
     */
    private synchronized void forward(ServerMessage message) {
        forwardQueued();
        successor.send(message);
    }

    /** Moves what is queued to the successor, oldest first; under the lock, so that two callers cannot interleave. */
    private synchronized void forwardQueued() {
        for (Queued next = queue.poll(); next != null; next = queue.poll()) {
            queued.decrementAndGet();
            queuedChars.addAndGet(-next.size());
            successor.send(next.message());
        }
    }

    /** Closes once the messages already queued have been written, so a final error still reaches the peer. */
    @Override
    public void close(CloseCode code, String reason) {
        if (closing.compareAndSet(null, new Closing(code, reason))) {
            drain();
        }
    }

    /** How many messages wait behind the one being written. */
    public long backlog() {
        return queued.get();
    }

    private void abort(CloseCode code, String reason) {
        closing.compareAndSet(null, new Closing(code, reason));
        queue.clear();
        if (closed.compareAndSet(false, true)) {
            socket.close(code, reason);
        }
    }

    /**
     * Writes until the queue is empty or a write is still in flight. A write that completes
     * synchronously hands control back to this loop instead of recursing, so a long backlog
     * cannot overflow the stack; one that completes later resumes draining on its own thread.
     */
    private void drain() {
        while (!closed.get() && !held && sending.compareAndSet(false, true)) {
            Queued next = held ? null : queue.poll();
            if (next == null) {
                sending.set(false);
                Closing finish = closing.get();
                if (finish != null && queue.isEmpty()) {
                    abort(finish.code(), finish.reason());
                    return;
                }
                // A sender may have queued after poll() and lost the race for the flag: look again.
                if (queue.isEmpty() || held) {
                    return;
                }
                continue;
            }
            queued.decrementAndGet();
            queuedChars.addAndGet(-next.size());
            Write write = new Write();
            try {
                socket.send(next.message(), write);
            } catch (RuntimeException | Error e) {
                // Containers throw from the send itself (closing socket, unencodable text): same as a failed write.
                write.accept(e);
            }
            if (!write.continueHere()) {
                return;
            }
        }
    }

    /** A failed write means the socket is gone: the message is lost, the rest is held for a resume. */
    private void written(Throwable failure) {
        if (failure != null) {
            held = true;
            socket.close(CloseCode.INTERNAL_ERROR, "sending failed");
        }
        sending.set(false);
    }

    /** Decides which side goes on draining: the loop (completed synchronously) or the completion (completed later). */
    private final class Write implements Consumer<Throwable> {
        private final AtomicBoolean firstDone = new AtomicBoolean();
        private volatile Throwable failure;

        @Override
        public void accept(Throwable failure) {
            this.failure = failure;
            if (!firstDone.compareAndSet(false, true)) {
                written(failure);
                drain();
            }
        }

        boolean continueHere() {
            if (firstDone.compareAndSet(false, true)) {
                return false;
            }
            written(failure);
            return true;
        }
    }

    /** The characters the message takes on the wire: a candidate can take 4 K as surely as an SDP can take 64 K. */
    private static long sizeOf(ServerMessage message) {
        // Every ServerMessage is a SignalMessage record, so the cast cannot fail.
        return MessageCodec.encode((SignalMessage) message).length();
    }
}
