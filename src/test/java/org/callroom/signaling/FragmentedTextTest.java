package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FragmentedTextTest {

    private final FragmentedText text = new FragmentedText(10);

    @Test
    void aMessageInOneFrameIsPassedThroughForTheDecoderToJudge() throws Exception {
        String whole = "x".repeat(50);
        assertSame(whole, text.add(whole, true));
    }

    @Test
    void framesArePutTogetherUpToTheLimit() throws Exception {
        assertNull(text.add("abc", false));
        assertNull(text.add("defg", false));
        assertEquals("abcdefghij", text.add("hij", true));
        assertEquals("next", text.add("next", true), "a fresh start after each message");
    }

    @Test
    void theLimitCountsUtf8Bytes() throws Exception {
        assertNull(text.add("ééé", false));
        assertEquals("ééééé", text.add("éé", true), "five characters, ten bytes: fits");
        assertNull(text.add("ééé", false));
        assertThrows(SignalDecoder.TooBig.class, () -> text.add("ééé", true), "six characters, twelve bytes");
    }

    @Test
    void afterATooBigMessageTheNextStartsAfresh() throws Exception {
        assertNull(text.add("123456", false));
        assertThrows(SignalDecoder.TooBig.class, () -> text.add("789012", false));
        assertNull(text.add("12", false));
        assertEquals("1234", text.add("34", true));
    }

    @Test
    void aDroppedFrameDropsTheRestOfItsMessage() throws Exception {
        assertNull(text.add("abc", false));
        text.drop(false);
        assertNull(text.add("def", false));
        assertNull(text.add("ghi", true), "the dropped message's last frame ends it, unreported");
        assertEquals("next", text.add("next", true));
        text.drop(true);
        assertEquals("after", text.add("after", true), "a dropped last frame leaves nothing to skip");
    }
}
