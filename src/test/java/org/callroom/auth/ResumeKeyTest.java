package org.callroom.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeKeyTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartCreatesAKeyOnlyItsUserCanReadAndEveryLaterStartReadsTheSameOne() throws Exception {
        Path file = dir.resolve("data").resolve("resume.key");
        byte[] first = ResumeKey.load(Optional.empty(), Optional.of(file.toString()), Map.of());
        byte[] again = ResumeKey.load(Optional.empty(), Optional.of(file.toString()), Map.of());
        assertEquals(ResumeKey.KEY_BYTES, first.length);
        assertArrayEquals(first, again);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no draft is left behind");
        }
    }

    @Test
    void eachServerKeepsItWhereItKeepsData() {
        assertEquals(Path.of("/srv/wildfly/data", "callroom", "resume.key"),
                ResumeKey.defaultFile(Map.of("jboss.server.data.dir", "/srv/wildfly/data", "user.home", "/home/u")));
        assertEquals(Path.of("/srv/domain1", "config", "callroom-resume.key"),
                ResumeKey.defaultFile(Map.of("com.sun.aas.instanceRoot", "/srv/domain1", "user.home", "/home/u")));
        assertEquals(Path.of("/home/u", ".callroom", "resume.key"), ResumeKey.defaultFile(Map.of("user.home", "/home/u")));
    }

    @Test
    void aTemporaryInstanceRootIsPassedOverForTheHome() {
        // Payara Micro without --rootdir: a new directory under the temporary one each start would lose the key.
        assertEquals(Path.of("/home/u", ".callroom", "resume.key"), ResumeKey.defaultFile(
                Map.of("com.sun.aas.instanceRoot", "/tmp/payaramicro-rt123/", "java.io.tmpdir", "/tmp", "user.home", "/home/u")));
        assertEquals(Path.of("/srv/micro-root", "config", "callroom-resume.key"), ResumeKey.defaultFile(
                Map.of("com.sun.aas.instanceRoot", "/srv/micro-root", "java.io.tmpdir", "/tmp", "user.home", "/home/u")));
        assertEquals(Path.of("/tmpfoo/domain1", "config", "callroom-resume.key"), ResumeKey.defaultFile(
                Map.of("com.sun.aas.instanceRoot", "/tmpfoo/domain1", "java.io.tmpdir", "/tmp", "user.home", "/home/u")));
    }

    @Test
    void aConfiguredSecretWinsAndMustBeLongEnough() {
        byte[] key = ResumeKey.load(Optional.of("a configured secret of 32 bytes.."), Optional.of("/nonexistent/x"), Map.of());
        assertArrayEquals("a configured secret of 32 bytes..".getBytes(StandardCharsets.UTF_8), key);
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> ResumeKey.load(Optional.of("short secret"), Optional.empty(), Map.of()));
        assertTrue(shortOne.getMessage().contains(ResumeKey.SECRET));
        assertFalse(shortOne.getMessage().contains("short secret"), "the secret is never quoted");
    }

    @Test
    void anUnusableKeyFileFailsNamingTheSettings() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> ResumeKey.load(Optional.empty(), Optional.of(notADirectory.resolve("resume.key").toString()), Map.of()));
        assertTrue(failure.getMessage().contains(ResumeKey.KEY_FILE) && failure.getMessage().contains(ResumeKey.SECRET), failure.getMessage());
        Path tooShort = Files.writeString(dir.resolve("short.key"), "c2hvcnQ=");
        assertThrows(IllegalArgumentException.class, () -> ResumeKey.load(Optional.empty(), Optional.of(tooShort.toString()), Map.of()));
    }
}
