package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;
import org.callroom.protocol.CloseCode;
import org.callroom.testing.Deployments;
import org.callroom.testing.RawWebSocket;
import org.callroom.testing.TestPeer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tyrus (Payara) holds a frame until all of it has arrived, up to its incoming buffer: the WAR sets that to 256 KiB and a
 * header, so a longer frame is refused once that much of it is in, not after 4 MiB. Payara only: Undertow (WildFly)
 * reads a frame whole whatever the buffer says (docs/DEPLOYING.md, "What differs between the servers").
 */
@ExtendWith(ArquillianExtension.class)
class FrameBufferIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar("callroom-frame-buffer.war", Map.of());
    }

    @ArquillianResource
    URL deployed;

    @Test
    void aFrameStillArrivingIsRefusedOnceItsFirst256KiBAreIn() throws Exception {
        try (TestPeer alice = TestPeer.join(Deployments.signaling(deployed, "arriving"), "Alice");
             RawWebSocket bob = RawWebSocket.open(Deployments.signaling(deployed, "arriving"))) {
            bob.sendText("{\"type\":\"join\",\"name\":\"Bob\"}");
            alice.expect("peer-joined");
            // 300 KiB of a 1 MiB frame, and no more: before, Tyrus waited for the rest until the heartbeat gave up (1001).
            bob.sendTextFramePart(1024 * 1024, 300 * 1024);
            // Tyrus's own close, which docs/protocol.md lists under 1011.
            assertEquals(CloseCode.INTERNAL_ERROR.code(), bob.awaitCloseCode(TestPeer.WAIT));
            assertTrue(alice.isOpen());
        }
    }
}
