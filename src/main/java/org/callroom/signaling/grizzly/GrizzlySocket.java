package org.callroom.signaling.grizzly;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.InvalidMessageException;
import org.callroom.protocol.MessageCodec;
import org.callroom.protocol.ServerMessage;
import org.callroom.protocol.SignalMessage;
import org.callroom.room.RoomName;
import org.callroom.signaling.SignalingSession;
import org.callroom.signaling.SignalingSockets;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.grizzly.websockets.DataFrame;
import org.glassfish.grizzly.websockets.ProtocolHandler;
import org.glassfish.grizzly.websockets.SimpleWebSocket;
import org.glassfish.grizzly.websockets.WebSocketHolder;
import org.glassfish.grizzly.websockets.WebSocketListener;
import org.glassfish.grizzly.websockets.frametypes.TextFrameType;

/**
 * One signaling socket on Grizzly's engine. Grizzly reads a connection's frames one at a time on one thread; sends
 * come from any thread (each peer of the room relays to this one), one at a time through the socket's mailbox.
 */
final class GrizzlySocket extends SimpleWebSocket implements SignalingSockets.Connection {

    private static final Logger LOG = Logger.getLogger(GrizzlySocket.class.getName());
    private static final byte[] NO_PAYLOAD = new byte[0];

    private final String room;
    /** Set once the handshake is done and the room name checked; read by the closing thread too. */
    private volatile SignalingSockets.Socket socket;
    /** A fragmented message so far; only the reading thread touches it. */
    private final FragmentedText fragments = new FragmentedText(SignalingSockets.MAX_FRAME_BYTES);
    /** Whether the listener's idle timeout is still to be lifted (at the first frame); only the reading thread touches it. */
    private boolean idleTimeoutToLift;

    GrizzlySocket(ProtocolHandler handler, String room, WebSocketListener... listeners) {
        super(handler, listeners);
        this.room = room;
    }

    void connected(SignalingSockets sockets) {
        Connection<?> connection = protocolHandler.getConnection();
        // Frames over the limit are refused while their header is read, before any of the payload is buffered.
        WebSocketHolder.get(connection).handler = new BoundedFrameParser(SignalingSockets.MAX_FRAME_BYTES);
        // Only the handshake's context knows the filter chain; Grizzly recycles it once the handshake is done.
        FilterChainContext context = protocolHandler.getFilterChainContext();
        idleTimeoutToLift = context != null && context.getFilterChain().indexOfType(IdleTimeoutFilter.class) >= 0;
        if (!RoomName.isValid(room)) {
            close(SignalingSession.POLICY, RoomName.RULE);
            return;
        }
        socket = sockets.open(room, this);
    }

    void message(String text) {
        SignalingSockets.Socket open = openSocket();
        if (open == null) {
            return;
        }
        ClientMessage message;
        try {
            message = MessageCodec.decode(text);
        } catch (InvalidMessageException refused) {
            open.refuse(refused.toErrorMessage());
            return;
        }
        open.receive(message);
    }

    void fragment(String part, boolean last) {
        if (openSocket() == null) {
            return;
        }
        if (!fragments.append(part)) {
            fragments.clear();
            close(SignalingSockets.TOO_BIG, "message too big");
        } else if (last) {
            message(fragments.take());
        }
    }

    void binary() {
        close(SignalingSockets.BINARY_REFUSED, SignalingSockets.BINARY_REASON);
    }

    void heard() {
        SignalingSockets.Socket open = openSocket();
        if (open != null) {
            open.heard();
        }
    }

    /**
     * The socket while it is open, else null: frames read after a close was sent (the rest of a read, or a client
     * that does not stop) are dropped. On the first frame, also lifts the listener's idle timeout: a call's socket may
     * sit quiet for an hour, and the heartbeat, not Payara's WebSocket timeout (15 minutes, set again by Grizzly's
     * filter after {@link #connected}), decides when it is dead.
     */
    private SignalingSockets.Socket openSocket() {
        if (state.get() != State.CONNECTED) {
            return null;
        }
        if (idleTimeoutToLift) {
            idleTimeoutToLift = false;
            IdleTimeoutFilter.setCustomTimeout(protocolHandler.getConnection(), IdleTimeoutFilter.FOREVER, TimeUnit.MILLISECONDS);
        }
        return socket;
    }

    void closed() {
        SignalingSockets.Socket open = socket;
        if (open != null) {
            open.closed();
        }
    }

    /** Throws once the socket is closing (nothing may follow a close frame), which the mailbox counts as a failed write. */
    @Override
    public void send(ServerMessage message, Consumer<Throwable> completion) {
        if (state.get() != State.CONNECTED) {
            throw new IllegalStateException("socket closed");
        }
        // Encoded here: given a String, Grizzly encodes it through a CharsetEncoder at about 100 times the cost.
        byte[] text = MessageCodec.encode((SignalMessage) message).getBytes(StandardCharsets.UTF_8);
        DataFrame frame = new DataFrame(new TextFrameType(), text);
        protocolHandler.send(frame, new CompletionHandler<>() {
            @Override
            public void completed(DataFrame sent) {
                completion.accept(null);
            }

            @Override
            public void failed(Throwable failure) {
                completion.accept(failure);
            }

            @Override
            public void cancelled() {
                completion.accept(new IllegalStateException("send cancelled"));
            }

            @Override
            public void updated(DataFrame sending) {
            }
        });
    }

    @Override
    public void ping() {
        try {
            if (state.get() == State.CONNECTED) {
                sendPing(NO_PAYLOAD);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "ping failed; the heartbeat closes the socket if it stays silent", e);
        }
    }

    @Override
    public void close(int closeCode, String reason) {
        try {
            super.close(closeCode, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing a socket that was already going away", e);
        }
    }
}
