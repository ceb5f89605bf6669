package org.callroom.bench;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Simulates call set-ups against a signaling server on loopback and reports latency, throughput,
 * server CPU per relayed message and memory per held session. Every phase is bounded in count and time.
 *
 * <pre>java -jar bench/target/callroom-bench.jar --protocol=callroom --url=ws://127.0.0.1:8080/ --pid=1234 --jvm --out=callroom.properties</pre>
 *
 * With {@code --flood}: calm rooms relaying at a fixed rate, alone and beside one client flooding as fast as it can
 * (see {@link #flood()} and bench/flood).
 */
public final class LoadGenerator {

    private static final String SDP_FILLER = "s=-\\r\\nt=0 0\\r\\n" + "a=candidate-filler:0123456789abcdef0123456789abcdef\\r\\n".repeat(60);

    private final Map<String, String> options;
    private final Protocol protocol;
    private final URI base;
    private final ServerProcess server;
    private final SocketLoop loop = new SocketLoop();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final Recorder relayLatency = new Recorder(3);
    private final LongAdder relayed = new LongAdder();
    /** With --slow-log: each relay at or over --slow-ms, as "received-at latency" in µs on the monotonic clock, to line up with perf traces. */
    private final ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
    private final long slowNanos;

    private LoadGenerator(Map<String, String> options) {
        this.options = options;
        this.protocol = "peerjs".equals(option("protocol", "callroom")) ? new Protocol.PeerJs() : new Protocol.Callroom();
        this.base = URI.create(option("url", "ws://127.0.0.1:8080/"));
        this.server = new ServerProcess(Long.parseLong(option("pid", "0")), options.containsKey("jvm"));
        this.slowNanos = options.containsKey("slow-log") ? TimeUnit.MILLISECONDS.toNanos(intOption("slow-ms", 10)) : Long.MAX_VALUE;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        LoadGenerator generator = new LoadGenerator(options);
        if (options.containsKey("startup-since")) {
            generator.firstHandshake(Long.parseLong(options.get("startup-since")));
        } else if (options.containsKey("flood")) {
            generator.flood();
        } else {
            generator.run();
        }
        System.exit(0);
    }

    /**
     * Start-up: tries to join every 50 ms until a peer is welcomed, and reports the time from
     * {@code startedAtMillis} (when the server process was launched) to that welcome, and the RSS then.
     */
    private void firstHandshake(long startedAtMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Peer probe = new Peer(0, "startup", protocol, m -> { }, e -> { });
            try {
                probe.connect(loop, base).get(2, TimeUnit.SECONDS);
                long elapsed = System.currentTimeMillis() - startedAtMillis;
                probe.close();
                Thread.sleep(2000);
                results.put("server", option("label", protocol.name()));
                results.put("startup_to_first_welcome_ms", elapsed);
                results.put("startup_rss_mb", server.rssBytes() / (1024 * 1024));
                report();
                return;
            } catch (Exception notYet) {
                probe.close();
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("no welcome within 3 minutes");
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        results.put("server", option("label", protocol.name()));
        int peers = intOption("peers", 1000);
        int roomSize = intOption("room-size", 2);
        int candidates = intOption("candidates", 10);
        System.out.printf("%s: %d peers in rooms of %d, %d candidates each way%n", protocol.name(), peers, roomSize, candidates);

        long idleRss = server.rssBytes();
        warmUp(roomSize, candidates);
        results.put("idle_rss_mb", idleRss / (1024 * 1024));
        List<Peer> callers = connect(peers, roomSize, "setup");
        callSetups(callers, roomSize, candidates, "setup");
        sustainedRelay(callers, roomSize);
        callers.forEach(Peer::close);

        int hold = intOption("hold", 0);
        if (hold > 0) {
            holdSessions(hold);
        }
        results.put("errors", errors.size());
        errors.stream().limit(5).forEach(e -> System.out.println("  error: " + e));
        if (options.containsKey("slow-log")) {
            Files.write(Path.of(option("slow-log", "")), slow);
        }
        report();
    }

    /**
     * Rounds of the set-up load, so that neither server is measured while its code is still cold: a JVM compiles its
     * join path only after thousands of joins. The first round, on a server that has served nothing yet, is kept
     * as {@code cold_*}: what the first callers after a restart meet.
     */
    private void warmUp(int roomSize, int candidates) throws Exception {
        int rounds = intOption("warmup-rounds", 100);
        Map<String, Object> cold = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<Peer> peers = connect(200, roomSize, "cold");
            callSetups(peers, roomSize, candidates, "cold");
            peers.forEach(Peer::close);
            if (round == 0) {
                cold.putAll(results);
            }
        }
        results.clear();
        results.put("server", option("label", protocol.name()));
        results.putAll(cold);
    }

    /** Connects and joins {@code count} peers in rooms of {@code roomSize}, at most 256 handshakes at a time. */
    private List<Peer> connect(int count, int roomSize, String prefix) throws Exception {
        Histogram joins = new Histogram(3);
        Semaphore inFlight = new Semaphore(256);
        List<Peer> peers = new ArrayList<>();
        List<CompletableFuture<Long>> ready = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        long cpuBefore = server.cpuNanos();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            Peer peer = new Peer(i, prefix + "-" + run + "-" + (i / roomSize), protocol, this::received, errors::add);
            if (options.containsKey("forwarded-for")) {
                // Each peer its own client address, as behind a proxy, so a per-address socket cap sees many users.
                peer.forwardedFor("10." + ((i + 1) >> 16 & 255) + "." + ((i + 1) >> 8 & 255) + "." + ((i + 1) & 255));
            }
            peers.add(peer);
            ready.add(peer.connect(loop, base).whenComplete((nanos, failure) -> {
                inFlight.release();
                if (failure == null) {
                    synchronized (joins) {
                        joins.recordValue(TimeUnit.NANOSECONDS.toMicros(nanos));
                    }
                } else {
                    errors.add("connect failed: " + failure);
                }
            }));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).exceptionally(f -> null).get(5, TimeUnit.MINUTES);
        long joined = ready.stream().filter(f -> !f.isCompletedExceptionally()).count();
        results.put(prefix + "_joined", joined);
        results.put(prefix + "_join_cpu_us_per_peer", String.format("%.1f", (server.cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, joined)));
        percentiles(prefix + "_join_ms", joins);
        return peers;
    }

    private void received(Protocol.Incoming message) {
        long sentAt = sentAt(message.payload());
        if (sentAt > 0) {
            long now = System.nanoTime();
            relayLatency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - sentAt)));
            if (now - sentAt >= slowNanos) {
                slow.add(now / 1000 + " " + (now - sentAt) / 1000);
            }
        }
        relayed.increment();
    }

    /** Offer, answer and trickled candidates between every pair of each room, the newcomer offering. */
    private void callSetups(List<Peer> peers, int roomSize, int candidates, String prefix) throws Exception {
        relayLatency.getIntervalHistogram();
        long before = relayed.sum();
        long expected = 0;
        long cpuBefore = server.cpuNanos();
        long start = System.nanoTime();
        for (int first = 0; first + roomSize <= peers.size(); first += roomSize) {
            for (int j = first + 1; j < first + roomSize; j++) {
                for (int i = first; i < j; i++) {
                    Peer newcomer = peers.get(j);
                    Peer existing = peers.get(i);
                    newcomer.send(protocol.relay("offer", existing.id, sdp()));
                    existing.send(protocol.relay("answer", newcomer.id, sdp()));
                    for (int c = 0; c < candidates; c++) {
                        newcomer.send(protocol.relay("candidate", existing.id, candidate()));
                        existing.send(protocol.relay("candidate", newcomer.id, candidate()));
                    }
                    expected += 2 + 2L * candidates;
                }
            }
        }
        long delivered = await(before, expected, Duration.ofSeconds(60));
        long elapsed = System.nanoTime() - start;
        results.put(prefix + "_messages", expected);
        results.put(prefix + "_lost", expected - delivered);
        results.put(prefix + "_msgs_per_s", delivered * 1_000_000_000L / Math.max(1, elapsed));
        results.put(prefix + "_cpu_us_per_msg", String.format("%.2f", (server.cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, delivered)));
        percentiles(prefix + "_relay_ms", relayLatency.getIntervalHistogram());
    }

    /**
     * Candidates between the pairs at rising fixed rates, each for --step-seconds after --settle-seconds at that rate
     * unmeasured (a JVM recompiles parts of its read path when the rate changes, which would be billed to the step's
     * first seconds); stops at the first step with loss or that the generator itself cannot send at the asked rate.
     */
    private void sustainedRelay(List<Peer> peers, int roomSize) throws Exception {
        List<Peer[]> pairs = pairs(peers, roomSize);
        int warmUpSeconds = intOption("warmup-seconds", 20);
        if (warmUpSeconds > 0) {
            relayAt(pairs, intOption("warmup-rate", 5000), TimeUnit.SECONDS.toNanos(warmUpSeconds));
        }
        long stepNanos = TimeUnit.SECONDS.toNanos(intOption("step-seconds", 10));
        long settleNanos = TimeUnit.SECONDS.toNanos(intOption("settle-seconds", 5));
        long best = 0;
        for (String rateText : option("rates", "1000,5000,10000,20000,40000,80000").split(",")) {
            int rate = Integer.parseInt(rateText);
            if (settleNanos > 0) {
                relayAt(pairs, rate, settleNanos);
            }
            Step step = relayAt(pairs, rate, stepNanos);
            String key = "rate_" + rate;
            results.put(key + "_achieved", Math.round(step.achieved));
            results.put(key + "_lost", step.lost);
            results.put(key + "_cpu_us_per_msg", String.format("%.2f", step.cpuPerMessage));
            results.put(key + "_cpu_sys_us_per_msg", String.format("%.2f", step.systemCpuPerMessage));
            results.put(key + "_generator_cpu_us_per_msg", String.format("%.2f", step.generatorCpuPerMessage));
            results.put(key + "_other_cpu_pct", String.format("%.1f", step.otherCpuPercent));
            percentiles(key + "_relay_ms", step.latency);
            System.out.printf("  %6d msg/s asked, %6.0f sent/s, lost %d, p50 %.2f p99 %.2f p99.9 %.2f ms, server CPU %.2f µs/msg%n",
                    rate, step.achieved, step.lost, step.latency.getValueAtPercentile(50) / 1000.0,
                    step.latency.getValueAtPercentile(99) / 1000.0, step.latency.getValueAtPercentile(99.9) / 1000.0,
                    step.cpuPerMessage);
            if (step.lost != 0) {
                break;
            }
            best = Math.round(step.achieved);
            if (step.achieved < rate * 0.95) {
                results.put("generator_limited_at", rate);
                break;
            }
        }
        results.put("max_sustained_msgs_per_s", best);
    }

    /** Sender and addressee, both ways between the first two peers of each room. */
    private static List<Peer[]> pairs(List<Peer> peers, int roomSize) {
        List<Peer[]> pairs = new ArrayList<>();
        for (int first = 0; first + roomSize <= peers.size(); first += roomSize) {
            pairs.add(new Peer[] {peers.get(first), peers.get(first + 1)});
            pairs.add(new Peer[] {peers.get(first + 1), peers.get(first)});
        }
        return pairs;
    }

    /**
     * Calm rooms (--calm-rooms of two, relaying --calm-rate candidates a second in all, each socket far under the rate
     * limit) first alone, then beside one {@link Flooder}, repeated --rounds times against the same warm server, so
     * that the comparison is within one run. Per scenario: the calm relay's rate, latency and loss, the flooder's
     * frames sent, relayed and refused and its closes, and the server's CPU.
     */
    private void flood() throws Exception {
        results.put("server", option("label", protocol.name()));
        int rooms = intOption("calm-rooms", 50);
        int rate = intOption("calm-rate", 1000);
        int rounds = intOption("rounds", 3);
        long stepNanos = TimeUnit.SECONDS.toNanos(intOption("step-seconds", 20));
        long settleNanos = TimeUnit.SECONDS.toNanos(intOption("settle-seconds", 5));
        System.out.printf("%s: %d calm rooms of 2 at %d msg/s in all, %d rounds of calm and calm + flood%n",
                option("label", protocol.name()), rooms, rate, rounds);
        List<Peer> calm = connect(2 * rooms, 2, "calm");
        List<Peer[]> pairs = pairs(calm, 2);
        try (Flooder flooder = new Flooder(protocol, base, "flood-" + Long.toString(System.nanoTime(), 36))) {
            // Unmeasured: the server compiles its relay, drop and close paths before the first measured scenario.
            flooder.start();
            relayAt(pairs, rate, TimeUnit.SECONDS.toNanos(intOption("warmup-seconds", 30)));
            flooder.stop();
            for (int round = 1; round <= rounds; round++) {
                for (String scenario : List.of("calm", "flood")) {
                    boolean flooding = scenario.equals("flood");
                    if (flooding) {
                        flooder.start();
                    }
                    // Unmeasured: a flood has begun, or the last one's backlog is drained, before the window opens.
                    relayAt(pairs, rate, settleNanos);
                    floodScenario(scenario + "_" + round, flooder, pairs, rate, stepNanos);
                    if (flooding) {
                        flooder.stop();
                    }
                }
            }
        }
        calm.forEach(Peer::close);
        results.put("errors", errors.size());
        errors.stream().limit(5).forEach(e -> System.out.println("  error: " + e));
        report();
    }

    private void floodScenario(String key, Flooder flooder, List<Peer[]> pairs, int rate, long stepNanos) throws InterruptedException {
        int errorsBefore = errors.size();
        Flooder.Tally before = flooder.tally();
        long windowStart = System.nanoTime();
        Step step = relayAt(pairs, rate, stepNanos);
        Flooder.Tally flood = flooder.tally().minus(before);
        List<Flooder.Close> closes = flooder.closesSince(windowStart);
        double seconds = step.wallNanos / 1e9;
        results.put(key + "_calm_msgs_per_s", Math.round(step.achieved));
        results.put(key + "_calm_lost", step.lost);
        results.put(key + "_calm_errors", errors.size() - errorsBefore);
        percentiles(key + "_calm_relay_ms", step.latency);
        results.put(key + "_calm_relay_ms_max", String.format("%.3f", step.latency.getMaxValue() / 1000.0));
        results.put(key + "_flood_sent_per_s", Math.round(flood.sent() / seconds));
        results.put(key + "_flood_relayed_per_s", Math.round(flood.relayed() / seconds));
        results.put(key + "_flood_rate_limited_per_s", Math.round(flood.rateLimited() / seconds));
        results.put(key + "_flood_other_errors", flood.otherErrors());
        results.put(key + "_flood_connections", flood.connections());
        results.put(key + "_flood_partner_reconnections", flood.partnerConnections());
        results.put(key + "_flood_closes", closes.size());
        results.put(key + "_flood_close_codes", closes.stream().map(c -> Integer.toString(c.code())).distinct().sorted()
                .reduce((a, b) -> a + "+" + b).orElse("-"));
        results.put(key + "_flood_open_s", String.format("%.1f", median(closes.stream().mapToDouble(Flooder.Close::openSeconds).toArray())));
        results.put(key + "_flood_dropped_s", String.format("%.1f", median(closes.stream().mapToDouble(Flooder.Close::droppedSeconds).toArray())));
        results.put(key + "_server_cpu_pct", String.format("%.1f", 100.0 * step.serverCpuNanos / step.wallNanos));
        // Calm and flood messages alike: what a relayed message costs the server under each load.
        results.put(key + "_server_cpu_us_per_relayed", String.format("%.1f", step.serverCpuNanos / 1000.0 / Math.max(1, step.delivered + flood.relayed())));
        results.put(key + "_server_cpu_us_per_calm_msg", String.format("%.1f", step.cpuPerMessage));
        results.put(key + "_generator_cpu_pct", String.format("%.1f", 100.0 * step.generatorCpuNanos / step.wallNanos));
        results.put(key + "_other_cpu_pct", String.format("%.1f", step.otherCpuPercent));
        System.out.printf("  %-8s calm %4.0f msg/s, lost %d, p50 %.2f p99 %.2f max %.2f ms; flood sent %d/s relayed %d/s rate-limited %d/s,"
                        + " %d closes; server %.0f %% of a core, %s µs per relayed msg%n",
                key, step.achieved, step.lost, step.latency.getValueAtPercentile(50) / 1000.0, step.latency.getValueAtPercentile(99) / 1000.0,
                step.latency.getMaxValue() / 1000.0, Math.round(flood.sent() / seconds), Math.round(flood.relayed() / seconds),
                Math.round(flood.rateLimited() / seconds), closes.size(), 100.0 * step.serverCpuNanos / step.wallNanos,
                results.get(key + "_server_cpu_us_per_relayed"));
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        Arrays.sort(values);
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /**
     * One relay step. CPU per message is the server's (user plus system, and the system part alone: the
     * kernel's TCP work, which no server can avoid) and the generator's; other CPU is the share of the
     * machine's cores busy with neither, i.e. interference.
     */
    private record Step(double achieved, long lost, double cpuPerMessage, double systemCpuPerMessage,
            double generatorCpuPerMessage, double otherCpuPercent, Histogram latency,
            long delivered, long wallNanos, long serverCpuNanos, long generatorCpuNanos) { }

    /** Sends candidates round the pairs at {@code rate} for {@code nanos}, then waits up to 10 s for their delivery. */
    private Step relayAt(List<Peer[]> pairs, int rate, long nanos) throws InterruptedException {
        relayLatency.getIntervalHistogram();
        long before = relayed.sum();
        ServerProcess.Cpu cpuBefore = server.cpu();
        ServerProcess.Cpu generatorBefore = ServerProcess.generatorCpu();
        long machineBefore = ServerProcess.machineBusyNanos();
        long start = System.nanoTime();
        long sent = 0;
        int next = 0;
        while (System.nanoTime() - start < nanos) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            for (; sent < due; sent++) {
                Peer[] pair = pairs.get(next++ % pairs.size());
                pair[0].send(protocol.relay("candidate", pair[1].id, candidate()));
            }
            Thread.onSpinWait();
            if (sent >= due) {
                Thread.sleep(0, 200_000);
            }
        }
        long sendNanos = System.nanoTime() - start;
        long delivered = await(before, sent, Duration.ofSeconds(10));
        long wallNanos = System.nanoTime() - start;
        ServerProcess.Cpu serverCpu = server.cpu().minus(cpuBefore);
        ServerProcess.Cpu generatorCpu = ServerProcess.generatorCpu().minus(generatorBefore);
        long otherNanos = ServerProcess.machineBusyNanos() - machineBefore - serverCpu.totalNanos() - generatorCpu.totalNanos();
        double perMessage = 1000.0 * Math.max(1, delivered);
        return new Step(sent * 1e9 / sendNanos, sent - delivered, serverCpu.totalNanos() / perMessage,
                serverCpu.systemNanos() / perMessage, generatorCpu.totalNanos() / perMessage,
                100.0 * Math.max(0, otherNanos) / ((double) wallNanos * Runtime.getRuntime().availableProcessors()),
                relayLatency.getIntervalHistogram(), delivered, wallNanos, serverCpu.totalNanos(), generatorCpu.totalNanos());
    }

    /** Holds {@code count} joined sessions and measures what they cost the server. */
    private void holdSessions(int count) throws Exception {
        long heapBefore = server.liveHeapBytes();
        long rssBefore = server.rssBytes();
        List<Peer> held = connect(count, 2, "hold");
        long holdNanos = TimeUnit.SECONDS.toNanos(intOption("hold-seconds", 10));
        long cpuBefore = server.cpuNanos();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(holdNanos));
        results.put("hold_idle_cpu_pct", String.format("%.2f", 100.0 * (server.cpuNanos() - cpuBefore) / holdNanos));
        long heapAfter = server.liveHeapBytes();
        long rssAfter = server.rssBytes();
        long open = held.stream().filter(p -> !p.closed).count();
        results.put("hold_open", open);
        if (heapBefore >= 0) {
            results.put("hold_heap_kb_per_session", (heapAfter - heapBefore) / 1024 / Math.max(1, open));
        }
        results.put("hold_rss_kb_per_session", (rssAfter - rssBefore) / 1024 / Math.max(1, open));
        held.forEach(Peer::close);
    }

    private long await(long before, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (relayed.sum() - before < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(200); // Late duplicates would show as negative loss.
        return relayed.sum() - before;
    }

    private void percentiles(String key, Histogram histogram) {
        results.put(key + "_p50", String.format("%.3f", histogram.getValueAtPercentile(50) / 1000.0));
        results.put(key + "_p99", String.format("%.3f", histogram.getValueAtPercentile(99) / 1000.0));
        results.put(key + "_p999", String.format("%.3f", histogram.getValueAtPercentile(99.9) / 1000.0));
    }

    private void report() throws IOException {
        results.forEach((k, v) -> System.out.println("  " + k + " = " + v));
        String out = options.get("out");
        if (out != null) {
            try (Writer writer = Files.newBufferedWriter(Path.of(out))) {
                for (Map.Entry<String, Object> e : results.entrySet()) {
                    writer.write(e.getKey() + "=" + e.getValue() + "\n");
                }
            }
        }
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    static String sdp() {
        return "v=0\\r\\no=- " + System.nanoTime() + " " + SEQUENCE.incrementAndGet() + " IN IP4 127.0.0.1\\r\\n" + SDP_FILLER;
    }

    private static String candidate() {
        return "candidate:" + System.nanoTime() + " 1 udp 2122260223 127.0.0.1 " + (50000 + SEQUENCE.incrementAndGet() % 10000) + " typ host generation 0";
    }

    /** The send time the payload carries: the number after "candidate:" or "o=- ". */
    static long sentAt(String payload) {
        if (payload == null) {
            return -1;
        }
        int start = payload.startsWith("candidate:") ? 10 : payload.indexOf("o=- ") + 4;
        if (start < 4) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < payload.length() && Character.isDigit(payload.charAt(i)); i++) {
            value = value * 10 + (payload.charAt(i) - '0');
        }
        return value;
    }
}
