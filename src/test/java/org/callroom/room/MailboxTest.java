package org.callroom.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.callroom.protocol.PeerLeft;
import org.callroom.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

class MailboxTest {

    /** Completes each send later, on another thread, and checks that only one is ever in flight. */
    static final class AsyncTransport implements Mailbox.Transport {
        final Queue<ServerMessage> written = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean overlapped;
        volatile int closeCode;
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

        @Override
        public void close(int closeCode, String reason) {
            this.closeCode = closeCode;
        }
    }

    @Test
    void concurrentSendersGetEverythingDeliveredOneAtATimeInPerSenderOrder() throws Exception {
        AsyncTransport transport = new AsyncTransport();
        Mailbox mailbox = new Mailbox(transport, 1_000_000);
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

    @Test
    void synchronousCompletionsDoNotLoseMessages() {
        List<ServerMessage> written = new ArrayList<>();
        Mailbox mailbox = new Mailbox(new Mailbox.Transport() {
            @Override
            public void send(ServerMessage message, Consumer<Throwable> completion) {
                written.add(message);
                completion.accept(null);
            }

            @Override
            public void close(int closeCode, String reason) {
            }
        }, 10);
        for (int i = 0; i < 100; i++) {
            mailbox.send(new PeerLeft("p" + i));
        }
        assertEquals(100, written.size());
        assertEquals(0, mailbox.backlog());
    }

    @Test
    void aPeerThatFallsTooFarBehindIsClosedNotBufferedForever() {
        List<Consumer<Throwable>> pending = new ArrayList<>();
        int[] closedWith = {0};
        Mailbox mailbox = new Mailbox(new Mailbox.Transport() {
            @Override
            public void send(ServerMessage message, Consumer<Throwable> completion) {
                pending.add(completion);
            }

            @Override
            public void close(int closeCode, String reason) {
                closedWith[0] = closeCode;
            }
        }, 3);
        for (int i = 0; i < 4; i++) {
            mailbox.send(new PeerLeft("p" + i));
        }
        assertEquals(0, closedWith[0], "one in flight and three queued is within capacity");
        mailbox.send(new PeerLeft("one too many"));
        assertEquals(Mailbox.TOO_SLOW, closedWith[0]);
        pending.get(0).accept(null);
        assertEquals(1, pending.size(), "nothing more is written after the close");
    }

    @Test
    void aFailedWriteStopsTheMailbox() {
        AtomicInteger sends = new AtomicInteger();
        Mailbox mailbox = new Mailbox(new Mailbox.Transport() {
            @Override
            public void send(ServerMessage message, Consumer<Throwable> completion) {
                sends.incrementAndGet();
                completion.accept(new IllegalStateException("socket closed"));
            }

            @Override
            public void close(int closeCode, String reason) {
            }
        }, 10);
        mailbox.send(new PeerLeft("a"));
        mailbox.send(new PeerLeft("b"));
        assertEquals(1, sends.get());
    }
}
