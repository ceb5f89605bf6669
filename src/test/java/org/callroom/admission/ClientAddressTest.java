package org.callroom.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void withoutTrustedProxiesForwardedHeadersAreIgnored() {
        ClientAddress addresses = new ClientAddress("");
        assertFalse(addresses.trustsProxies());
        assertEquals("192.0.2.7", addresses.of("192.0.2.7", "for=203.0.113.1", "203.0.113.2"));
    }

    @Test
    void aTrustedProxysForwardedForIsReadFromTheRight() {
        ClientAddress addresses = new ClientAddress("127.0.0.1, 10.0.0.0/8");
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", null, "203.0.113.9"));
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", null, "198.51.100.1, 203.0.113.9, 10.1.2.3"),
                "the client's own claim (198.51.100.1) is past the first untrusted hop");
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", null, null));
        assertEquals("10.1.2.3", addresses.of("127.0.0.1", null, "10.1.2.3"), "all trusted: the farthest one");
    }

    @Test
    void theStandardForwardedHeaderWinsAndItsSyntaxIsRead() {
        ClientAddress addresses = new ClientAddress("127.0.0.1");
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", "for=203.0.113.9;proto=https", "198.51.100.1"));
        assertEquals("2001:db8:0:0:0:0:0:1", addresses.of("127.0.0.1", "for=\"[2001:db8::1]:4711\"", null));
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", "for=203.0.113.9:5000, for=127.0.0.1", null));
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", "for=unknown", null), "unknown stops at the proxy that said it");
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", "for=_hidden", null));
    }

    @Test
    void namesAreNeverLookedUpAndOneAddressHasOneSpelling() {
        ClientAddress addresses = new ClientAddress("::1");
        assertTrue(addresses.isTrusted("0:0:0:0:0:0:0:1"));
        assertFalse(addresses.isTrusted("localhost"));
        assertFalse(addresses.isTrusted("999.0.0.1"));
        assertEquals("0:0:0:0:0:0:0:1", addresses.of("::1", null, "localhost"), "a name is not an address: the proxy is as far as is known");
    }

    @Test
    void aBadTrustedEntryStopsTheDeploymentNamingTheSetting() {
        for (String bad : new String[] {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "300.1.1.1"}) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> new ClientAddress(bad), bad);
            assertTrue(failure.getMessage().startsWith("callroom.proxy.trusted"), failure.getMessage());
        }
    }
}
