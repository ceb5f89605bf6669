package org.callroom.signaling.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.callroom.testing.RawWebSocket;
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

    private static byte[] frame(byte[] payload) {
        return RawWebSocket.maskedFrame(RawWebSocket.TEXT, true, payload);
    }

    private static byte[] header(long length) {
        return RawWebSocket.header(RawWebSocket.TEXT, true, length);
    }
}
