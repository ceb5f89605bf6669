package org.callroom.room;

import java.util.function.Consumer;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;

/** A peer socket that remembers its pings and how it was closed; each send completes at once unless overridden. */
public class RecordingSocket implements PeerSocket {

    public volatile int pings;
    public volatile CloseCode closedWith;

    @Override
    public void send(ServerMessage message, Consumer<Throwable> completion) {
        completion.accept(null);
    }

    @Override
    public void ping() {
        pings++;
    }

    @Override
    public void close(CloseCode code, String reason) {
        closedWith = code;
    }
}
