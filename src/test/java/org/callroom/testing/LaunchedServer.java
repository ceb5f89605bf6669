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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server process a test starts itself (outside Arquillian), serving the call page on a free loopback port. It can be
 * killed abruptly and started again with the same command, as a crashed server is restarted.
 */
public final class LaunchedServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    public final URI base;
    public final Path log;
    private final List<String> command;
    private final Path directory;
    private final Process process;

    private LaunchedServer(List<String> command, Path directory, URI base, Path log, Process process) {
        this.command = command;
        this.directory = directory;
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
        return start(command, directory, log, base, ProcessBuilder.Redirect.to(log.toFile()));
    }

    private static LaunchedServer start(List<String> command, Path directory, Path log, URI base,
            ProcessBuilder.Redirect output) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output).start();
        LaunchedServer server = new LaunchedServer(List.copyOf(command), directory, base, log, process);
        try {
            server.awaitPage();
            return server;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    private void awaitPage() throws Exception {
        awaitPage(base, process::isAlive, this::tail);
    }

    /** Waits until {@code base} serves the call page, failing with {@code tail} if the server is no longer {@code alive}. */
    public static void awaitPage(URI base, BooleanSupplier alive, Callable<String> tail) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new AssertionError("the server exited:\n" + tail.call());
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
        throw new AssertionError("no call page at " + base + " within " + START_TIMEOUT + ":\n" + tail.call());
    }

    public String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Kills the process and its children at once (SIGKILL), as a crash would: nothing of it shuts down cleanly. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not die within 30 s of SIGKILL");
        }
    }

    /**
     * Stops the server its own way, by running {@code stopCommand} (in the same directory, output to the log), and waits
     * until the process has exited.
     */
    public void stop(List<String> stopCommand) throws IOException, InterruptedException {
        Process stopper = new ProcessBuilder(stopCommand).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!stopper.waitFor(2, TimeUnit.MINUTES)) {
            stopper.destroyForcibly();
            throw new AssertionError("the stop command did not finish within 2 minutes: " + stopCommand);
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new AssertionError("the server did not exit within 2 minutes of " + stopCommand + ":\n" + tail());
        }
    }

    /** Starts the same command in the same directory again, its output appended to the same log; waits for the page. */
    public LaunchedServer restart() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("still running: kill() or close() it first");
        }
        return start(command, directory, log, base, ProcessBuilder.Redirect.appendTo(log.toFile()));
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
