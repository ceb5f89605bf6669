package org.callroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A signaling client over the JDK's WebSocket, speaking raw JSON so the tests check the wire itself.
 *
 * <p>Not Tyrus's client: it stops a container's timers while sessions are still open, failing sends at random.
 */
public final class TestPeer implements WebSocket.Listener, AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    public String peerId;

    public static TestPeer connect(URI uri) throws Exception {
        return connect(uri, Map.of());
    }

    /** Connects with these extra handshake headers, e.g. Origin or X-Forwarded-For. */
    public static TestPeer connect(URI uri, Map<String, String> headers) throws Exception {
        TestPeer peer = new TestPeer();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        peer.socket = builder.buildAsync(uri, peer).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
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
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            inbox.add(Json.createReader(new StringReader(partial.toString())).readObject());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new CloseReason(CloseReason.CloseCodes.getCloseCode(statusCode), reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable failure) {
        closed.completeExceptionally(failure);
    }

    /** Sends one text message and waits until it is written; one at a time, as the JDK's WebSocket requires. */
    public synchronized void send(String text) throws IOException {
        try {
            socket.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new IOException("sending failed; " + closeSoFar(), failed.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException(e);
        }
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

    /** What this side has heard of a close so far, for a failure message that says who closed and why. */
    private String closeSoFar() {
        if (!closed.isDone()) {
            return "no close frame received";
        }
        try {
            CloseReason reason = closed.getNow(null);
            return "the server closed with " + reason.getCloseCode().getCode() + " '" + reason.getReasonPhrase() + "'";
        } catch (RuntimeException failure) {
            return "the connection failed: " + failure.getCause();
        }
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    /** Closes normally and waits briefly for the server's reply, then drops the connection either way. */
    @Override
    public void close() {
        try {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception alreadyGone) {
            // The server closed first or the connection is already down: nothing left to close politely.
        } finally {
            socket.abort();
        }
    }
}
