package org.callroom.signaling.grizzly;

import org.callroom.signaling.SignalingSockets;
import org.glassfish.grizzly.websockets.FramingException;
import org.glassfish.grizzly.websockets.rfc6455.RFC6455Handler;

/**
 * Grizzly's RFC 6455 parser with a frame size limit: it buffers a frame until all of it has arrived, whatever
 * length the header claims. Here a header claiming more than the limit fails the frame with 1009 at once.
 */
final class BoundedFrameParser extends RFC6455Handler {

    private final long maxFrameBytes;

    BoundedFrameParser(long maxFrameBytes) {
        super(false);
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Called for the extended (16- and 64-bit) lengths only; 7-bit ones are under any sensible limit. */
    @Override
    public long decodeLength(byte[] bytes) {
        long length = super.decodeLength(bytes);
        if (length < 0 || length > maxFrameBytes) {
            throw new FrameTooBig(maxFrameBytes);
        }
        return length;
    }

    static final class FrameTooBig extends FramingException {

        private static final long serialVersionUID = 1L;

        FrameTooBig(long limit) {
            super("frames are limited to " + limit + " bytes");
        }

        @Override
        public int getClosingCode() {
            return SignalingSockets.TOO_BIG;
        }
    }
}
