package org.callroom.bench;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.net.URI;

/**
 * One signaling server's wire format, as the generator needs it. The payloads are the same for
 * every server (a realistic SDP or ICE candidate carrying the send time), so the servers relay
 * the same bytes and only their envelopes differ.
 */
interface Protocol {

    /** A frame the generator cares about: a peer became ready, or a relayed message arrived. */
    record Incoming(Kind kind, String peerId, String from, String payload) {
        enum Kind { READY, RELAY, ERROR, OTHER }

        /** Anything the generator does not count. */
        static final Incoming OTHER = new Incoming(Kind.OTHER, null, null, null);
    }

    String name();

    /** Where peer {@code id} (chosen by the generator; Callroom ignores it and issues its own) of {@code room} connects. */
    URI uri(URI base, String room, String id);

    /** The first frame the client sends, or null when the server speaks first. */
    String hello(String name);

    /** A message of {@code type} ("offer", "answer" or "candidate") for {@code to}, whose payload text is {@code payload}. */
    String relay(String type, String to, String payload);

    Incoming parse(String frame);

    /** A keep-alive frame the server needs from clients, or null. */
    String keepAlive();

    /** Looked up once: {@code Json.createReader} searches the class path for a provider on every call. */
    JsonProvider JSON = JsonProvider.provider();

    static JsonObject json(String frame) {
        return JSON.createReader(new StringReader(frame)).readObject();
    }

    static String text(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonString s ? s.getString() : null;
    }

    /** Callroom v1: docs/protocol.md. */
    final class Callroom implements Protocol {
        @Override
        public String name() {
            return "callroom";
        }

        @Override
        public URI uri(URI base, String room, String id) {
            return base.resolve("signal/" + room);
        }

        @Override
        public String hello(String name) {
            return "{\"type\":\"join\",\"name\":\"" + name + "\"}";
        }

        @Override
        public String relay(String type, String to, String payload) {
            return type.equals("candidate")
                    ? "{\"type\":\"candidate\",\"to\":\"" + to + "\",\"candidate\":{\"candidate\":\"" + payload + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}"
                    : "{\"type\":\"" + type + "\",\"to\":\"" + to + "\",\"sdp\":\"" + payload + "\"}";
        }

        @Override
        public Incoming parse(String frame) {
            JsonObject message = json(frame);
            return switch (String.valueOf(text(message, "type"))) {
                case "welcome" -> new Incoming(Incoming.Kind.READY, text(message, "peerId"), null, null);
                case "offer", "answer" -> new Incoming(Incoming.Kind.RELAY, null, text(message, "from"), text(message, "sdp"));
                case "candidate" -> new Incoming(Incoming.Kind.RELAY, null, text(message, "from"),
                        message.isNull("candidate") ? null : text(message.getJsonObject("candidate"), "candidate"));
                case "error" -> new Incoming(Incoming.Kind.ERROR, null, null, frame);
                default -> Incoming.OTHER;
            };
        }

        @Override
        public String keepAlive() {
            return null;
        }
    }

    /** The PeerJS server (npm "peer"): ids chosen by clients, OPEN on connect, payloads relayed with "src". */
    final class PeerJs implements Protocol {
        @Override
        public String name() {
            return "peerjs";
        }

        @Override
        public URI uri(URI base, String room, String id) {
            return base.resolve("peerjs?key=peerjs&id=" + id + "&token=t" + id);
        }

        @Override
        public String hello(String name) {
            return null;
        }

        @Override
        public String relay(String type, String to, String payload) {
            String kind = type.toUpperCase(java.util.Locale.ROOT);
            return type.equals("candidate")
                    ? "{\"type\":\"CANDIDATE\",\"dst\":\"" + to + "\",\"payload\":{\"candidate\":{\"candidate\":\"" + payload + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}}"
                    : "{\"type\":\"" + kind + "\",\"dst\":\"" + to + "\",\"payload\":{\"sdp\":{\"type\":\"" + type + "\",\"sdp\":\"" + payload + "\"}}}";
        }

        @Override
        public Incoming parse(String frame) {
            JsonObject message = json(frame);
            return switch (String.valueOf(text(message, "type"))) {
                case "OPEN" -> new Incoming(Incoming.Kind.READY, null, null, null);
                case "OFFER", "ANSWER" -> new Incoming(Incoming.Kind.RELAY, null, text(message, "src"),
                        text(message.getJsonObject("payload").getJsonObject("sdp"), "sdp"));
                case "CANDIDATE" -> new Incoming(Incoming.Kind.RELAY, null, text(message, "src"),
                        text(message.getJsonObject("payload").getJsonObject("candidate"), "candidate"));
                case "ERROR", "ID-TAKEN" -> new Incoming(Incoming.Kind.ERROR, null, null, frame);
                default -> Incoming.OTHER;
            };
        }

        @Override
        public String keepAlive() {
            return "{\"type\":\"HEARTBEAT\"}";
        }
    }
}
