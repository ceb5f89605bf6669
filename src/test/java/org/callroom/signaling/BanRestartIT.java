package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.callroom.auth.AuthConfiguration;
import org.callroom.auth.JoinTokenIT;
import org.callroom.auth.TestTokens;
import org.callroom.protocol.CloseCode;
import org.callroom.testing.FreePorts;
import org.callroom.testing.LaunchedServer;
import org.callroom.testing.TestPeer;
import org.callroom.testing.WorkDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md, "Bans": a ban outlives a crash of the server. Payara Micro runs as the run command does, with a key
 * file of its own, beside which the ban list is kept; it is killed (SIGKILL) and started again.
 */
class BanRestartIT {

    private static LaunchedServer server;
    private static Path root;

    @BeforeAll
    static void startPayaraMicro() throws Exception {
        Path project = Path.of(System.getProperty("callroom.projectDir", "."));
        Path target = Files.createDirectories(project.resolve("target"));
        root = WorkDirectory.clear(target.resolve("ban-restart-root"));
        int port = FreePorts.take(1)[0];
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcallroom.address=127.0.0.1", "-Dcallroom.room.capacity=4",
                // Longer than a restart on a busy machine: the resume token is still valid after it, so only the ban refuses it.
                "-Dcallroom.resume.token-seconds=600",
                "-Dcallroom.resume.key-file=" + root.resolve("resume.key"),
                "-D" + AuthConfiguration.MODE + "=token", "-D" + AuthConfiguration.SECRET + "=" + TestTokens.SECRET,
                "-D" + AuthConfiguration.ISSUER + "=" + JoinTokenIT.ISSUER, "-D" + AuthConfiguration.AUDIENCE + "=" + JoinTokenIT.AUDIENCE,
                "-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--nocluster", "--port", String.valueOf(port),
                "--prebootcommandfile", Path.of(System.getProperty("callroom.payaraConfig", "payara-config"), "pre-boot-commands.asadmin").toString(),
                "--deploy", System.getProperty("callroom.war", "target/callroom.war"), "--contextroot", "/");
        server = LaunchedServer.start(command, project, target.resolve("ban-restart.log"), URI.create("http://127.0.0.1:" + port + "/"));
    }

    @AfterAll
    static void stopPayaraMicro() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static URI room(String name) {
        return URI.create("ws://127.0.0.1:" + server.base.getPort() + "/signal/" + name);
    }

    @Test
    void aRemovedParticipantIsStillBannedAfterTheServerRestarts() throws Exception {
        String bobToken = BanIT.token("ban-restart", "Bob", "user-bob", "participant");
        String resumeToken;
        try (TestPeer moderator = TestPeer.connect(room("ban-restart")); TestPeer bob = TestPeer.connect(room("ban-restart"))) {
            BanIT.welcome(moderator, "Mo", BanIT.token("ban-restart", "Mo", "user-mo", "moderator"));
            resumeToken = BanIT.welcome(bob, "Bob", bobToken).getString("resumeToken");
            moderator.expect("peer-joined");
            moderator.send("{\"type\":\"remove\",\"to\":\"" + bob.peerId + "\"}");
            assertEquals(CloseCode.REMOVED.code(), bob.awaitClose().getCloseCode().getCode());
        }
        assertTrue(Files.exists(root.resolve("callroom-bans.json")), "kept beside the resume key");

        server.kill();
        server = server.restart();

        BanIT.assertBanned(room("ban-restart"), bobToken);
        BanIT.assertBanned(room("ban-restart"), BanIT.token("ban-restart", "Bob", "user-bob", "participant"));
        BanIT.assertResumeRefused(room("ban-restart"), bobToken, resumeToken, "you were removed from the call");
        try (TestPeer carol = TestPeer.connect(room("ban-restart"))) {
            BanIT.welcome(carol, "Carol", BanIT.token("ban-restart", "Carol", "user-carol", "participant"));
        }
    }
}
