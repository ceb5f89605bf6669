package org.callroom.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.callroom.protocol.Candidate;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ErrorCode;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.IceCandidate;
import org.callroom.protocol.Offer;
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

class MailboxTest {

    /** Completes each send later, on another thread, and checks that only one is ever in flight. */
    static final class AsyncTransport extends RecordingSocket {
        final Queue<ServerMessage> written = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean overlapped;
        final ExecutorService io = Executors.newSingleThreadExecutor();

        @Override
        public void send(ServerMessage message, Consumer<Throwable> completion) {
            if (inFlight.incrementAndGet() > 1) {
                overlapped = true;
            }
            io.execute(() -> {
                written.add(message);
                inFlight.decrementAndGet();
                completion.accept(null);
            });
        }
    }

    @Test
    void concurrentSendersGetEverythingDeliveredOneAtATimeInPerSenderOrder() throws Exception {
        AsyncTransport transport = new AsyncTransport();
        Mailbox mailbox = new Mailbox(transport, 1_000_000, Long.MAX_VALUE);
        int senders = 4;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        for (int s = 0; s < senders; s++) {
            int sender = s;
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    mailbox.send(new PeerLeft(sender + ":" + i));
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (transport.written.size() < senders * each && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        transport.io.shutdown();
        assertEquals(senders * each, transport.written.size(), "nothing lost");
        assertFalse(transport.overlapped, "never two writes in flight");
        int[] next = new int[senders];
        for (ServerMessage m : transport.written) {
            String[] parts = ((PeerLeft) m).peerId().split(":");
            int sender = Integer.parseInt(parts[0]);
            assertEquals(next[sender]++, Integer.parseInt(parts[1]), "per-sender order kept");
        }
    }

    /** Writes synchronously, optionally failing or throwing, and remembers what happened. */
    static final class SyncTransport extends RecordingSocket {
        final List<ServerMessage> written = new ArrayList<>();
        RuntimeException throwOnSend;
        Throwable failWith;

        @Override
        public void send(ServerMessage message, Consumer<Throwable> completion) {
            if (throwOnSend != null) {
                throw throwOnSend;
            }
            written.add(message);
            completion.accept(failWith);
        }
    }

    /** Holds every write's completion until the test releases it, like a peer that reads slowly. */
    static final class HeldTransport extends RecordingSocket {
        final List<ServerMessage> written = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        int writtenWhenClosed = -1;

        @Override
        public void send(ServerMessage message, Consumer<Throwable> completion) {
            written.add(message);
            pending.add(completion);
        }

        @Override
        public void close(CloseCode code, String reason) {
            super.close(code, reason);
            this.writtenWhenClosed = written.size();
        }
    }

    @Test
    void aLongBacklogOfSynchronousCompletionsDrainsWithoutRecursion() {
        SyncTransport transport = new SyncTransport();
        Mailbox mailbox = new Mailbox(transport, 10, Long.MAX_VALUE);
        for (int i = 0; i < 100_000; i++) {
            mailbox.send(new PeerLeft("p" + i));
        }
        assertEquals(100_000, transport.written.size());
        assertEquals(0, mailbox.backlog());
    }

    @Test
    void closeWaitsForWhatIsAlreadyQueuedSoAFinalErrorArrives() {
        HeldTransport transport = new HeldTransport();
        Mailbox mailbox = new Mailbox(transport, 10, Long.MAX_VALUE);
        mailbox.send(new PeerLeft("in flight"));
        mailbox.send(ErrorMessage.of(ErrorCode.ROOM_FULL, "full"));
        mailbox.close(CloseCode.POLICY_VIOLATION, "room full");
        mailbox.send(new PeerLeft("after close: dropped"));
        assertNull(transport.closedWith, "not while a write is in flight");
        transport.pending.get(0).accept(null);
        transport.pending.get(1).accept(null);
        assertEquals(CloseCode.POLICY_VIOLATION, transport.closedWith);
        assertEquals(2, transport.writtenWhenClosed, "the error went out before the close");
        assertEquals(2, transport.written.size());
    }

    @Test
    void aSendThatThrowsClosesThePeerInsteadOfJammingTheMailbox() {
        SyncTransport transport = new SyncTransport();
        transport.throwOnSend = new IllegalStateException("cannot encode");
        Mailbox mailbox = new Mailbox(transport, 10, Long.MAX_VALUE);
        mailbox.send(new PeerLeft("a"));
        assertEquals(CloseCode.INTERNAL_ERROR, transport.closedWith);
        transport.throwOnSend = null;
        mailbox.send(new PeerLeft("b"));
        assertTrue(transport.written.isEmpty());
    }

    @Test
    void aFailedWriteClosesThePeer() {
        SyncTransport transport = new SyncTransport();
        transport.failWith = new IllegalStateException("socket closed");
        Mailbox mailbox = new Mailbox(transport, 10, Long.MAX_VALUE);
        mailbox.send(new PeerLeft("a"));
        mailbox.send(new PeerLeft("b"));
        assertEquals(1, transport.written.size());
        assertEquals(CloseCode.INTERNAL_ERROR, transport.closedWith);
    }

    @Test
    void aBacklogOfLargeMessagesIsBoundedBySizeToo() {
        HeldTransport transport = new HeldTransport();
        Mailbox mailbox = new Mailbox(transport, 1000, 1_000_000);
        String sdp = "a".repeat(60_000);
        int sent = 0;
        while (transport.closedWith == null && sent < 1000) {
            mailbox.send(new Offer("b", "a", sdp));
            sent++;
        }
        assertEquals(CloseCode.TRY_AGAIN_LATER, transport.closedWith);
        assertTrue(sent <= 18, "closed after about a million characters, not after " + sent + " SDPs of 60,000");
    }

    @Test
    void aBacklogOfCandidatesIsBoundedByTheirEncodedSize() {
        HeldTransport transport = new HeldTransport();
        Mailbox mailbox = new Mailbox(transport, 1000, 100_000);
        // About 4.2 K on the wire each: the longest candidate string the protocol allows.
        Candidate candidate = new Candidate("b", "a", new IceCandidate("c".repeat(4096), "0", 0, "frag"));
        int sent = 0;
        while (transport.closedWith == null && sent < 1000) {
            mailbox.send(candidate);
            sent++;
        }
        assertEquals(CloseCode.TRY_AGAIN_LATER, transport.closedWith);
        assertTrue(sent <= 25, "closed after about 100,000 characters, not after " + sent + " candidates of 4 K");
    }

    @Test
    void aPeerThatFallsTooFarBehindIsClosedNotBufferedForever() {
        HeldTransport transport = new HeldTransport();
        Mailbox mailbox = new Mailbox(transport, 3, Long.MAX_VALUE);
        for (int i = 0; i < 4; i++) {
            mailbox.send(new PeerLeft("p" + i));
        }
        assertNull(transport.closedWith, "one in flight and three queued is within capacity");
        mailbox.send(new PeerLeft("one too many"));
        assertEquals(CloseCode.TRY_AGAIN_LATER, transport.closedWith);
        transport.pending.get(0).accept(null);
        assertEquals(1, transport.pending.size(), "nothing more is written after the close");
    }

    @Test
    void aHeldMailboxWritesNothingAndHandsOverTheGreetingThenWhatWaitedInOrder() {
        SyncTransport old = new SyncTransport();
        Mailbox mailbox = new Mailbox(old, 10, Long.MAX_VALUE);
        mailbox.send(new PeerLeft("before the drop"));
        assertTrue(mailbox.hold());
        assertFalse(mailbox.connected());
        mailbox.send(new PeerLeft("waits 1"));
        mailbox.send(new PeerLeft("waits 2"));
        assertEquals(List.of(new PeerLeft("before the drop")), old.written);

        RecordingRecipient next = new RecordingRecipient();
        assertTrue(mailbox.handOver(next, new PeerLeft("greeting")));
        mailbox.send(new PeerLeft("after"));
        assertEquals(List.of(new PeerLeft("greeting"), new PeerLeft("waits 1"), new PeerLeft("waits 2"), new PeerLeft("after")), next.received);
        assertFalse(mailbox.handOver(new RecordingRecipient(), new PeerLeft("twice")), "a place is taken over once");
        assertEquals(1, old.written.size());
    }

    @Test
    void aMailboxTheServerClosedIsNotHeldAndCannotBeHandedOver() {
        Mailbox mailbox = new Mailbox(new SyncTransport(), 10, Long.MAX_VALUE);
        mailbox.close(CloseCode.NORMAL, "left");
        assertFalse(mailbox.hold());
        RecordingRecipient next = new RecordingRecipient();
        assertFalse(mailbox.handOver(next, new PeerLeft("greeting")));
        assertTrue(next.received.isEmpty());
    }

    @Test
    void overflowingWhileHeldLosesThePlace() {
        Mailbox mailbox = new Mailbox(new SyncTransport(), 3, Long.MAX_VALUE);
        mailbox.hold();
        for (int i = 0; i < 4; i++) {
            mailbox.send(new PeerLeft("p" + i));
        }
        RecordingRecipient next = new RecordingRecipient();
        assertFalse(mailbox.handOver(next, new PeerLeft("greeting")));
        assertTrue(next.received.isEmpty());
    }

    @Test
    void aFailedWriteLosesThatMessageAndHoldsTheRestForAResume() {
        SyncTransport transport = new SyncTransport();
        transport.failWith = new IllegalStateException("broken pipe");
        Mailbox mailbox = new Mailbox(transport, 10, Long.MAX_VALUE);
        mailbox.send(new PeerLeft("lost"));
        mailbox.send(new PeerLeft("kept"));
        assertEquals(CloseCode.INTERNAL_ERROR, transport.closedWith);
        assertTrue(mailbox.hold(), "the socket dropped: its place is kept");
        RecordingRecipient next = new RecordingRecipient();
        assertTrue(mailbox.handOver(next, new PeerLeft("greeting")));
        assertEquals(List.of(new PeerLeft("greeting"), new PeerLeft("kept")), next.received);
    }

    @Test
    void sendersRacingAHandOverLoseNothingAndDuplicateNothing() throws Exception {
        for (int round = 0; round < 50; round++) {
            Mailbox mailbox = new Mailbox(new SyncTransport(), 1_000_000, Long.MAX_VALUE);
            mailbox.hold();
            RecordingRecipient next = new RecordingRecipient();
            int senders = 3;
            int each = 2_000;
            ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
            CountDownLatch start = new CountDownLatch(1);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        mailbox.send(new PeerLeft(sender + ":" + i));
                    }
                    return null;
                }));
            }
            done.add(pool.submit(() -> {
                start.await();
                assertTrue(mailbox.handOver(next, new PeerLeft("greeting")));
                return null;
            }));
            start.countDown();
            for (var future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<String> ids = next.received.stream().map(m -> ((PeerLeft) m).peerId()).toList();
            assertEquals("greeting", ids.get(0));
            assertEquals(senders * each + 1, ids.size(), "nothing lost, nothing twice");
            for (int s = 0; s < senders; s++) {
                String prefix = s + ":";
                List<String> mine = ids.stream().filter(id -> id.startsWith(prefix)).toList();
                for (int i = 0; i < each; i++) {
                    assertEquals(prefix + i, mine.get(i), "sender " + s + " in order");
                }
            }
        }
    }
}
