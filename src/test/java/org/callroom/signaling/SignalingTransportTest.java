package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.callroom.signaling.SignalingTransport.Choice;
import org.junit.jupiter.api.Test;

class SignalingTransportTest {

    @Test
    void theThreeChoicesAreReadWhateverTheirCase() {
        assertEquals(Choice.AUTO, Choice.parse("auto"));
        assertEquals(Choice.STANDARD, Choice.parse(" Standard "));
        assertEquals(Choice.GRIZZLY, Choice.parse("GRIZZLY"));
    }

    @Test
    void anythingElseFailsTheDeploymentWithTheAllowedValues() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new SignalingTransport("tyrus"));
        assertTrue(refused.getMessage().contains("auto, standard or grizzly"), refused.getMessage());
        assertTrue(refused.getMessage().contains("'tyrus'"), refused.getMessage());
    }

    @Test
    void autoUsesGrizzlyExactlyWhereTheServerHasIt() {
        assertTrue(SignalingTransport.uses(Choice.AUTO, true));
        assertFalse(SignalingTransport.uses(Choice.AUTO, false));
    }

    @Test
    void standardNeverUsesGrizzly() {
        assertFalse(SignalingTransport.uses(Choice.STANDARD, true));
        assertFalse(SignalingTransport.uses(Choice.STANDARD, false));
    }

    @Test
    void grizzlyAskedForOnAServerWithoutItFailsTheDeployment() {
        assertTrue(SignalingTransport.uses(Choice.GRIZZLY, true));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SignalingTransport.uses(Choice.GRIZZLY, false));
        assertTrue(refused.getMessage().contains("no Grizzly WebSocket engine"), refused.getMessage());
    }

    @Test
    void theEngineIsFoundWhereItsClassIs() {
        // Grizzly's WebSocket jar is on the test class path (provided scope), as it is inside Payara.
        assertTrue(SignalingTransport.grizzlyEngineAvailable());
    }
}
