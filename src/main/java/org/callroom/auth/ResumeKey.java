package org.callroom.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.callroom.storage.ServerData;

/**
 * The key resume tokens are signed with. It must outlive the server process, or no token survives a restart: so it
 * comes from {@code callroom.resume.secret}, or from a key file that the first start creates where the server keeps
 * its data and every later start reads.
 */
public final class ResumeKey {

    public static final String SECRET = "callroom.resume.secret";
    public static final String KEY_FILE = "callroom.resume.key-file";

    /** 256 bits, as HS256 asks (RFC 7518, 3.2). */
    static final int KEY_BYTES = 32;

    private ResumeKey() {
    }

    /**
     * The configured secret's UTF-8 bytes, else the key in {@code keyFile}, else the key in the server's data directory
     * (from {@code system}, the system properties), each file created with a new random key if it does not exist.
     *
     * @throws IllegalArgumentException naming the setting at fault, never quoting a key
     */
    public static byte[] load(Optional<String> secret, Optional<String> keyFile, Map<String, String> system) {
        if (secret.isPresent()) {
            byte[] key = secret.get().getBytes(StandardCharsets.UTF_8);
            if (key.length < KEY_BYTES) {
                throw new IllegalArgumentException(SECRET + " must be at least " + KEY_BYTES + " bytes");
            }
            return key;
        }
        Path file = keyFile.map(String::strip).filter(path -> !path.isEmpty()).map(Path::of).orElseGet(() -> defaultFile(system));
        try {
            return readOrCreate(file);
        } catch (IOException | UncheckedIOException | IllegalArgumentException failure) {
            throw new IllegalArgumentException("cannot use the resume key file " + file + " (" + failure.getMessage()
                    + "): set " + KEY_FILE + " to a writable path, or " + SECRET);
        }
    }

    /** Where each server keeps data across restarts ({@link ServerData#file}). */
    static Path defaultFile(Map<String, String> system) {
        return ServerData.file(system, "resume.key");
    }

    /** Reads the key, or writes a new one readable by this user only; two servers starting at once agree on one. */
    static byte[] readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] fresh = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            Path draft = Files.createTempFile(file.toAbsolutePath().getParent(), ".resume-key-", ".tmp");
            try {
                restrict(draft);
                Files.writeString(draft, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
                // A hard link never replaces a file: the first of two starts wins, and the other reads its key.
                Files.createLink(file, draft);
            } catch (FileAlreadyExistsException other) {
                // Another start created it first.
            } finally {
                Files.deleteIfExists(draft);
            }
        }
        byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("it holds fewer than " + KEY_BYTES + " bytes");
        }
        return key;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file takes its directory's permissions.
        }
    }
}
