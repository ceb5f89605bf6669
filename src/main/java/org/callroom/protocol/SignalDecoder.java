package org.callroom.protocol;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;

/** The endpoint's decoder: every text frame is decoded; a refused one reaches {@code @OnError} as {@link RefusedFrame}. */
public class SignalDecoder implements Decoder.Text<ClientMessage> {

    @Override
    public ClientMessage decode(String text) throws DecodeException {
        try {
            return MessageCodec.decode(text);
        } catch (InvalidMessageException e) {
            throw new RefusedFrame(text, e);
        }
    }

    @Override
    public boolean willDecode(String text) {
        return text != null;
    }

    /** A frame the codec refused; carries the error the sender is told. */
    public static final class RefusedFrame extends DecodeException {

        private static final long serialVersionUID = 1L;

        private final transient ErrorMessage error;

        RefusedFrame(String text, InvalidMessageException cause) {
            super(text.length() <= 256 ? text : text.substring(0, 256), cause.getMessage(), cause);
            this.error = cause.toErrorMessage();
        }

        public ErrorMessage error() {
            return error;
        }
    }
}
