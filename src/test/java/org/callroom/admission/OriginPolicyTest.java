package org.callroom.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void byDefaultOnlyThePagesOwnOriginIsAllowed() {
        OriginPolicy policy = new OriginPolicy("");
        assertTrue(policy.allows("http://127.0.0.1:8080", "http", "127.0.0.1:8080"));
        assertTrue(policy.allows("https://Calls.Example.com", "https", "calls.example.com:443"), "case and default port do not matter");
        assertFalse(policy.allows("http://evil.example", "http", "127.0.0.1:8080"));
        assertFalse(policy.allows("http://127.0.0.1:8081", "http", "127.0.0.1:8080"), "another port is another origin");
        assertFalse(policy.allows("https://127.0.0.1:8080", "http", "127.0.0.1:8080"), "another scheme is another origin");
        assertFalse(policy.allows("http://calls.example.com.evil.example", "http", "calls.example.com"));
    }

    @Test
    void configuredOriginsAreAllowedBesideTheOwnOne() {
        OriginPolicy policy = new OriginPolicy(" https://portal.example.com , http://intranet:8000");
        assertTrue(policy.allows("https://portal.example.com", "http", "127.0.0.1:8080"));
        assertTrue(policy.allows("https://portal.example.com:443", "http", "127.0.0.1:8080"));
        assertTrue(policy.allows("http://intranet:8000", "http", "127.0.0.1:8080"));
        assertTrue(policy.allows("http://127.0.0.1:8080", "http", "127.0.0.1:8080"));
        assertFalse(policy.allows("http://portal.example.com", "http", "127.0.0.1:8080"));
    }

    @Test
    void whatIsNotAnOriginIsRefused() {
        OriginPolicy policy = new OriginPolicy("");
        assertFalse(policy.allows("null", "http", "127.0.0.1:8080"), "sandboxed frames and file: pages send null");
        assertFalse(policy.allows("", "http", "127.0.0.1:8080"));
        assertFalse(policy.allows("http://127.0.0.1:8080/path", "http", "127.0.0.1:8080"));
        assertFalse(policy.allows("ws://127.0.0.1:8080", "http", "127.0.0.1:8080"));
        assertFalse(policy.allows("http://user@127.0.0.1:8080", "http", "127.0.0.1:8080"));
    }

    @Test
    void aBadConfiguredOriginStopsTheDeploymentNamingTheSetting() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> new OriginPolicy("portal.example.com"));
        assertTrue(failure.getMessage().startsWith("callroom.origins"), failure.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OriginPolicy("https://portal.example.com/"));
        assertEquals("https://a.example", OriginPolicy.normalize("https://a.example:443"));
    }
}
