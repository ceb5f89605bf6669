package org.callroom.signaling;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.ErrorMessage;
import org.callroom.protocol.InvalidMessageException;
import org.callroom.protocol.MessageCodec;

/**
 * Decodes a whole signaling message, refusing it as {@link RefusedFrame} (with the error its sender is told) or, over
 * the size limit, as {@link TooBig}. The endpoint applies it to the messages it puts together from their frames.
 */
public class SignalDecoder implements Decoder.Text<ClientMessage> {

    @Override
    public ClientMessage decode(String text) throws RefusedFrame, TooBig {
        // Undertow (WildFly) ignores maxMessageSize and hands over messages of any size.
        if (overLimit(text)) {
            throw new TooBig(text);
        }
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

    /** Whether the text takes more than {@link SignalingSockets#MAX_FRAME_BYTES} as UTF-8; counted only near the limit. */
    static boolean overLimit(String text) {
        return text.length() * 3L > SignalingSockets.MAX_FRAME_BYTES && utf8Length(text) > SignalingSockets.MAX_FRAME_BYTES;
    }

    /** How many bytes the text takes as UTF-8, an unpaired surrogate counting as the three a container may have received. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String excerpt(String text) {
        return text.length() <= 256 ? text : text.substring(0, 256);
    }

    /** A frame the codec refused; carries the error the sender is told. */
    public static final class RefusedFrame extends DecodeException {

        private static final long serialVersionUID = 1L;

        private final transient ErrorMessage error;

        RefusedFrame(String text, InvalidMessageException cause) {
            super(excerpt(text), cause.getMessage(), cause);
            this.error = cause.toErrorMessage();
        }

        public ErrorMessage error() {
            return error;
        }
    }

    /** A message over {@link SignalingSockets#MAX_FRAME_BYTES}: its sender is closed with 1009. */
    public static final class TooBig extends DecodeException {

        private static final long serialVersionUID = 1L;

        TooBig(String text) {
            super(excerpt(text), "messages are limited to " + SignalingSockets.MAX_FRAME_BYTES + " bytes");
        }
    }
}
