package org.callroom.ice;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.callroom.protocol.IceServer;

/**
 * TURN servers that share a coturn {@code static-auth-secret}, and the time-limited credentials of the TURN REST API
 * they accept: username {@code "<expiry unix seconds>:<peerId>"}, credential base64(HMAC-SHA1(secret, username)).
 */
record TurnServers(List<String> urls, SecretKeySpec secret, Duration ttl) {

    private static final String HMAC_SHA1 = "HmacSHA1";

    TurnServers {
        urls = List.copyOf(urls);
    }

    /** TURN servers with this shared secret, whose credentials last {@code ttl}. */
    static TurnServers of(List<String> urls, String secret, Duration ttl) {
        return new TurnServers(urls, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA1), ttl);
    }

    /** One entry for all the URLs, with a credential for this peer that expires {@code ttl} after {@code now}. */
    IceServer entryFor(String peerId, Instant now) {
        String username = now.plus(ttl).getEpochSecond() + ":" + peerId;
        return new IceServer(urls, username, credential(username));
    }

    /** What coturn computes from the username to check a request: base64(HMAC-SHA1(secret, username)). */
    String credential(String username) {
        try {
            // A Mac is not thread-safe and cheap to create, so each credential gets its own.
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(secret);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            // Every Java platform must provide HmacSHA1, and any non-empty key suits it.
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public String toString() {
        // The record's own toString would print the secret's key object; a log line must not carry it.
        return "TurnServers" + urls + " ttl " + ttl;
    }
}
