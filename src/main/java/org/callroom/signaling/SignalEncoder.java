package org.callroom.signaling;

import jakarta.websocket.Encoder;
import org.callroom.protocol.MessageCodec;
import org.callroom.protocol.ServerMessage;
import org.callroom.protocol.SignalMessage;

/** The endpoint's encoder for everything the server sends. */
public class SignalEncoder implements Encoder.Text<ServerMessage> {

    @Override
    public String encode(ServerMessage message) {
        // Every permitted ServerMessage is a SignalMessage record, so the cast cannot fail.
        return MessageCodec.encode((SignalMessage) message);
    }
}
