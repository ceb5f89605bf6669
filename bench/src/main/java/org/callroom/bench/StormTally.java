package org.callroom.bench;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What the peers of one resume storm share: the socket loop and the one timer thread every reconnect schedule runs on,
 * the load balancer's gate, and the counts and latencies of the storm. Peers report into it from the loop thread and
 * the timer thread.
 */
final class StormTally implements AutoCloseable {

    final SocketLoop loop = new SocketLoop();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "storm-timer");
        thread.setDaemon(true);
        return thread;
    });
    final URI base;
    /** Each delay times a uniform factor of 0.8–1.2, as js/signaling.js does; without, every peer keeps the same beat. */
    final boolean jitter;
    /** Closed while a load balancer would route no one to the restarted server: an attempt then fails at once. */
    volatile boolean gateOpen = true;
    /** Set when the server is killed: from then on, joins and leaves in the rooms are the storm's. */
    volatile boolean storming;

    // Before the kill.
    final LongAdder pongTokens = new LongAdder();
    final LongAdder dropsBeforeKill = new LongAdder();
    // The storm.
    final LongAdder drops = new LongAdder();
    final LongAdder attempts = new LongAdder();
    final LongAdder gated = new LongAdder();
    final LongAdder resumedSameId = new LongAdder();
    final LongAdder resumedOtherId = new LongAdder();
    final LongAdder notResumed = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder freshJoins = new LongAdder();
    final LongAdder gaveUp = new LongAdder();
    final LongAdder ended = new LongAdder();
    final LongAdder dropsAfterBack = new LongAdder();
    final LongAdder welcomeListsPartner = new LongAdder();
    final LongAdder peerJoinedPartner = new LongAdder();
    final LongAdder peerJoinedOther = new LongAdder();
    final LongAdder peerLeft = new LongAdder();
    /** Failed attempts by cause: refused (nothing listening), http-404 (a handshake answered without upgrade), timeout, ... */
    final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** Error messages by code, other than the resume-refused that the peers answer with a fresh join. */
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** join with resume → welcome, of resumes that kept the peer id (µs). */
    final Histogram resumeJoin = new Histogram(3);
    /** A fresh join after resume-refused → welcome (µs). */
    final Histogram freshJoin = new Histogram(3);
    /** TCP connect → the server's 101, of the storm's attempts that got one (µs). */
    final Histogram handshake = new Histogram(3);
    /** When the peer saw its socket drop → its welcome on a new one (µs). */
    final Histogram backAfterDrop = new Histogram(3);

    private final AtomicInteger unresolved = new AtomicInteger();
    private final AtomicReference<Moment> firstResumed = new AtomicReference<>();
    /** Completes when every peer is back (resumed or joined afresh) or gave up; with the time and server CPU then. */
    final CompletableFuture<Moment> allResolved = new CompletableFuture<>();
    private volatile ServerProcess server;

    /** A point of the storm: monotonic time and the server's CPU. */
    record Moment(long nanos, ServerProcess.Cpu serverCpu, ServerProcess.Cpu generatorCpu, long machineBusyNanos) {
        static Moment now(ServerProcess server) {
            return new Moment(System.nanoTime(), server == null ? new ServerProcess.Cpu(0, 0) : server.cpu(),
                    ServerProcess.generatorCpu(), ServerProcess.machineBusyNanos());
        }
    }

    StormTally(URI base, boolean jitter) {
        this.base = base;
        this.jitter = jitter;
    }

    /** The storm starts: {@code peers} peers are to come back. */
    void expect(int peers) {
        unresolved.set(peers);
    }

    /** The restarted server, whose CPU the moment every peer is back is read at. */
    void server(ServerProcess restarted) {
        this.server = restarted;
    }

    /** A peer is back or gave up; the last one stamps {@link #allResolved}. */
    void resolved(boolean resumed) {
        if (resumed && firstResumed.get() == null) {
            firstResumed.compareAndSet(null, Moment.now(server));
        }
        if (unresolved.decrementAndGet() == 0) {
            allResolved.complete(Moment.now(server));
        }
    }

    int unresolved() {
        return unresolved.get();
    }

    /** The first resume that kept its peer id after the kill, or null. */
    Moment firstResumed() {
        return firstResumed.get();
    }

    void failure(String cause) {
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    void error(String code) {
        errors.computeIfAbsent(String.valueOf(code), c -> new LongAdder()).increment();
    }

    static void record(Histogram histogram, long nanos) {
        synchronized (histogram) {
            histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
        }
    }

    static String counts(Map<String, LongAdder> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(counts).forEach((key, count) -> text.append(text.length() == 0 ? "" : ",").append(key).append(':').append(count.sum()));
        return text.toString();
    }

    static long sum(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public void close() throws Exception {
        timer.shutdownNow();
        loop.close();
    }
}
