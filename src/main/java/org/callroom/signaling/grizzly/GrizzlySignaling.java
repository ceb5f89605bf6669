package org.callroom.signaling.grizzly;

import java.io.CharConversionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.callroom.signaling.SignalingSockets;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.websockets.DataFrame;
import org.glassfish.grizzly.websockets.ProtocolHandler;
import org.glassfish.grizzly.websockets.WebSocket;
import org.glassfish.grizzly.websockets.WebSocketApplication;
import org.glassfish.grizzly.websockets.WebSocketEngine;
import org.glassfish.grizzly.websockets.WebSocketListener;

/**
 * The signaling socket, {@code /signal/{room}}, on the WebSocket engine inside Payara's HTTP listener (Grizzly).
 * Its frames skip the servlet upgrade and Tyrus: with the listener's {@code SameThreadIOStrategy} a relayed
 * message is read, routed and written on one selector thread, with no hand-off to a worker (docs/BENCHMARKS.md).
 * Only {@code SignalingTransport} touches this class, and only where Grizzly's engine exists.
 */
public final class GrizzlySignaling extends WebSocketApplication {

    static final String PATH = "/signal/";

    private static final Logger LOG = Logger.getLogger(GrizzlySignaling.class.getName());

    private final String contextPath;
    private final SignalingSockets sockets;
    private final OpenSockets<GrizzlySocket> open = new OpenSockets<>();

    private GrizzlySignaling(String contextPath, SignalingSockets sockets) {
        this.contextPath = contextPath;
        this.sockets = sockets;
    }

    /**
     * Takes {@code /signal/*} of the web application at {@code contextPath}. Closing the result gives the path back
     * and closes the sockets still open with 1001, so that clients reconnect to whatever serves the path next.
     */
    public static AutoCloseable register(String contextPath, SignalingSockets sockets) {
        GrizzlySignaling signaling = new GrizzlySignaling(contextPath, sockets);
        WebSocketEngine.getEngine().register(contextPath, PATH + "*", signaling);
        return () -> {
            WebSocketEngine.getEngine().unregister(signaling);
            signaling.open.closeAll();
        };
    }

    /** The room named by a request path (decoded, without the query), or what stands in its place when the path is odd. */
    static String roomOf(String contextPath, String decodedPath) {
        String prefix = contextPath + PATH;
        return decodedPath.startsWith(prefix) ? decodedPath.substring(prefix.length()) : decodedPath;
    }

    @Override
    public WebSocket createSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
        return new GrizzlySocket(handler, roomOf(contextPath, decodedPath(request)), listeners);
    }

    /** A path that does not decode (bad percent-encoding) cannot name a valid room; the raw one is refused as well. */
    private static String decodedPath(HttpRequestPacket request) {
        try {
            return request.getRequestURIRef().getDecodedURI();
        } catch (CharConversionException undecodable) {
            return request.getRequestURI();
        }
    }

    @Override
    public void onConnect(WebSocket socket) {
        GrizzlySocket connected = (GrizzlySocket) socket;
        open.opened(connected);
        connected.connected(sockets);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        ((GrizzlySocket) socket).message(text);
    }

    @Override
    public void onFragment(WebSocket socket, String fragment, boolean last) {
        ((GrizzlySocket) socket).fragment(fragment, last);
    }

    @Override
    public void onMessage(WebSocket socket, byte[] bytes) {
        ((GrizzlySocket) socket).binary();
    }

    @Override
    public void onFragment(WebSocket socket, byte[] fragment, boolean last) {
        ((GrizzlySocket) socket).binary();
    }

    @Override
    public void onPong(WebSocket socket, byte[] bytes) {
        ((GrizzlySocket) socket).heard();
    }

    @Override
    public void onClose(WebSocket socket, DataFrame frame) {
        GrizzlySocket closed = (GrizzlySocket) socket;
        open.closed(closed);
        closed.closed();
    }

    /**
     * Closes with 1011 and a short reason of its own: Grizzly's own close would put the exception's message in the
     * close frame, which may be longer than a control frame can carry. The room learns the peer left, as after any close.
     */
    @Override
    protected boolean onError(WebSocket socket, Throwable failure) {
        LOG.log(Level.FINE, "signaling socket failed", failure);
        ((GrizzlySocket) socket).close(SignalingSockets.INTERNAL_ERROR, "internal error");
        return false;
    }
}
