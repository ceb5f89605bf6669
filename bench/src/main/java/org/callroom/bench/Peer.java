package org.callroom.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** One simulated participant: a non-blocking JDK WebSocket with an in-order send chain. */
final class Peer implements WebSocket.Listener {

    final int index;
    final String room;
    /** Chosen by the generator; Callroom replaces it with the id from its welcome. */
    volatile String id;
    final CompletableFuture<Long> ready = new CompletableFuture<>();
    volatile boolean closed;

    private final Protocol protocol;
    private final Consumer<Protocol.Incoming> onRelay;
    private final Consumer<String> onError;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private long openedAt;
    /** The JDK allows one outstanding send per socket: each send waits for the one before. */
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

    Peer(int index, String room, Protocol protocol, Consumer<Protocol.Incoming> onRelay, Consumer<String> onError) {
        this.index = index;
        this.room = room;
        this.id = "p" + index + "x" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        this.protocol = protocol;
        this.onRelay = onRelay;
        this.onError = onError;
    }

    CompletableFuture<Long> connect(HttpClient http, URI base) {
        openedAt = System.nanoTime();
        http.newWebSocketBuilder().buildAsync(protocol.uri(base, room, id), this).whenComplete((ws, failure) -> {
            if (failure != null) {
                ready.completeExceptionally(failure);
                return;
            }
            socket = ws;
            String hello = protocol.hello("peer " + index);
            if (hello != null) {
                send(hello);
            }
        });
        return ready;
    }

    synchronized void send(String frame) {
        sends = sends.thenCompose(previous -> closed ? CompletableFuture.completedFuture(null) : socket.sendText(frame, true))
                .exceptionally(failure -> {
                    closed = true;
                    onError.accept("send failed: " + failure);
                    return null;
                });
    }

    void close() {
        closed = true;
        if (socket != null) {
            socket.abort();
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            Protocol.Incoming incoming = protocol.parse(frame);
            switch (incoming.kind()) {
                case READY -> {
                    if (incoming.peerId() != null) {
                        id = incoming.peerId();
                    }
                    ready.complete(System.nanoTime() - openedAt);
                }
                case RELAY -> onRelay.accept(incoming);
                case ERROR -> onError.accept(incoming.payload());
                default -> { }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closed) {
            closed = true;
            onError.accept("closed by server: " + statusCode + " " + reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closed) {
            closed = true;
            onError.accept("socket error: " + error);
        }
        ready.completeExceptionally(error);
    }
}
