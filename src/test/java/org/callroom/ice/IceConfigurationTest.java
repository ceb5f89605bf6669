package org.callroom.ice;

import static org.callroom.ice.IceConfiguration.STUN_URLS;
import static org.callroom.ice.IceConfiguration.TRANSPORT_POLICY;
import static org.callroom.ice.IceConfiguration.TURN_SECRET;
import static org.callroom.ice.IceConfiguration.TURN_TTL;
import static org.callroom.ice.IceConfiguration.TURN_URLS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.callroom.protocol.IceServer;
import org.junit.jupiter.api.Test;

class IceConfigurationTest {

    private static final String SECRET = "callroom-test-secret-of-32-bytes";
    private static final String PEER = "Zm9vYmFyYmF6cXV4MTIzNA";
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    /**
     * Computed outside Java, as coturn would:
     * {@code printf %s '1700086400:Zm9vYmFyYmF6cXV4MTIzNA' | openssl dgst -sha1 -hmac 'callroom-test-secret-of-32-bytes' -binary | base64}.
     */
    private static final String CREDENTIAL_FOR_A_DAY = "gy11l7YUU1D3+lG3Djr5rDo6q+A=";
    /** The same for the username {@code 1700003600:Zm9vYmFyYmF6cXV4MTIzNA} (an hour's ttl). */
    private static final String CREDENTIAL_FOR_AN_HOUR = "isUWHOgKjVW9ozAkeqBVZKU8pjc=";

    private static IceConfiguration ice(String stun, String turn, String secret, String ttl, String policy) {
        return new IceConfiguration(Optional.ofNullable(stun), Optional.ofNullable(turn), Optional.ofNullable(secret),
                Optional.ofNullable(ttl), Optional.ofNullable(policy), NOW);
    }

    private static IceConfiguration stunOnly(String stun) {
        return ice(stun, null, null, null, null);
    }

    /** The deployment error these settings cause; it must name the setting and never contain the secret. */
    private static String failure(String setting, String stun, String turn, String secret, String ttl, String policy) {
        String message = assertThrows(IllegalArgumentException.class, () -> ice(stun, turn, secret, ttl, policy)).getMessage();
        assertTrue(message.contains(setting), message);
        if (secret != null && !secret.isBlank()) {
            assertFalse(message.contains(secret), message);
        }
        return message;
    }

    @Test
    void noneByDefault() {
        IceConfiguration none = ice(null, null, null, null, null);
        assertTrue(none.servers().isEmpty());
        assertTrue(none.serversFor(PEER).isEmpty());
        assertNull(none.transportPolicy(), "'all' is the browsers' default, so it is left out");
        assertTrue(stunOnly(" ").serversFor(PEER).isEmpty());
    }

    @Test
    void commaSeparatedStunUrlsBecomeOneEntryEachWithoutCredentials() {
        List<IceServer> servers = stunOnly("stun:stun.example.org:3478, stuns:stun.example.net:5349").serversFor(PEER);
        assertEquals(List.of(new IceServer(List.of("stun:stun.example.org:3478"), null, null),
                new IceServer(List.of("stuns:stun.example.net:5349"), null, null)), servers);
    }

    @Test
    void anythingButStunInTheStunSettingIsAnErrorNamingTheValue() {
        String http = failure(STUN_URLS, "http://stun.example.org", null, null, null, null);
        assertTrue(http.contains("http://stun.example.org"), http);
        String turn = failure(STUN_URLS, "turn:turn.example.org", null, null, null, null);
        assertTrue(turn.contains(TURN_URLS), "points at where TURN goes: " + turn);
    }

    @Test
    void turnUrlsGetOneEntryWithACredentialForThePeerThatExpiresAfterADay() {
        List<IceServer> servers = ice("stun:stun.example.org", "turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349",
                SECRET, null, null).serversFor(PEER);
        assertEquals(2, servers.size());
        assertEquals(new IceServer(List.of("stun:stun.example.org"), null, null), servers.get(0));
        IceServer turn = servers.get(1);
        assertEquals(List.of("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"), turn.urls());
        assertEquals("1700086400:" + PEER, turn.username(), "expiry = now + 86400 s, then the peer id");
        assertEquals(CREDENTIAL_FOR_A_DAY, turn.credential());
    }

    @Test
    void theTtlSettingMovesTheExpiryAndTheCredentialWithIt() {
        IceServer turn = ice(null, "turn:turn.example.org", SECRET, "3600", null).serversFor(PEER).get(0);
        assertEquals("1700003600:" + PEER, turn.username());
        assertEquals(CREDENTIAL_FOR_AN_HOUR, turn.credential());
    }

    @Test
    void eachWelcomeGetsACredentialFromTheClockOfItsOwnTime() {
        Clock later = Clock.offset(NOW, java.time.Duration.ofSeconds(10));
        IceConfiguration ice = new IceConfiguration(Optional.empty(), Optional.of("turn:turn.example.org"), Optional.of(SECRET),
                Optional.empty(), Optional.empty(), later);
        assertEquals("1700086410:other-peer", ice.serversFor("other-peer").get(0).username());
        assertTrue(ice.servers().isEmpty(), "servers() stays the STUN list, without credentials");
    }

    @Test
    void aTurnUrlWithoutASecretIsAnErrorNamingTheSecret() {
        failure(TURN_SECRET, null, "turn:turn.example.org", null, null, null);
        failure(TURN_SECRET, null, "turn:turn.example.org", "  ", null, null);
    }

    @Test
    void aTurnSecretShorterThan32BytesStopsTheDeployment() {
        String message = failure(TURN_SECRET, null, "turn:turn.example.org", "s".repeat(31), null, null);
        assertTrue(message.contains("at least 32 bytes, was 31"), message);
        // Bytes, not characters: 16 two-byte characters are enough; surrounding blanks do not count.
        assertEquals(1, ice(null, "turn:turn.example.org", "\u00e9".repeat(16), null, null).serversFor(PEER).size());
        failure(TURN_SECRET, null, "turn:turn.example.org", "  " + "s".repeat(31) + "  ", null, null);
        assertEquals(1, ice(null, "turn:turn.example.org", "s".repeat(32), null, null).serversFor(PEER).size());
    }

    @Test
    void aTurnSettingThatIsNoTurnUrlIsAnErrorNamingIt() {
        String message = failure(TURN_URLS, null, "stun:stun.example.org", SECRET, null, null);
        assertTrue(message.contains("stun:stun.example.org"), message);
    }

    @Test
    void aTtlOutsideItsBoundsIsAnErrorNamingIt() {
        for (String ttl : new String[] {"59", "0", "-5", "604801", "a day", "1e3"}) {
            failure(TURN_TTL, null, "turn:turn.example.org", SECRET, ttl, null);
        }
        assertEquals("1700000060:" + PEER, ice(null, "turn:t.example.org", SECRET, "60", null).serversFor(PEER).get(0).username());
        assertEquals("1700604800:" + PEER, ice(null, "turn:t.example.org", SECRET, "604800", null).serversFor(PEER).get(0).username());
    }

    @Test
    void relayPolicyIsHandedOnWithATurnServer() {
        assertEquals("relay", ice(null, "turn:turn.example.org", SECRET, null, "relay").transportPolicy());
        assertNull(ice(null, "turn:turn.example.org", SECRET, null, "all").transportPolicy());
    }

    @Test
    void relayPolicyWithoutATurnServerIsAnErrorNamingBothSettings() {
        String message = failure(TRANSPORT_POLICY, "stun:stun.example.org", null, null, null, "relay");
        assertTrue(message.contains(TURN_URLS), message);
    }

    @Test
    void anUnknownPolicyIsAnErrorNamingIt() {
        String message = failure(TRANSPORT_POLICY, null, "turn:turn.example.org", SECRET, null, "relay-only");
        assertTrue(message.contains("relay-only"), message);
    }

    @Test
    void theSecretStaysOutOfTheStringForm() {
        String text = TurnServers.of(List.of("turn:turn.example.org"), SECRET, java.time.Duration.ofHours(1)).toString();
        assertFalse(text.contains(SECRET), text);
    }
}
