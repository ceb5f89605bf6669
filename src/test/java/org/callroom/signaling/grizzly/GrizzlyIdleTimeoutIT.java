package org.callroom.signaling.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.callroom.testing.LaunchedServer;
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

    private static LaunchedServer server;

    @BeforeAll
    static void startPayaraMicroWithAShortWebSocketTimeout() throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        Path preBoot = work.resolve("pre-boot-commands.asadmin");
        Files.writeString(preBoot, Files.readString(project.resolve("payara-config/pre-boot-commands.asadmin"))
                + "\nset configs.config.server-config.network-config.protocols.protocol.http-listener.http.websockets-timeout-seconds="
                + LISTENER_TIMEOUT.toSeconds() + "\n");
        int port = LaunchedServer.freePort();
        server = LaunchedServer.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcallroom.address=127.0.0.1", "-Dcallroom.signaling.heartbeat-seconds=60",
                "-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", Integer.toString(port),
                "--prebootcommandfile", preBoot.toString(), "--deploy", System.getProperty("callroom.war"), "--contextroot", "/"),
                work, work.resolve("payara.log"), URI.create("http://127.0.0.1:" + port + "/"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aQuietCallOutlastsTheListenersWebSocketTimeout() throws Exception {
        URI room = URI.create("ws://127.0.0.1:" + server.base.getPort() + "/signal/quiet");
        try (RawWebSocket socket = RawWebSocket.open(room)) {
            assertEquals("HTTP/1.1 101 Switching Protocols", socket.statusLine(), "the Grizzly transport answers");
            socket.sendText("{\"type\":\"join\",\"name\":\"Quiet\"}");
            assertTrue(socket.read(TestPeer.WAIT).text().contains("\"type\":\"welcome\""));
            Thread.sleep(LISTENER_TIMEOUT.multipliedBy(3).toMillis());
            socket.sendText("{\"type\":\"leave\"}");
            assertEquals(1000, socket.awaitCloseCode(TestPeer.WAIT), "still open, so the leave was heard");
        }
    }
}
