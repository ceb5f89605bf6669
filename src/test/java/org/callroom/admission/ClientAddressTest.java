package org.callroom.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void withoutTrustedProxiesForwardedHeadersAreIgnored() {
        ClientAddress addresses = new ClientAddress("");
        assertFalse(addresses.trustsProxies());
        assertEquals("192.0.2.7", addresses.of("192.0.2.7", List.of("203.0.113.2")));
        assertEquals("192.0.2.7", new ClientAddress("", "Forwarded").of("192.0.2.7", List.of("for=203.0.113.1")));
    }

    @Test
    void aTrustedProxysForwardedForIsReadFromTheRight() {
        ClientAddress addresses = new ClientAddress("127.0.0.1, 10.0.0.0/8");
        assertEquals("X-Forwarded-For", addresses.header(), "the header the nginx of DEPLOYING.md writes");
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", List.of("203.0.113.9")));
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", List.of("198.51.100.1, 203.0.113.9, 10.1.2.3")),
                "the client's own claim (198.51.100.1) is past the first untrusted hop");
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", List.of()));
        assertEquals("10.1.2.3", addresses.of("127.0.0.1", List.of("10.1.2.3")), "all trusted: the farthest one");
    }

    @Test
    void aClientsOwnLineOfTheHeaderCannotHideTheOneTheProxyAdded() {
        ClientAddress addresses = new ClientAddress("127.0.0.1");
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", List.of("198.51.100.1", "203.0.113.9")));
    }

    @Test
    void onlyTheConfiguredHeaderIsReadAndTheStandardOnesSyntaxIsUnderstood() {
        ClientAddress addresses = new ClientAddress("127.0.0.1", "forwarded");
        assertEquals("Forwarded", addresses.header());
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", List.of("for=203.0.113.9;proto=https")));
        assertEquals("2001:db8:0:0:0:0:0:1", addresses.of("127.0.0.1", List.of("for=\"[2001:db8::1]:4711\"")));
        assertEquals("203.0.113.9", addresses.of("127.0.0.1", List.of("for=203.0.113.9:5000, for=127.0.0.1")));
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", List.of("for=unknown")), "unknown stops at the proxy that said it");
        assertEquals("127.0.0.1", addresses.of("127.0.0.1", List.of("for=_hidden")));
    }

    @Test
    void aBadAddressHeaderStopsTheDeploymentNamingTheSettingAndTheChoices() {
        for (String bad : new String[] {"X-Real-IP", "", "X-Forwarded-For, Forwarded"}) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> new ClientAddress("127.0.0.1", bad), bad);
            assertTrue(failure.getMessage().startsWith("callroom.proxy.address-header must be X-Forwarded-For or Forwarded"),
                    failure.getMessage());
        }
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        assertEquals(ClientAddress.countedAs("2001:db8:1:2:aaaa::1"), ClientAddress.countedAs("2001:db8:1:2:ffff:1:2:3"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", ClientAddress.countedAs("2001:db8:1:2::7"));
        assertFalse(ClientAddress.countedAs("2001:db8:1:2::1").equals(ClientAddress.countedAs("2001:db8:1:3::1")), "another /64");
        assertEquals("192.0.2.1", ClientAddress.countedAs("192.0.2.1"), "IPv4 is counted per address");
        assertEquals("192.0.2.1", ClientAddress.countedAs("::ffff:192.0.2.1"), "an IPv4-mapped address is its IPv4 address");
    }

    @Test
    void namesAreNeverLookedUpAndOneAddressHasOneSpelling() {
        ClientAddress addresses = new ClientAddress("::1");
        assertTrue(addresses.isTrusted("0:0:0:0:0:0:0:1"));
        assertFalse(addresses.isTrusted("localhost"));
        assertFalse(addresses.isTrusted("999.0.0.1"));
        assertEquals("0:0:0:0:0:0:0:1", addresses.of("::1", List.of("localhost")), "a name is not an address: the proxy is as far as is known");
    }

    @Test
    void aBadTrustedEntryStopsTheDeploymentNamingTheSetting() {
        for (String bad : new String[] {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "300.1.1.1"}) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> new ClientAddress(bad), bad);
            assertTrue(failure.getMessage().startsWith("callroom.proxy.trusted"), failure.getMessage());
        }
    }
}
