package org.callroom.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import org.callroom.auth.JoinClaims;
import org.callroom.auth.JoinTokenIT;
import org.callroom.auth.TestTokens;
import org.callroom.auth.TokenMint;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/** The call page on a server in token mode: the token from the URL fragment joins, stays out of the share link, and refusals read clearly. */
@ExtendWith(ArquillianExtension.class)
class JoinTokenPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JoinTokenIT.tokenModeWar("callroom-tokens-page.war");
    }

    @ArquillianResource
    URL deployed;

    @Test
    void theFragmentsTokenJoinsAndARefusalSaysWhy() throws Exception {
        URI base = Deployments.loopback(deployed);
        try (Chromium browser = Chromium.start()) {
            CallPage page = new CallPage(browser.driver);
            String token = JoinTokenIT.validToken("page-token", "Alice Invited");
            browser.driver.get(base + "?room=page-token#token=" + token);
            assertEquals("Alice Invited", page.find("name").getAttribute("value"), "the lobby shows the token's name");
            page.join();
            page.awaitState("waiting");
            page.assertNoError();
            WebElement shareLink = browser.driver.findElement(By.id("share-link"));
            assertEquals(base + "?room=page-token", shareLink.getAttribute("href"), "the share link carries the room only, never the token");
            assertFalse(shareLink.getText().contains(token));
            page.hangUp();

            browser.driver.get(base + "?room=page-other#token=" + token);
            page.join();
            page.assertVisibleError("This invitation link does not admit you to room page-other (token is for another room)");

            browser.driver.get(base + "?room=page-none&name=Mallory");
            page.join();
            page.assertVisibleError("Room page-none needs an invitation link");
        }
    }

    @Test
    void theTokenLeavesTheAddressOnceJoinedAndARemovedInviteeIsToldItIsBanned() throws Exception {
        URI base = Deployments.loopback(deployed);
        // Bans outlive the server and may share its file with an earlier run: a room of this run's own.
        String room = "page-ban-" + Long.toString(System.currentTimeMillis(), 36);
        String token = new TokenMint(TestTokens.SECRET, Optional.of(JoinTokenIT.ISSUER), Optional.of(JoinTokenIT.AUDIENCE))
                .mint(room, new JoinClaims("Bob Invited", "user-bob", "participant"), Duration.ofMinutes(10));
        String invitation = base + "?room=" + room + "#token=" + token;
        try (Chromium browser = Chromium.start()) {
            CallPage page = new CallPage(browser.driver);
            browser.driver.get(invitation);
            page.join();
            page.awaitState("waiting");
            assertEquals(base + "?room=" + room, browser.driver.getCurrentUrl(), "the address keeps the room, not the token");
            assertEquals("", ((JavascriptExecutor) browser.driver).executeScript("return location.hash"));

            AdminClient.Reply removed = new AdminClient(base).asOperator("DELETE", "rooms/" + room + "/participants/" + page.selfPeerId(), null);
            assertEquals(204, removed.status(), removed.body());
            page.assertVisibleError("You were removed from the call.");

            browser.driver.get("about:blank");
            browser.driver.get(invitation); // The invitation, kept elsewhere: the removal banned it from the room.
            page.join();
            page.assertVisibleError("You were removed from room " + room + " and cannot join it again for now.");
        }
    }
}
