package org.callroom.browser;

import java.net.URI;
import java.net.URL;
import org.callroom.testing.CallPage;
import org.callroom.testing.Chromium;
import org.callroom.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two headless Chromium browsers with fake camera and microphone hold a real call through the deployed WAR. */
@ExtendWith(ArquillianExtension.class)
class CallPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.callroomWar();
    }

    @ArquillianResource
    URL deployed;

    @Test
    void twoBrowsersSeeAndHearEachOtherChatAndHangUp() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium alice = Chromium.start(); Chromium bob = Chromium.start()) {
            CallPage alicePage = new CallPage(alice.driver).open(base, "e2e-call", "Alice");
            alicePage.join();
            alicePage.awaitState("waiting");

            CallPage bobPage = new CallPage(bob.driver).open(base, "e2e-call", "Bob");
            bobPage.join();

            alicePage.awaitRemoteMediaPlaying();
            bobPage.awaitRemoteMediaPlaying();
            alicePage.awaitState("connected");
            bobPage.awaitState("connected");
            alicePage.assertNoError();
            bobPage.assertNoError();

            alicePage.sendChat("Hello from Alice");
            bobPage.awaitChatLine("Alice");
            bobPage.awaitChatLine("Hello from Alice");
            bobPage.sendChat("Hi Alice, Bob here");
            alicePage.awaitChatLine("Hi Alice, Bob here");
            bobPage.screenshot("call-page");

            alicePage.hangUp();
            bobPage.awaitNoRemoteVideo();
            bobPage.awaitChatLine("Alice left the call.");
            bobPage.awaitState("waiting");
        }
    }
}
