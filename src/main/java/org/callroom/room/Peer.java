package org.callroom.room;

import java.security.SecureRandom;
import java.util.Base64;
import org.callroom.protocol.PeerInfo;

/**
 * A joined participant: its server-issued id, display name, the user id and role its join token gave it (null
 * without one), where its messages go, and the token it came in with (what a removal bans).
 */
public record Peer(String id, String name, String userId, String role, Recipient recipient, JoinPass pass) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ID_ENCODING = Base64.getUrlEncoder().withoutPadding();

    /** A participant whose join token, if any, is not known. */
    public Peer(String id, String name, String userId, String role, Recipient recipient) {
        this(id, name, userId, role, recipient, JoinPass.NONE);
    }

    /** A participant that joined without a token. */
    public Peer(String id, String name, Recipient recipient) {
        this(id, name, null, null, recipient);
    }

    /** An unguessable id: 128 random bits, URL-safe base64 (22 characters). */
    public static String newId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ID_ENCODING.encodeToString(bits);
    }

    public PeerInfo info() {
        return new PeerInfo(id, name, userId, role);
    }
}
