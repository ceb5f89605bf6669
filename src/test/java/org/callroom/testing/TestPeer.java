package org.callroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A signaling client over a real Jakarta WebSocket session, speaking raw JSON so the tests check the wire itself. */
public final class TestPeer extends Endpoint implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Session session;
    public String peerId;

    public static TestPeer connect(URI uri) throws Exception {
        return connect(uri, Map.of());
    }

    /** Connects with these extra handshake headers, e.g. Origin or X-Forwarded-For. */
    public static TestPeer connect(URI uri, Map<String, String> headers) throws Exception {
        TestPeer peer = new TestPeer();
        // A container per peer: a shared Tyrus client container stops its timers once all its sessions have closed.
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> request) {
                headers.forEach((name, value) -> request.put(name, List.of(value)));
            }
        }).build();
        peer.session = container.connectToServer(peer, config, uri);
        peer.session.setMaxTextMessageBufferSize(1024 * 1024);
        return peer;
    }

    /** Connects and joins; the welcome is checked and consumed. */
    public static TestPeer join(URI uri, String name) throws Exception {
        TestPeer peer = connect(uri);
        peer.send("{\"type\":\"join\",\"name\":\"" + name + "\"}");
        JsonObject welcome = peer.expect("welcome");
        peer.peerId = welcome.getString("peerId");
        return peer;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
                inbox.add(Json.createReader(new StringReader(text)).readObject()));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        closed.complete(reason);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        closed.completeExceptionally(failure);
    }

    public void send(String text) throws IOException {
        session.getBasicRemote().sendText(text);
    }

    /** The next message, which must have this type. */
    public JsonObject expect(String type) throws InterruptedException {
        return expect(type, WAIT);
    }

    public JsonObject expect(String type, Duration timeout) throws InterruptedException {
        JsonObject message = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "expected a '" + type + "' message, got nothing");
        assertEquals(type, message.getString("type"), message.toString());
        return message;
    }

    /** The next message must be an error with this code. */
    public JsonObject expectError(String code) throws InterruptedException {
        JsonObject error = expect("error");
        assertEquals(code, error.getString("code"), error.toString());
        return error;
    }

    /** Skips other messages until one of this type arrives, within {@link #WAIT}. */
    public JsonObject skipTo(String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject message = inbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(message, "expected a '" + type + "' message, got nothing");
            if (message.getString("type").equals(type)) {
                return message;
            }
        }
    }

    /** Nothing arrives for a while: for checking that something did not leak to this peer. */
    public void expectSilence(Duration duration) throws InterruptedException {
        JsonObject message = inbox.poll(duration.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(message, () -> "expected nothing, got " + message);
    }

    public CloseReason awaitClose() throws Exception {
        return awaitClose(WAIT);
    }

    public CloseReason awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (session.isOpen()) {
            session.close();
        }
    }
}
