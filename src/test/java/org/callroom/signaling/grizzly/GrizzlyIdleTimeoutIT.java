package org.callroom.signaling.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.callroom.testing.RawWebSocket;
import org.callroom.testing.TestPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payara's WebSocket filter gives every Grizzly WebSocket a listener idle timeout (websockets-timeout-seconds, 15
 * minutes by default) and sets it again after the handshake. A call's socket may stay quiet for longer, and the
 * heartbeat decides when it is dead. Here the listener's timeout is 2 s and the heartbeat a minute, so a socket
 * quiet for 6 s must still be open. Its own Payara Micro, because the shared test server keeps the default timeout.
 */
class GrizzlyIdleTimeoutIT {

    private static final Duration LISTENER_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path work;

    private static Process server;
    private static Path log;
    private static URI base;

    @BeforeAll
    static void startPayaraMicroWithAShortWebSocketTimeout() throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        Path preBoot = work.resolve("pre-boot-commands.asadmin");
        Files.writeString(preBoot, Files.readString(project.resolve("payara-config/pre-boot-commands.asadmin"))
                + "\nset configs.config.server-config.network-config.protocols.protocol.http-listener.http.websockets-timeout-seconds="
                + LISTENER_TIMEOUT.toSeconds() + "\n");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port + "/");
        log = work.resolve("payara.log");
        server = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcallroom.address=127.0.0.1", "-Dcallroom.signaling.heartbeat-seconds=60",
                "-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", Integer.toString(port),
                "--prebootcommandfile", preBoot.toString(), "--deploy", System.getProperty("callroom.war"), "--contextroot", "/"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (true) {
            assertTrue(server.isAlive(), () -> "Payara Micro exited:\n" + readLog());
            assertTrue(System.nanoTime() < deadline, () -> "Payara Micro did not serve the page:\n" + readLog());
            try {
                if (http.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void aQuietCallOutlastsTheListenersWebSocketTimeout() throws Exception {
        URI room = URI.create("ws://127.0.0.1:" + base.getPort() + "/signal/quiet");
        try (RawWebSocket socket = RawWebSocket.open(room)) {
            assertEquals("HTTP/1.1 101 Switching Protocols", socket.statusLine(), "the Grizzly transport answers");
            socket.sendText("{\"type\":\"join\",\"name\":\"Quiet\"}");
            assertTrue(socket.read(TestPeer.WAIT).text().contains("\"type\":\"welcome\""));
            Thread.sleep(LISTENER_TIMEOUT.multipliedBy(3).toMillis());
            socket.sendText("{\"type\":\"leave\"}");
            assertEquals(1000, socket.awaitCloseCode(TestPeer.WAIT), "still open, so the leave was heard");
        }
    }

    private static String readLog() {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
