package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.URI;
import java.net.URL;
import org.callroom.auth.JoinTokenIT;
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
import org.openqa.selenium.By;

/** A moderator (by join token) mutes and then removes a participant from the call page itself. */
@ExtendWith(ArquillianExtension.class)
class ModerationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JoinTokenIT.tokenModeWar("callroom-moderation.war");
    }

    @ArquillianResource
    URL deployed;

    private String token(String room, String name, String role) throws Exception {
        AdminClient.Reply minted = new AdminClient(Deployments.loopback(deployed)).asOperator("POST", "tokens",
                Json.createObjectBuilder().add("room", room).add("name", name).add("role", role).build().toString());
        assertEquals(200, minted.status(), minted.body());
        return minted.object().getString("token");
    }

    private CallPage join(Chromium browser, String room, String name, String role) throws Exception {
        URI base = Deployments.loopback(deployed);
        CallPage page = new CallPage(browser.driver);
        browser.driver.get(base + "?room=" + room + "#token=" + token(room, name, role));
        page.join();
        return page;
    }

    @Test
    void aModeratorMutesAParticipantWhoseMicrophoneGoesOffThenRemovesThem() throws Exception {
        String room = "moderated";
        try (Chromium moderatorBrowser = Chromium.start(); Chromium participantBrowser = Chromium.start()) {
            CallPage moderator = join(moderatorBrowser, room, "Mona", "moderator");
            moderator.awaitState("waiting");
            CallPage participant = join(participantBrowser, room, "Pat", "participant");
            moderator.awaitRemoteMediaPlaying();
            participant.awaitRemoteMediaPlaying();
            assertTrue(participant.findAll("moderate-mute").isEmpty(), "a participant gets no moderator buttons");

            moderator.find("moderate-mute").click();
            participant.waitFor(CallPage.CALL_SETUP, "the participant's microphone to go off",
                    () -> "true".equals(participant.find("toggle-audio").getDomAttribute("aria-pressed")));
            participant.waitFor(CallPage.CALL_SETUP, "the notice", () -> participantBrowser.driver
                    .findElement(By.tagName("body")).getText().contains("A moderator muted your microphone."));
            moderator.awaitRemoteAudio("silence from the muted participant", level -> level < 0.01);

            moderator.find("moderate-unmute").click();
            participant.waitFor(CallPage.CALL_SETUP, "the request to unmute", () -> participantBrowser.driver
                    .findElement(By.tagName("body")).getText().contains("A moderator asks you to unmute your microphone."));
            assertEquals("true", participant.find("toggle-audio").getDomAttribute("aria-pressed"), "asked, not unmuted");

            moderatorBrowser.driver.executeScript("window.confirm = () => true");
            moderator.find("moderate-remove").click();
            participant.assertVisibleError("You were removed from the call.");
            moderator.awaitChatLine("Pat left the call.");
            moderator.awaitNoRemoteVideo();
        }
    }
}
