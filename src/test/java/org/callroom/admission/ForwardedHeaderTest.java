package org.callroom.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHeaderTest {

    @Test
    void eachElementsValueInOrderUnquoted() {
        String header = "for=192.0.2.60;proto=https;host=calls.example.com, For=\"[2001:db8::1]:4711\";by=203.0.113.43";
        assertEquals(List.of("192.0.2.60", "[2001:db8::1]:4711"), ForwardedHeader.values(header, "for"));
        assertEquals(List.of("https"), ForwardedHeader.values(header, "proto"));
        assertEquals(List.of("calls.example.com"), ForwardedHeader.values(header, "host"));
        assertEquals(List.of(), ForwardedHeader.values(header, "nothing"));
        assertEquals(List.of(), ForwardedHeader.values("garbage;;,=", "for"));
    }
}
