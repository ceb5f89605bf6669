package org.callroom.signaling.grizzly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FragmentedTextTest {

    @Test
    void fragmentsArePutTogetherInOrderAndTheNextMessageStartsAfresh() {
        FragmentedText text = new FragmentedText(100);
        assertTrue(text.append("{\"type\":"));
        assertTrue(text.append("\"leave\"}"));
        assertEquals("{\"type\":\"leave\"}", text.take());
        assertTrue(text.append("next"));
        assertEquals("next", text.take());
    }

    @Test
    void aMessageMayReachTheLimitButNotPassIt() {
        FragmentedText text = new FragmentedText(10);
        assertTrue(text.append("12345"));
        assertTrue(text.append("67890"));
        assertFalse(text.append("1"));
        assertEquals("1234567890", text.take(), "the refused fragment added nothing");
    }
}
