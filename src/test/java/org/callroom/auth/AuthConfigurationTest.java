package org.callroom.auth;

import static org.callroom.auth.AuthConfiguration.MODE;
import static org.callroom.auth.AuthConfiguration.PUBLIC_KEY;
import static org.callroom.auth.AuthConfiguration.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.callroom.protocol.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigurationTest {

    private static final String SHORT_SECRET = "short-but-secret-31-bytes-long!";

    @TempDir
    Path dir;

    private static JoinAuthorizer authorizer(String mode, String secret, String publicKey) {
        return AuthConfiguration.authorizer(mode, Optional.ofNullable(secret), Optional.ofNullable(publicKey), Optional.empty(),
                Optional.empty());
    }

    /** The startup failure's message, which must name the setting and never contain the secret. */
    private static String failure(String setting, String mode, String secret, String publicKey) {
        String message = assertThrows(IllegalArgumentException.class, () -> authorizer(mode, secret, publicKey)).getMessage();
        assertTrue(message.contains(setting), message);
        if (secret != null) {
            assertFalse(message.contains(secret), message);
        }
        return message;
    }

    @Test
    void noneIsTheDefaultAndAdmitsEveryone() {
        assertSame(JoinAuthorizer.OPEN, authorizer("none", null, null));
    }

    @Test
    void noneIgnoresAKeyButStaysOpen() {
        assertSame(JoinAuthorizer.OPEN, authorizer("none", TestTokens.SECRET, null));
    }

    @Test
    void tokenModeWithASecretVerifiesHs256() {
        assertInstanceOf(JoinTokenVerifier.class, authorizer("token", TestTokens.SECRET, null));
    }

    @Test
    void anUnknownModeNamesTheSetting() {
        failure(MODE, "tokens", null, null);
    }

    @Test
    void tokenModeWithoutAKeyNamesBothSettings() {
        String message = failure(MODE, "token", null, null);
        assertTrue(message.contains(SECRET) && message.contains(PUBLIC_KEY), message);
    }

    @Test
    void tokenModeWithBothKeysIsRefused() throws Exception {
        String message = failure(SECRET, "token", TestTokens.SECRET, TestTokens.pem(dir, TestTokens.rsaKeys()).toString());
        assertTrue(message.contains("not both"), message);
    }

    @Test
    void aShortSecretNamesTheSettingWithoutQuotingIt() {
        String message = failure(SECRET, "token", SHORT_SECRET, null);
        assertTrue(message.contains("at least 32 bytes"), message);
    }

    @Test
    void anUnreadablePublicKeyFileNamesTheSetting() {
        failure(PUBLIC_KEY, "token", null, dir.resolve("missing.pem").toString());
    }

    @Test
    void aFileWithoutAPemPublicKeyNamesTheSetting() throws Exception {
        Path notPem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
        failure(PUBLIC_KEY, "token", null, notPem.toString());
    }

    @Test
    void aPemBlockThatIsNoKeyNamesTheSetting() throws Exception {
        Path garbage = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        failure(PUBLIC_KEY, "token", null, garbage.toString());
    }

    @Test
    void anEcKeyOnAnotherCurveNamesTheSetting() throws Exception {
        String message = failure(PUBLIC_KEY, "token", null, TestTokens.pem(dir, TestTokens.ecKeys("secp384r1")).toString());
        assertTrue(message.contains("P-256"), message);
    }

    @Test
    void aWeakRsaKeyNamesTheSetting() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        failure(PUBLIC_KEY, "token", null, TestTokens.pem(dir, generator.generateKeyPair()).toString());
    }

    private static AuthConfiguration configured(String mode, String moderatorRole) {
        return new AuthConfiguration(mode, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(moderatorRole));
    }

    @Test
    void containerModeAdmitsEachSocketAsTheServerAuthenticatedItAndNobodyElse() {
        AuthConfiguration auth = configured("container", null);
        assertTrue(auth.container());
        assertEquals(AuthConfiguration.DEFAULT_MODERATOR_ROLE, auth.moderatorRole());
        assertTrue(auth.mint().isEmpty(), "the server's realm, not Callroom, says who people are");

        JoinVerdict moderator = auth.authorizerFor(new ContainerIdentity("jane.doe", true)).authorize("r", new Join("Someone"));
        assertEquals(new JoinVerdict.Admitted(new JoinClaims("jane.doe", "jane.doe", "moderator")), moderator);
        JoinVerdict participant = auth.authorizerFor(new ContainerIdentity("john", false)).authorize("r", new Join("John"));
        assertEquals(new JoinVerdict.Admitted(new JoinClaims("john", "john", "participant")), participant);
        assertInstanceOf(JoinVerdict.Refused.class, auth.authorizerFor(null).authorize("r", new Join("Anonymous")));
        assertInstanceOf(JoinVerdict.Refused.class,
                auth.authorizerFor(new ContainerIdentity("x".repeat(65), false)).authorize("r", new Join("Long")),
                "a principal name too long to show is refused, not cut");
        JoinVerdict.Refused hidden = assertInstanceOf(JoinVerdict.Refused.class,
                auth.authorizerFor(new ContainerIdentity("jane\u200B.doe", false)).authorize("r", new Join("Jane")));
        assertTrue(hidden.reason().contains("U+200B ZERO WIDTH SPACE"), hidden.reason());
        assertEquals("portal-hosts", configured("container", " portal-hosts ").moderatorRole());
    }

    @Test
    void outsideContainerModeTheHandshakesIdentityChangesNothing() {
        AuthConfiguration open = configured("none", null);
        assertFalse(open.container());
        assertSame(open.authorizer(), open.authorizerFor(new ContainerIdentity("jane", true)));
    }
}
