package org.callroom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's coturn on 127.0.0.1, started by a test with a config of its own: TURN REST credentials from a static
 * secret, loopback peers allowed (both browsers are on this machine), no TLS, no CLI, logging under target/.
 * A missing turnserver fails the test: it never skips.
 */
public final class Coturn implements AutoCloseable {

    public static final String TURNSERVER = "/usr/bin/turnserver";
    public static final String UCLIENT = "/usr/bin/turnutils_uclient";
    public static final String REALM = "callroom.test";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** Relay ports per server: each allocation takes one (a browser's call takes one or two). */
    private static final int RELAY_PORTS = 200;

    public final int port;
    public final Path log;
    private final Process process;

    private final Path work;

    private Coturn(int port, Path log, Process process, Path work) {
        this.port = port;
        this.log = log;
        this.process = process;
        this.work = work;
    }

    /**
     * A port that is free for both UDP and TCP on loopback now, as coturn listens on both. Unchecked: tests pick it in
     * a static initializer, before the deployment that names it.
     */
    public static int freePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                } catch (IOException udpTaken) {
                    // Another process has this port for UDP: try the next one the system offers.
                }
            } catch (IOException noTcpPort) {
                throw new UncheckedIOException(noTcpPort);
            }
        }
        throw new UncheckedIOException(new IOException("no loopback port free for both TCP and UDP"));
    }

    /**
     * Starts turnserver on {@code port} with {@code secret} as its {@code static-auth-secret}, logging to
     * {@code target/coturn/<name>.log}, and waits until it listens.
     */
    public static Coturn start(String name, int port, String secret) throws Exception {
        requireExecutable(TURNSERVER);
        Path dir = Files.createDirectories(Path.of("target", "coturn")).toAbsolutePath();
        Path work = Files.createTempDirectory(dir, name + "-");
        Path log = dir.resolve(name + ".log");
        Files.deleteIfExists(log);
        // A random relay range, so servers that tests on this machine run side by side rarely compete for ports.
        int minPort = 20_000 + ThreadLocalRandom.current().nextInt(200) * RELAY_PORTS;
        Path config = work.resolve("turnserver.conf");
        Files.write(config, List.of(
                "listening-ip=127.0.0.1",
                "relay-ip=127.0.0.1",
                "listening-port=" + port,
                "min-port=" + minPort,
                "max-port=" + (minPort + RELAY_PORTS - 1),
                // Both browsers and their relayed addresses are on loopback, which coturn refuses by default.
                "allow-loopback-peers",
                "use-auth-secret",
                "static-auth-secret=" + secret,
                "realm=" + REALM,
                "fingerprint",
                "no-cli",
                "no-tls",
                "no-dtls",
                "no-rfc5780",
                "no-stun-backward-compatibility",
                "simple-log",
                "log-file=" + log,
                // Nothing outside this directory: coturn's defaults are under /var.
                "pidfile=" + work.resolve("turnserver.pid"),
                "userdb=" + work.resolve("turndb")));
        List<String> command = new ArrayList<>(List.of(TURNSERVER, "-c", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("stdout.txt").toFile()).start();
        Coturn coturn = new Coturn(port, log, process, work);
        try {
            coturn.awaitListening();
            return coturn;
        } catch (Exception | AssertionError e) {
            coturn.close();
            throw e;
        }
    }

    /** The TURN URL browsers are given for this server (UDP, which is what a relay-only call uses here). */
    public String url() {
        return url(port);
    }

    public static String url(int port) {
        return "turn:127.0.0.1:" + port + "?transport=udp";
    }

    // coturn opens its TCP listener with its UDP one; a TCP connect is the one probe that needs no STUN client.
    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("turnserver exited with " + process.exitValue() + ":\n" + tail());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("turnserver did not listen on " + port + " within " + START_TIMEOUT + ":\n" + tail());
    }

    /** The end of turnserver's log, for a failure message. */
    public String tail() throws IOException {
        if (!Files.exists(log)) {
            return "(no log at " + log + ")";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** What turnutils_uclient printed and how it exited. */
    public record ClientRun(int exitCode, String output) {
    }

    /**
     * Runs turnutils_uclient against this server with these credentials: two clients allocate relays and send each
     * other {@code messages} packets through them ({@code -y}). Exit code 0 and no lost packets mean allocation worked.
     */
    public ClientRun allocate(String username, String credential, int messages) throws Exception {
        requireExecutable(UCLIENT);
        Path output = Files.createTempFile(work, "uclient-", ".txt");
        Process client = new ProcessBuilder(UCLIENT, "-y", "-X", "-n", String.valueOf(messages), "-p", String.valueOf(port),
                "-u", username, "-w", credential, "127.0.0.1").redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            client.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("turnutils_uclient did not finish within 60 s:\n" + Files.readString(output));
        }
        return new ClientRun(client.exitValue(), Files.readString(output));
    }

    private static void requireExecutable(String path) {
        if (!new java.io.File(path).canExecute()) {
            throw new IllegalStateException(path + " not found: install Debian's coturn (apt-get install -y coturn)");
        }
    }

    /** Stops turnserver and waits until it has exited, so its port is free for the next one; the log stays. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        WorkDirectory.clear(work);
        Files.delete(work);
    }
}
