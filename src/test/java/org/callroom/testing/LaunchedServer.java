package org.callroom.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server process a test starts itself (outside Arquillian), serving the call page on a free loopback port. */
public final class LaunchedServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    public final URI base;
    public final Path log;
    private final Process process;

    private LaunchedServer(URI base, Path log, Process process) {
        this.base = base;
        this.log = log;
        this.process = process;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs {@code command} in {@code directory}, output to {@code log}, and waits until {@code base} serves the call page. */
    public static LaunchedServer start(List<String> command, Path directory, Path log, URI base) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LaunchedServer server = new LaunchedServer(base, log, process);
        try {
            server.awaitPage();
            return server;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    private void awaitPage() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 200 && page.body().contains("data-testid=\"join\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // Payara Micro is still starting.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no call page at " + base + " within " + START_TIMEOUT + ":\n" + tail());
    }

    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops the process and its children (Maven runs Payara Micro as one). */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
