package org.callroom.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedOriginsTest {

    @Test
    void byDefaultOnlyThePagesOwnSiteMayFrameIt() {
        EmbedOrigins none = new EmbedOrigins("");
        assertEquals(List.of(), none.origins());
        assertEquals("frame-ancestors 'self'", none.frameAncestors());
    }

    @Test
    void configuredSitesMayFrameItInTheOrderGivenOnceEach() {
        EmbedOrigins portals = new EmbedOrigins(" https://Portal.example.com:443, http://intranet:8000 ,https://portal.example.com");
        assertEquals(List.of("https://portal.example.com", "http://intranet:8000"), portals.origins());
        assertEquals("frame-ancestors 'self' https://portal.example.com http://intranet:8000", portals.frameAncestors());
    }

    @Test
    void whatIsNotAnOriginStopsTheDeploymentNamingTheSetting() {
        for (String bad : List.of("portal.example.com", "https://portal.example.com/", "*", "'none'", "https://a.example; script-src *")) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> new EmbedOrigins(bad), bad);
            assertTrue(failure.getMessage().startsWith(EmbedOrigins.SETTING + ": "), failure.getMessage());
        }
    }

    @Test
    void aSiteThatMayFrameThePageMayOpenItsSocketToo() {
        OriginPolicy policy = new OriginPolicy("https://portal.example.com", new EmbedOrigins("http://intranet:8000"));
        assertTrue(policy.allows("http://intranet:8000", "http", "127.0.0.1:8080"));
        assertTrue(policy.allows("https://portal.example.com", "http", "127.0.0.1:8080"));
        assertFalse(policy.allows("http://intranet:8001", "http", "127.0.0.1:8080"));
    }
}
