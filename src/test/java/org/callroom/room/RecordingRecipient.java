package org.callroom.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;

/** A recipient that keeps what it was sent, for assertions. */
public class RecordingRecipient implements Recipient {

    public final List<ServerMessage> received = new CopyOnWriteArrayList<>();
    public volatile CloseCode closedWith;
    public volatile boolean held;
    /** Where messages go once a resumed socket took over; what this one held was handed over too. */
    public volatile Recipient successor;
    /** What was sent while held, for the successor. */
    public final List<ServerMessage> waiting = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void send(ServerMessage message) {
        if (successor != null) {
            successor.send(message);
        } else if (held) {
            waiting.add(message);
        } else {
            received.add(message);
        }
    }

    @Override
    public boolean hold() {
        held = true;
        return closedWith == null;
    }

    @Override
    public boolean connected() {
        return !held && closedWith == null;
    }

    @Override
    public synchronized boolean handOver(Recipient next, ServerMessage first) {
        if (closedWith != null || successor != null) {
            return false;
        }
        held = true;
        next.send(first);
        waiting.forEach(next::send);
        waiting.clear();
        successor = next;
        return true;
    }

    @Override
    public void close(CloseCode code, String reason) {
        this.closedWith = code;
    }

    public <T> List<T> receivedOf(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
