package org.callroom.protocol;

import java.util.List;
import java.util.function.Consumer;

/**
 * Writes messages as JSON text directly, type first, then the record's fields in order: every relayed frame is written
 * once per addressee, and a binding layer cost several times the writing itself. Nulls are written as {@code null}
 * (the end-of-candidates {@code "candidate":null}), except an ICE server's username and credential, which STUN
 * servers do not have and browsers expect absent.
 */
final class MessageWriter {

    private final StringBuilder out;

    private MessageWriter(int capacity) {
        out = new StringBuilder(capacity);
    }

    static String write(SignalMessage message, String type) {
        int hint = sizeHint(message);
        // Room for the escapes too: an SDP's line breaks each take two characters more.
        MessageWriter json = new MessageWriter(96 + hint + hint / 8);
        json.out.append("{\"type\":");
        json.string(type);
        if (message instanceof Candidate candidate) {
            json.field("to", candidate.to()).field("from", candidate.from()).name("candidate");
            json.iceCandidate(candidate.candidate());
        } else if (message instanceof SessionDescription description) {
            json.field("to", description.to()).field("from", description.from()).field("sdp", description.sdp());
        } else if (message instanceof Welcome welcome) {
            json.field("peerId", welcome.peerId()).field("room", welcome.room()).name("peers");
            json.peers(welcome.peers());
            json.name("iceServers");
            json.iceServers(welcome.iceServers());
        } else if (message instanceof PeerJoined joined) {
            json.field("peerId", joined.peerId()).field("name", joined.name());
        } else if (message instanceof PeerLeft left) {
            json.field("peerId", left.peerId());
        } else if (message instanceof ErrorMessage error) {
            json.field("code", error.code()).field("message", error.message());
        } else if (message instanceof Join join) {
            json.field("name", join.name());
        } else if (!(message instanceof Leave)) {
            throw new IllegalArgumentException("no writer for " + message.getClass().getName());
        }
        return json.out.append('}').toString();
    }

    private static int sizeHint(SignalMessage message) {
        return message instanceof SessionDescription description ? description.sdp().length() : 192;
    }

    private MessageWriter name(String name) {
        out.append(",\"").append(name).append("\":");
        return this;
    }

    private MessageWriter field(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    private void iceCandidate(IceCandidate candidate) {
        if (candidate == null) {
            out.append("null");
            return;
        }
        out.append("{\"candidate\":");
        string(candidate.candidate());
        field("sdpMid", candidate.sdpMid()).name("sdpMLineIndex");
        out.append(candidate.sdpMLineIndex() == null ? "null" : candidate.sdpMLineIndex().toString());
        field("usernameFragment", candidate.usernameFragment());
        out.append('}');
    }

    private void peers(List<PeerInfo> peers) {
        array(peers, peer -> {
            out.append("{\"peerId\":");
            string(peer.peerId());
            field("name", peer.name());
            out.append('}');
        });
    }

    private void iceServers(List<IceServer> servers) {
        array(servers, server -> {
            out.append("{\"urls\":");
            array(server.urls(), this::string);
            if (server.username() != null) {
                field("username", server.username());
            }
            if (server.credential() != null) {
                field("credential", server.credential());
            }
            out.append('}');
        });
    }

    private <T> void array(List<T> items, Consumer<T> item) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            item.accept(items.get(i));
        }
        out.append(']');
    }

    /** A JSON string, escaping what RFC 8259 requires: quote, backslash and control characters. */
    private void string(String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int plain = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(value, plain, value.length()).append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
