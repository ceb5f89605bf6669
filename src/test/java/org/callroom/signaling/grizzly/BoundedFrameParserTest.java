package org.callroom.signaling.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.websockets.FramingException;
import org.junit.jupiter.api.Test;

class BoundedFrameParserTest {

    private static final int LIMIT = 64 * 1024;

    @Test
    void framesUpToTheLimitAreParsed() {
        BoundedFrameParser parser = new BoundedFrameParser(LIMIT);
        assertEquals("{\"type\":\"leave\"}", parser.unframe(buffer(frame("{\"type\":\"leave\"}".getBytes(StandardCharsets.UTF_8)))).getTextPayload());
        String exactlyTheLimit = "a".repeat(LIMIT);
        assertEquals(LIMIT, parser.unframe(buffer(frame(exactlyTheLimit.getBytes(StandardCharsets.UTF_8)))).getTextPayload().length());
    }

    @Test
    void aHeaderClaimingMoreIsRefusedWith1009BeforeThePayload() {
        BoundedFrameParser parser = new BoundedFrameParser(LIMIT);
        byte[] header = header(LIMIT + 1);
        FramingException refused = assertThrows(FramingException.class, () -> parser.unframe(buffer(header)));
        assertEquals(1009, refused.getClosingCode());
        assertThrows(FramingException.class, () -> parser.unframe(buffer(header(1L << 40))));
    }

    @Test
    void aFrameStillArrivingIsWaitedFor() {
        BoundedFrameParser parser = new BoundedFrameParser(LIMIT);
        byte[] whole = frame("a".repeat(1000).getBytes(StandardCharsets.UTF_8));
        assertNull(parser.unframe(buffer(Arrays.copyOf(whole, 500))), "half a frame is no frame yet");
    }

    private static Buffer buffer(byte[] bytes) {
        return Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, bytes);
    }

    /** A client's (masked, with an all-zero mask) final text frame. */
    private static byte[] frame(byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header(payload.length));
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    private static byte[] header(long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0x81);
        if (length < 126) {
            header.write(0x80 | (int) length);
        } else if (length <= 0xffff) {
            header.write(0x80 | 126);
            header.write((int) (length >>> 8));
            header.write((int) length);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift));
            }
        }
        header.writeBytes(new byte[4]);
        return header.toByteArray();
    }
}
