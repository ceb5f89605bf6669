package org.callroom.bench;

import java.io.IOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The resume storm (bench/storm): {@code --peers} peers in rooms of two join the
 * server whose pid is {@code --pid}, ping until each holds a token from a {@code pong}, and then the server is killed
 * ({@code --kill=KILL}, a crash, or {@code TERM}) and started again with the command after {@code --} (the same port
 * and resume key file, so the resume key survives). Every peer reconnects on the call page's schedule, with or
 * without its jitter, and resumes. In a {@code warm-*} variant a load balancer holds the peers back (each attempt
 * fails at once) until the restarted server has answered GET / with 200, welcomed a probe join ({@code --readiness=http}
 * skips the probe) and served {@code --warmup-joins} throwaway join/leave cycles, {@code --warmup-concurrency} at a
 * time; in a {@code cold-*} variant they go straight to it. Server CPU is the restarted process's utime+stime from
 * /proc/PID/stat between the moments named in the result keys.
 *
 * <pre>java -cp callroom-bench.jar org.callroom.bench.ResumeStorm --variant=cold-jitter --peers=1000 --port=P --pid=PID
 *     --out=storm.properties --pidfile=restarted.pid --server-log=restarted.log -- java ... -jar payara-micro.jar ...</pre>
 *
 * It stops the server it started before it exits, and writes its pid to {@code --pidfile} meanwhile, so that the script
 * can stop it too if this process dies.
 */
public final class ResumeStorm {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, String> options;
    private final List<String> serverCommand;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final String variant;
    private final boolean warm;
    private final int port;
    private final URI base;
    private final StormTally tally;
    private volatile Process restarted;

    private ResumeStorm(Map<String, String> options, List<String> serverCommand) {
        this.options = options;
        this.serverCommand = serverCommand;
        this.variant = option("variant", "cold-jitter");
        if (!List.of("cold-jitter", "cold-no-jitter", "warm-jitter", "warm-no-jitter").contains(variant)) {
            throw new IllegalArgumentException("--variant must be cold-jitter, cold-no-jitter, warm-jitter or warm-no-jitter, was " + variant);
        }
        this.warm = variant.startsWith("warm-");
        this.port = Integer.parseInt(required("port"));
        this.base = URI.create("ws://127.0.0.1:" + port + "/");
        this.tally = new StormTally(base, !variant.endsWith("-no-jitter"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                command.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            String[] pair = args[i].replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        if (command.isEmpty()) {
            System.err.println("storm: give the server's command after --");
            System.exit(2);
        }
        ResumeStorm storm = new ResumeStorm(options, command);
        Runtime.getRuntime().addShutdownHook(new Thread(storm::killRestarted, "stop-restarted-server"));
        int status = 0;
        try {
            storm.run();
        } catch (Exception | AssertionError failure) {
            System.err.println("storm (" + storm.variant + "): " + failure.getMessage());
            storm.results.put("error", String.valueOf(failure.getMessage()).replaceAll("\\s+", " "));
            status = 1;
        } finally {
            storm.stopRestarted();
            storm.report();
        }
        System.exit(status);
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        int peers = intOption("peers", 1000);
        if (peers < 2 || peers % 2 != 0) {
            throw new IllegalArgumentException("--peers must be even and at least 2, was " + peers);
        }
        String kill = option("kill", "KILL").toUpperCase(java.util.Locale.ROOT);
        if (!kill.equals("KILL") && !kill.equals("TERM")) {
            throw new IllegalArgumentException("--kill must be KILL or TERM, was " + kill);
        }
        long oldPid = Long.parseLong(required("pid"));
        int warmupJoins = intOption("warmup-joins", 2000);
        int warmupConcurrency = intOption("warmup-concurrency", 50);
        results.put("variant", variant);
        results.put("peers", peers);
        results.put("rooms", peers / 2);
        results.put("kill", "SIG" + kill);
        results.put("jitter", tally.jitter ? "0.8-1.2" : "none");
        results.put("warmup_joins", warm ? warmupJoins : 0);

        List<StormPeer> all = joinAll(peers);
        results.put("grace_seconds", all.get(0).graceSeconds);
        String expectedGrace = options.get("grace-seconds");
        if (expectedGrace != null && all.get(0).graceSeconds != Integer.parseInt(expectedGrace)) {
            throw new IllegalStateException("the server's resumeGraceSeconds is " + all.get(0).graceSeconds + ", not " + expectedGrace);
        }
        pongAll(all);
        Thread.sleep(1000);
        if (tally.dropsBeforeKill.sum() > 0) {
            throw new IllegalStateException(tally.dropsBeforeKill.sum() + " sockets dropped before the kill");
        }

        // The kill, and the new process on the same port and key file.
        tally.expect(peers);
        tally.gateOpen = !warm;
        tally.storming = true;
        long killAt = System.nanoTime();
        ProcessHandle old = ProcessHandle.of(oldPid).orElseThrow(() -> new IllegalStateException("no server process " + oldPid));
        if (kill.equals("KILL")) {
            old.destroyForcibly();
        } else {
            old.destroy();
        }
        long goneAt = awaitGone(oldPid, kill.equals("TERM") ? 60 : 10);
        results.put("kill_to_old_gone_ms", millis(goneAt - killAt));

        Path log = Path.of(option("server-log", "bench/target/results/storm-restarted.log"));
        StormTally.Moment start = StormTally.Moment.now(null);
        restarted = new ProcessBuilder(serverCommand).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long startedAtEpochMs = System.currentTimeMillis();
        String pidFile = options.get("pidfile");
        if (pidFile != null) {
            Files.writeString(Path.of(pidFile), restarted.pid() + "\n");
        }
        ServerProcess server = new ServerProcess(restarted.pid(), true);
        tally.server(server);
        results.put("restarted_at_epoch_ms", startedAtEpochMs);
        results.put("restarted_pid", restarted.pid());

        StormTally.Moment portUp = awaitPort(server, log);
        StormTally.Moment httpUp = awaitHttp(server, log);
        StormTally.Moment gate = portUp;
        if (warm) {
            // An operator's script waits for a join to be welcomed, not only GET /: with a --rootdir, Payara Micro would
            // serve the application it kept there before deploying --deploy's over it (--readiness=http skips the join).
            StormTally.Moment ready = httpUp;
            if (!option("readiness", "join").equals("http")) {
                ready = awaitWelcome(server, log);
                results.put("start_to_probe_welcome_ms", millis(ready.nanos() - start.nanos()));
                results.put("readiness", "join");
            } else {
                results.put("readiness", "http");
            }
            Warmup warmup = warmup(warmupJoins, warmupConcurrency);
            StormTally.Moment warmed = StormTally.Moment.now(server);
            tally.gateOpen = true;
            gate = warmed;
            results.put("warmup_ms", millis(warmed.nanos() - ready.nanos()));
            results.put("warmup_cpu_ms", millis(cpu(warmed, ready)));
            results.put("warmup_cpu_us_per_join", String.format("%.0f", cpu(warmed, ready) / 1000.0 / Math.max(1, warmup.done)));
            results.put("warmup_done", warmup.done);
            results.put("warmup_failed", warmup.failed);
            results.put("warmup_failures", warmup.failures);
        }

        long timeoutNanos = TimeUnit.SECONDS.toNanos(all.get(0).graceSeconds) + 2 * MINUTE;
        StormTally.Moment done;
        try {
            done = tally.allResolved.get(Math.max(0, timeoutNanos - (System.nanoTime() - killAt)), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            done = null;
        }
        Thread.sleep(2000); // the peer-joined that the last resumes cause
        results.put("unresolved", tally.unresolved());
        results.put("all_resumed", done != null && tally.resumedSameId.sum() == peers);

        results.put("start_to_port_ms", millis(portUp.nanos() - start.nanos()));
        results.put("start_to_http_ms", millis(httpUp.nanos() - start.nanos()));
        results.put("gate", warm ? "warm-up end" : "port accepting");
        StormTally.Moment first = tally.firstResumed();
        if (first != null) {
            results.put("start_to_first_resumed_ms", millis(first.nanos() - start.nanos()));
        }
        boolean settled = done != null;
        if (settled && done.nanos() - gate.nanos() < 0) {
            results.put("settled_before_let_in", true); // every peer gave up while held back: no storm to measure
            done = null;
        }
        if (done != null) {
            // "back": resumed or joined afresh; with a peer that gave up, the time is of the last to settle either way.
            String end = tally.gaveUp.sum() + tally.ended.sum() == 0 ? "all_back" : "all_settled";
            results.put("gate_to_" + end + "_ms", millis(done.nanos() - gate.nanos()));
            results.put("start_to_" + end + "_ms", millis(done.nanos() - start.nanos()));
            results.put("kill_to_" + end + "_ms", millis(done.nanos() - killAt));
        }
        results.put("boot_cpu_ms", millis(portUp.serverCpu().totalNanos()));
        results.put("start_to_http_cpu_ms", millis(httpUp.serverCpu().totalNanos()));
        if (done != null) {
            long storm = cpu(done, gate);
            long back = tally.resumedSameId.sum() + tally.resumedOtherId.sum() + tally.freshJoins.sum() + tally.notResumed.sum();
            results.put("storm_cpu_ms", millis(storm));
            results.put("storm_cpu_us_per_back_peer", String.format("%.0f", storm / 1000.0 / Math.max(1, back)));
            results.put("start_to_end_cpu_ms", millis(done.serverCpu().totalNanos()));
            if (first != null) {
                // The resumes themselves, whatever the boot and the warm-up cost before the first of them.
                results.put("first_resumed_to_end_ms", millis(done.nanos() - first.nanos()));
                results.put("first_resumed_to_end_cpu_ms", millis(cpu(done, first)));
                results.put("first_resumed_to_end_cpu_us_per_peer", String.format("%.0f", cpu(done, first) / 1000.0 / Math.max(1, back - 1)));
            }
            results.put("generator_storm_cpu_ms", millis(done.generatorCpu().totalNanos() - gate.generatorCpu().totalNanos()));
            long wall = done.nanos() - gate.nanos();
            long other = done.machineBusyNanos() - gate.machineBusyNanos() - storm
                    - (done.generatorCpu().totalNanos() - gate.generatorCpu().totalNanos());
            results.put("other_cpu_pct", String.format("%.0f", 100.0 * other / Math.max(1, wall * (long) Runtime.getRuntime().availableProcessors())));
        }
        results.put("server_rss_mb", server.rssBytes() / (1024 * 1024));

        percentiles("resume_join_ms", tally.resumeJoin);
        percentiles("fresh_join_ms", tally.freshJoin);
        percentiles("handshake_ms", tally.handshake);
        percentiles("drop_to_back_ms", tally.backAfterDrop);

        results.put("drops_seen", tally.drops.sum());
        results.put("resumed_same_id", tally.resumedSameId.sum());
        results.put("resumed_other_id", tally.resumedOtherId.sum());
        results.put("resume_refused", tally.refused.sum());
        results.put("fresh_joins", tally.freshJoins.sum());
        results.put("welcome_not_resumed", tally.notResumed.sum());
        results.put("gave_up", tally.gaveUp.sum());
        results.put("ended_by_close", tally.ended.sum());
        results.put("attempts", tally.attempts.sum());
        results.put("attempts_gated", tally.gated.sum());
        results.put("attempts_failed", StormTally.sum(tally.failures));
        results.put("attempt_failures", StormTally.counts(tally.failures));
        results.put("errors", StormTally.counts(tally.errors));
        results.put("drops_after_back", tally.dropsAfterBack.sum());
        results.put("welcome_lists_partner", tally.welcomeListsPartner.sum());
        results.put("peer_joined_partner_old_id", tally.peerJoinedPartner.sum());
        results.put("peer_joined_other", tally.peerJoinedOther.sum());
        results.put("peer_left", tally.peerLeft.sum());
        long reformed = 0;
        for (int i = 0; i < all.size(); i += 2) {
            if (all.get(i).partnerSeen && all.get(i + 1).partnerSeen) {
                reformed++;
            }
        }
        results.put("rooms_reformed", reformed);
        results.put("server_log_severe", severe(log));
        bootLog(log, startedAtEpochMs);
        System.out.printf("storm (%s): %d of %d resumed with their ids, %d refused, %d gave up%s%n", variant,
                tally.resumedSameId.sum(), peers, tally.refused.sum(), tally.gaveUp.sum(),
                done == null ? "" : String.format(", all back %.1f s after the restart", (done.nanos() - start.nanos()) / 1e9));
        if (tally.gaveUp.sum() > 0) {
            System.out.printf("storm (%s): peers give up when their last token expires (grace %d s): the server was not in"
                    + " service in time%n", variant, all.get(0).graceSeconds);
        }
        all.forEach(StormPeer::close);
        tally.close();
        if (!settled) {
            throw new IllegalStateException(tally.unresolved() + " of " + peers + " peers neither back nor given up "
                    + millis(System.nanoTime() - killAt) + " ms after the kill");
        }
    }

    /** The peers join, 2 to a room, at most 200 handshakes at a time. */
    private List<StormPeer> joinAll(int count) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<StormPeer> peers = new ArrayList<>();
        Semaphore inFlight = new Semaphore(200);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            StormPeer peer = new StormPeer(i, "storm-" + run + "-" + i / 2, tally);
            if (i % 2 == 1) {
                peer.partner = peers.get(i - 1);
                peers.get(i - 1).partner = peer;
            }
            peers.add(peer);
            inFlight.acquire();
            peer.join().whenComplete((ok, failure) -> inFlight.release());
        }
        CompletableFuture<Void> joined = CompletableFuture.allOf(peers.stream().map(p -> p.joined).toArray(CompletableFuture[]::new));
        try {
            joined.exceptionally(failure -> null).get(3, TimeUnit.MINUTES);
        } catch (TimeoutException late) {
            // counted below
        }
        long ok = peers.stream().filter(p -> p.joined.isDone() && !p.joined.isCompletedExceptionally()).count();
        if (ok < count) {
            throw new IllegalStateException("only " + ok + " of " + count + " peers joined before the kill; failures: "
                    + StormTally.counts(tally.failures));
        }
        tally.failures.clear();
        results.put("join_all_ms", millis(System.nanoTime() - start));
        System.out.printf("storm (%s): %d peers joined in %d rooms in %.1f s%n", variant, count, count / 2, (System.nanoTime() - start) / 1e9);
        return peers;
    }

    /** Every peer pings once, and holds the fresh token of its pong, before the kill. */
    private void pongAll(List<StormPeer> peers) throws InterruptedException {
        for (StormPeer peer : peers) {
            peer.pingNow();
            if (peer.index % 100 == 99) {
                Thread.sleep(10);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (peers.stream().anyMatch(p -> !p.pongSeen)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(peers.stream().filter(p -> !p.pongSeen).count() + " peers got no pong with a token within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until every thread of the process is gone and nothing listens on the port any more; SIGKILL after
     * {@code seconds}. A killed JVM's main thread is a zombie at once while its other threads still tear down, and
     * until the last one has, the kernel goes on accepting connections on its listening socket.
     */
    private long awaitGone(long pid, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        boolean forced = false;
        while (alive(pid) || listening(port)) {
            if (!forced && System.nanoTime() > deadline) {
                System.err.printf("storm (%s): the old server did not exit within %d s; SIGKILL%n", variant, seconds);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                results.put("old_server_forced", true);
                forced = true;
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            } else if (forced && System.nanoTime() > deadline) {
                throw new IllegalStateException("the old server (pid " + pid + ") is still alive");
            }
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    /** Whether a thread of the process is still there and not a zombie. */
    private static boolean alive(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.anyMatch(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state != 'Z' && state != 'X';
                } catch (IOException | java.io.UncheckedIOException gone) {
                    return false;
                }
            });
        } catch (IOException | java.io.UncheckedIOException gone) {
            return false;
        }
    }

    /** Whether a socket listens on the port (any address), from /proc/net/tcp and tcp6. */
    private static boolean listening(int port) {
        String local = String.format(":%04X ", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                // "sl local_address rem_address st ...": st 0A is LISTEN
                if (lines.map(String::trim).map(line -> line.split("\\s+"))
                        .anyMatch(fields -> fields.length > 3 && (fields[1] + " ").endsWith(local) && fields[3].equals("0A"))) {
                    return true;
                }
            } catch (IOException | java.io.UncheckedIOException unreadable) {
                // no such table (no IPv6): nothing listens there
            }
        }
        return false;
    }

    /** Polls the port every 10 ms until a TCP connection is accepted. */
    private StormTally.Moment awaitPort(ServerProcess server, Path log) throws Exception {
        long deadline = System.nanoTime() + 3 * MINUTE;
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return StormTally.Moment.now(server);
            } catch (IOException notYet) {
                checkRestarted(log, deadline, "accepted no connection");
                Thread.sleep(10);
            }
        }
    }

    /** Polls GET / every 50 ms until it is answered 200: what an operator's readiness check waits for. */
    private StormTally.Moment awaitHttp(ServerProcess server, Path log) throws Exception {
        long deadline = System.nanoTime() + 3 * MINUTE;
        while (true) {
            try {
                HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200) {
                    return StormTally.Moment.now(server);
                }
            } catch (IOException notYet) {
                // not answering yet
            }
            checkRestarted(log, deadline, "did not answer GET / with 200");
            Thread.sleep(50);
        }
    }

    /** A probe joins every 100 ms, each given 2 s for its welcome, until one is welcomed; it leaves at once. */
    private StormTally.Moment awaitWelcome(ServerProcess server, Path log) throws Exception {
        long deadline = System.nanoTime() + 3 * MINUTE;
        Protocol callroom = new Protocol.Callroom();
        int probes = 0;
        while (true) {
            Peer probe = new Peer(probes, "readiness-probe-" + probes++, callroom, relay -> { }, end -> { });
            try {
                probe.connect(tally.loop, base).get(2, TimeUnit.SECONDS);
                StormTally.Moment welcomed = StormTally.Moment.now(server);
                probe.send("{\"type\":\"leave\"}");
                results.put("readiness_probes", probes);
                return welcomed;
            } catch (java.util.concurrent.ExecutionException | TimeoutException notYet) {
                checkRestarted(log, deadline, "welcomed no probe join");
                Thread.sleep(100);
            } finally {
                tally.timer.schedule(probe::close, 1, TimeUnit.SECONDS); // after its leave
            }
        }
    }

    /**
     * From the restarted server's log: when Payara Micro said it was ready, and how often it loaded the application (1;
     * 2 after a restart on the same --rootdir with --deploy: the application kept there, then --deploy's).
     */
    private void bootLog(Path log, long startedAtEpochMs) {
        try (Stream<String> lines = Files.lines(log)) {
            long loads = 0;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains("Loading application [callroom] at")) {
                    loads++;
                }
                java.util.regex.Matcher at = java.util.regex.Pattern.compile("\\[timeMillis: (\\d+)\\].*(ready in [0-9,]+ \\(ms\\))").matcher(line);
                if (at.find()) {
                    results.put("start_to_payara_ready_ms", Long.parseLong(at.group(1)) - startedAtEpochMs);
                }
            }
            results.put("application_loads", loads);
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            results.put("application_loads", -1);
        }
    }

    private void checkRestarted(Path log, long deadline, String what) throws IOException {
        if (!restarted.isAlive()) {
            throw new IllegalStateException("the restarted server exited (" + restarted.exitValue() + "); see " + log + ":\n" + tail(log));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the restarted server " + what + " within 3 minutes; see " + log);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static long severe(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("SEVERE")).count();
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            return -1;
        }
    }

    private record Warmup(long done, long failed, String failures) { }

    /**
     * An operator's readiness script: {@code joins} throwaway cycles, {@code concurrency} at a time, each a socket that
     * joins a room (two cycles to a room, so most rooms see a peer-joined and a peer-left), waits for its welcome,
     * sends leave and waits for the server's close.
     */
    private Warmup warmup(int joins, int concurrency) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(Math.min(concurrency, joins));
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        Map<String, LongAdder> causes = new java.util.concurrent.ConcurrentHashMap<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Protocol callroom = new Protocol.Callroom();
        Runnable[] cycle = new Runnable[1];
        cycle[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= joins) {
                if (running.decrementAndGet() == 0) {
                    finished.complete(null);
                }
                return;
            }
            CompletableFuture<Void> left = new CompletableFuture<>();
            Peer peer = new Peer(i, "warmup-" + run + "-" + i / 2, callroom, relay -> { }, end -> {
                if (end.startsWith("closed by server: 1000")) {
                    left.complete(null);
                } else {
                    left.completeExceptionally(new IOException(end));
                }
            });
            peer.connect(tally.loop, base).thenRun(() -> peer.send("{\"type\":\"leave\"}"))
                    .exceptionally(failure -> {
                        left.completeExceptionally(failure);
                        return null;
                    });
            left.orTimeout(15, TimeUnit.SECONDS).whenComplete((ok, failure) -> {
                if (failure == null) {
                    done.increment();
                } else {
                    failed.increment();
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : failure;
                    String why = cause instanceof TimeoutException ? (peer.ready.isDone() ? "timeout-after-leave" : "timeout-before-welcome")
                            : String.valueOf(cause.getMessage()).replaceAll("^handshake refused: HTTP/1.1 (\\d+).*", "http-$1")
                                    .replaceAll("[\\s,:=]+", "-");
                    causes.computeIfAbsent(why, c -> new LongAdder()).increment();
                }
                peer.close();
                tally.timer.execute(cycle[0]);
            });
        };
        if (joins == 0) {
            return new Warmup(0, 0, "-");
        }
        for (int i = 0; i < Math.min(concurrency, joins); i++) {
            tally.timer.execute(cycle[0]);
        }
        finished.get(10, TimeUnit.MINUTES);
        System.out.printf("storm (%s): warm-up of %d join/leave cycles, %d failed%n", variant, done.sum() + failed.sum(), failed.sum());
        return new Warmup(done.sum(), failed.sum(), StormTally.counts(causes));
    }

    /** The restarted server's CPU between two moments, in nanoseconds. */
    private static long cpu(StormTally.Moment later, StormTally.Moment earlier) {
        return later.serverCpu().totalNanos() - earlier.serverCpu().totalNanos();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private void percentiles(String key, Histogram histogram) {
        synchronized (histogram) {
            if (histogram.getTotalCount() == 0) {
                return;
            }
            for (double percentile : new double[] {50, 90, 99}) {
                results.put(key + "_p" + (int) percentile, String.format("%.1f", histogram.getValueAtPercentile(percentile) / 1000.0));
            }
            results.put(key + "_max", String.format("%.1f", histogram.getMaxValue() / 1000.0));
        }
    }

    /** SIGTERM, and SIGKILL if it is still there a minute later. */
    private void stopRestarted() {
        Process process = restarted;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Optional.ofNullable(options.get("pidfile")).ifPresent(file -> {
            try {
                Files.deleteIfExists(Path.of(file));
            } catch (IOException ignored) {
                // the script's trap finds no live process under that pid
            }
        });
    }

    private void killRestarted() {
        Process process = restarted;
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void report() {
        results.forEach((k, v) -> System.out.println("  " + k + " = " + v));
        String out = options.get("out");
        if (out == null) {
            return;
        }
        try (Writer writer = Files.newBufferedWriter(Path.of(out))) {
            for (Map.Entry<String, Object> e : results.entrySet()) {
                writer.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        } catch (IOException e) {
            System.err.println("storm: cannot write " + out + ": " + e.getMessage());
        }
    }
}
