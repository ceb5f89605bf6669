package org.callroom.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;

/** A recipient that keeps what it was sent, for assertions. */
public class RecordingRecipient implements Recipient {

    public final List<ServerMessage> received = new CopyOnWriteArrayList<>();
    public volatile CloseCode closedWith;

    @Override
    public void send(ServerMessage message) {
        received.add(message);
    }

    @Override
    public void close(CloseCode code, String reason) {
        this.closedWith = code;
    }

    public <T> List<T> receivedOf(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
