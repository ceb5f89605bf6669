package org.callroom.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callroom.protocol.ServerMessage;

/** A channel that keeps what it was sent, for assertions. */
public class RecordingChannel implements PeerChannel {

    public final List<ServerMessage> received = new CopyOnWriteArrayList<>();
    public volatile int closeCode;

    @Override
    public void send(ServerMessage message) {
        received.add(message);
    }

    @Override
    public void close(int closeCode, String reason) {
        this.closeCode = closeCode;
    }

    public <T> List<T> receivedOf(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
