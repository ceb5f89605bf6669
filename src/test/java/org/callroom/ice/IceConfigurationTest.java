package org.callroom.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IceConfigurationTest {

    @Test
    void noneByDefault() {
        assertTrue(new IceConfiguration(Optional.empty()).servers().isEmpty());
        assertTrue(new IceConfiguration(Optional.of(" ")).servers().isEmpty());
    }

    @Test
    void commaSeparatedUrlsBecomeOneEntryEach() {
        var servers = new IceConfiguration(Optional.of("stun:stun.example.org:3478, stuns:stun.example.net:5349")).servers();
        assertEquals(List.of("stun:stun.example.org:3478"), servers.get(0).urls());
        assertEquals(List.of("stuns:stun.example.net:5349"), servers.get(1).urls());
    }

    @Test
    void anythingElseIsAConfigurationErrorNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> new IceConfiguration(Optional.of("http://stun.example.org")));
        assertTrue(e.getMessage().contains("http://stun.example.org"), e.getMessage());
        var turn = assertThrows(IllegalArgumentException.class, () -> new IceConfiguration(Optional.of("turn:turn.example.org")));
        assertTrue(turn.getMessage().contains("credentials"), turn.getMessage());
    }
}
