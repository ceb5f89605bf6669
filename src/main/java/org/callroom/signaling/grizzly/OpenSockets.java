package org.callroom.signaling.grizzly;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.callroom.signaling.SignalingSockets;

/**
 * The sockets one registration has open. Grizzly's engine outlives the web application, and unregistering only
 * stops new handshakes: at undeploy the open sockets are closed here, or they would stay connected to beans that
 * are gone. Sockets open and close on many threads, hence the concurrent set.
 */
final class OpenSockets<S extends SignalingSockets.Connection> {

    /** Going away: the server is stopping or the application is being undeployed. */
    static final int GOING_AWAY = 1001;

    private final Set<S> open = ConcurrentHashMap.newKeySet();

    void opened(S socket) {
        open.add(socket);
    }

    void closed(S socket) {
        open.remove(socket);
    }

    int count() {
        return open.size();
    }

    void closeAll() {
        for (S socket : open) {
            open.remove(socket);
            socket.close(GOING_AWAY, "server going away");
        }
    }
}
