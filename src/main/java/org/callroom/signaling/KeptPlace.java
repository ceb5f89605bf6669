package org.callroom.signaling;

import org.callroom.protocol.CloseCode;
import org.callroom.protocol.ServerMessage;
import org.callroom.room.Recipient;

/**
 * A socket's recipient that keeps the socket's quota place for as long as anything of the socket holds on in the
 * server: the open socket, a frame being handled, and the dropped peer it leaves held for a resume. Without the last,
 * an address could drop and rejoin until its held peers kept every room the server allows.
 */
final class KeptPlace implements Recipient {

    private final Recipient mailbox;
    private final Runnable giveBack;
    /** The open socket, frames being handled, a held peer: the place is given back when the last of them ends. */
    private int holds = 1;
    private boolean socketClosed;
    private boolean peerHeld;
    /** The peer was resumed elsewhere or closed: nothing is left to hold for it. */
    private boolean peerGone;

    /** {@code giveBack} returns the place to the quota, once. */
    KeptPlace(Recipient mailbox, Runnable giveBack) {
        this.mailbox = mailbox;
        this.giveBack = giveBack;
    }

    /** A frame is being handled: it may make a peer, so the place stays until {@link #handled()}; false once closed. */
    synchronized boolean handling() {
        if (socketClosed) {
            return false;
        }
        holds++;
        return true;
    }

    void handled() {
        letGo(true);
    }

    /** The socket closed; a peer it leaves held keeps the place. */
    void socketClosed() {
        boolean first;
        synchronized (this) {
            first = !socketClosed;
            socketClosed = true;
        }
        if (first) {
            letGo(true);
        }
    }

    /** The held peer's grace period ended: it has left, or was resumed elsewhere before. */
    void graceOver() {
        peerLeft();
    }

    @Override
    public void send(ServerMessage message) {
        mailbox.send(message);
    }

    /** The room removed the peer, or this side ended it: no resume will come, and the place is not kept for one. */
    @Override
    public void close(CloseCode code, String reason) {
        mailbox.close(code, reason);
        peerLeft();
    }

    /** Keeps the place while the peer is held; false, holding nothing, for a peer already resumed elsewhere. */
    @Override
    public boolean hold() {
        if (!mailbox.hold()) {
            return false;
        }
        synchronized (this) {
            if (peerGone) {
                return false;
            }
            if (!peerHeld) {
                peerHeld = true;
                holds++;
            }
            return true;
        }
    }

    @Override
    public boolean connected() {
        return mailbox.connected();
    }

    /** The resuming socket took the peer over and counts in its own place, so this one goes back, whatever the outcome. */
    @Override
    public boolean handOver(Recipient next, ServerMessage first) {
        boolean handedOver = mailbox.handOver(next, first);
        peerLeft();
        return handedOver;
    }

    private void peerLeft() {
        boolean held;
        synchronized (this) {
            peerGone = true;
            held = peerHeld;
            peerHeld = false;
        }
        letGo(held);
    }

    private void letGo(boolean holding) {
        boolean last;
        synchronized (this) {
            last = holding && --holds == 0;
        }
        if (last) {
            giveBack.run();
        }
    }
}
