package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URL;
import java.time.Duration;
import org.callroom.testing.AdminClient;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An operator removes someone through the admin REST API: their page says so and stays out, and the others see them go. */
@ExtendWith(ArquillianExtension.class)
class RemovedFromCallIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    @Test
    void theRemovedPageSaysSoAndDoesNotReconnectAndTheOtherPageSeesThemLeave() throws Exception {
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage[] pages = CallPage.twoInACall(Deployments.loopback(deployed), alice, bob, "e2e-removed");
            CallPage alicePage = pages[0];
            CallPage bobPage = pages[1];
            long socketsBefore = alicePage.sockets("any");

            AdminClient.Reply removed = new AdminClient(Deployments.loopback(deployed))
                    .asOperator("DELETE", "rooms/e2e-removed/participants/" + alicePage.selfPeerId(), null);
            assertEquals(204, removed.status(), removed.body());

            alicePage.assertVisibleError("You were removed from the call.");
            bobPage.awaitChatLine("Alice left the call.");
            bobPage.awaitNoRemoteVideo();
            bobPage.awaitState("waiting");
            // Longer than the page's first reconnect attempts (0, 0.3, 1.2, 2.7 s): it makes none.
            Thread.sleep(Duration.ofSeconds(4).toMillis());
            assertEquals(socketsBefore, alicePage.sockets("any"), "the removed page opened no new socket");
            assertEquals(0, alicePage.sockets("OPEN"));
            assertFalse(alicePage.find("rejoin").isDisplayed(), "no rejoin offered as if the connection had been lost");
        }
    }
}
