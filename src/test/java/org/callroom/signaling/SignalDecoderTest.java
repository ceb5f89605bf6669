package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.callroom.protocol.Offer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalDecoderTest {

    private static final int LIMIT = SignalingSockets.MAX_FRAME_BYTES;
    private final SignalDecoder decoder = new SignalDecoder();

    /** An offer frame of exactly {@code bytes} bytes of UTF-8, its SDP made of {@code unit} repeated (then ASCII padding). */
    private static String offerOf(int bytes, String unit) {
        String head = "{\"type\":\"offer\",\"to\":\"peer\",\"sdp\":\"";
        String tail = "\"}";
        int room = bytes - head.length() - tail.length();
        int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
        String sdp = unit.repeat(room / unitBytes) + "a".repeat(room % unitBytes);
        String frame = head + sdp + tail;
        assertEquals(bytes, frame.getBytes(StandardCharsets.UTF_8).length);
        return frame;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "😀"})
    void aMessageOfExactlyTheLimitIsDecoded(String unit) throws Exception {
        assertInstanceOf(Offer.class, decoder.decode(offerOf(LIMIT, unit)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "é", "€", "😀"})
    void oneByteMoreIsTooBig(String unit) {
        assertThrows(SignalDecoder.TooBig.class, () -> decoder.decode(offerOf(LIMIT + 1, unit)));
    }

    @Test
    void anUnpairedSurrogateCountsAsTheThreeBytesAContainerMayHaveReceived() {
        String sdp = "\ud800".repeat(LIMIT / 3 + 1);
        assertThrows(SignalDecoder.TooBig.class, () -> decoder.decode("{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"" + sdp + "\"}"));
    }

    @Test
    void aFrameTheCodecRefusesCarriesTheErrorForTheSender() {
        SignalDecoder.RefusedFrame refused = assertThrows(SignalDecoder.RefusedFrame.class, () -> decoder.decode("not json"));
        assertEquals("bad-message", refused.error().code());
    }
}
