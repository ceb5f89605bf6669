package org.callroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {

    /** Reads server messages back too, which the server's own codec refuses to take from clients. */
    private static final Jsonb JSONB = JsonbBuilder.create();

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static ErrorCode refusal(String text) {
        return assertThrows(InvalidMessageException.class, () -> MessageCodec.decode(text)).code();
    }

    static Stream<SignalMessage> everyMessageType() {
        IceCandidate ice = new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", 0, "abcd");
        return Stream.of(
                new Join("Alice"),
                new Leave(),
                new Offer("peer-b", "peer-a", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"),
                new Answer("peer-a", "peer-b", "v=0\r\n"),
                new Candidate("peer-b", "peer-a", ice),
                new Candidate("peer-b", "peer-a", null),
                new Welcome("p1", "room-1", List.of(new PeerInfo("p0", "Bob")),
                        List.of(new IceServer(List.of("stun:stun.example.org:3478"), null, null),
                                new IceServer(List.of("turn:turn.example.org"), "user", "secret"))),
                new PeerJoined("p2", "Carol"),
                new Join("Alice", "eyJhbGciOiJIUzI1NiJ9.e30.sig"),
                new Welcome("p1", "room-1", List.of(new PeerInfo("p0", "Bob", "user-0", "moderator")), List.of(), "Alice A.",
                        "user-1", "participant"),
                new PeerJoined("p2", "Carol", "user-2", "participant"),
                new PeerLeft("p2"),
                new Remove("p2"),
                new Mute("p2", "p1", true),
                new Mute("p2", "p1", false),
                ErrorMessage.of(ErrorCode.ROOM_FULL, "room is full"));
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void everyMessageTypeRoundTripsAndCarriesItsType(SignalMessage message) {
        String text = MessageCodec.encode(message);
        assertEquals(MessageCodec.typeOf(message), json(text).getString("type"), text);
        assertTrue(text.startsWith("{\"type\":"), "type first: " + text);
        assertEquals(message, JSONB.fromJson(text, SignalMessage.class), text);
        if (message instanceof ClientMessage) {
            ClientMessage decoded = MessageCodec.decode(text);
            assertEquals(message, decoded, text);
        }
    }

    @Test
    void decodesTheContractExamplesWhateverTheKeyOrder() {
        assertEquals(new Join("Alice"), MessageCodec.decode("{\"type\":\"join\",\"name\":\"Alice\"}"));
        assertEquals(new Join("Alice"), MessageCodec.decode("{\"name\":\"  Alice \",\"type\":\"join\"}"));
        assertEquals(new Offer("p", null, "v=0"), MessageCodec.decode("{\"sdp\":\"v=0\",\"to\":\"p\",\"type\":\"offer\"}"));
        assertEquals(new Leave(), MessageCodec.decode("{\"type\":\"leave\"}"));
        Candidate end = (Candidate) MessageCodec.decode("{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":null}");
        assertNull(end.candidate());
        Candidate c = (Candidate) MessageCodec.decode(
                "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"candidate:1\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
        assertEquals(new IceCandidate("candidate:1", "0", 0, null), c.candidate());
    }

    @Test
    void unknownFieldsAreIgnoredSoClientsCanBeNewerThanTheServer() {
        assertEquals(new Join("Bob"), MessageCodec.decode("{\"type\":\"join\",\"name\":\"Bob\",\"avatar\":\"x.png\"}"));
    }

    @Test
    void endOfCandidatesIsSentAsAnExplicitNull() {
        JsonObject relayed = json(MessageCodec.encode(new Candidate("b", "a", null)));
        assertTrue(relayed.containsKey("candidate"), relayed.toString());
        assertEquals(jakarta.json.JsonValue.NULL, relayed.get("candidate"));
    }

    @Test
    void relayedMessagesKeepTheirPayloadAndGetTheSenderStamped() {
        Offer forged = (Offer) MessageCodec.decode("{\"type\":\"offer\",\"to\":\"b\",\"from\":\"forged\",\"sdp\":\"v=0\"}");
        JsonObject relayed = json(MessageCodec.encode(forged.from("a")));
        assertEquals("a", relayed.getString("from"));
        assertEquals("b", relayed.getString("to"));
        assertEquals("v=0", relayed.getString("sdp"));
    }

    @Test
    void welcomeMatchesTheContract() {
        JsonObject welcome = json(MessageCodec.encode(new Welcome("p1", "r", List.of(new PeerInfo("p0", "Bob")),
                List.of(new IceServer(List.of("stun:a"), null, null)))));
        assertEquals("welcome", welcome.getString("type"));
        assertEquals("p1", welcome.getString("peerId"));
        assertEquals("r", welcome.getString("room"));
        assertEquals("p0", welcome.getJsonArray("peers").getJsonObject(0).getString("peerId"));
        assertEquals("Bob", welcome.getJsonArray("peers").getJsonObject(0).getString("name"));
        assertEquals("stun:a", welcome.getJsonArray("iceServers").getJsonObject(0).getJsonArray("urls").getString(0));
        assertTrue(!welcome.getJsonArray("iceServers").getJsonObject(0).containsKey("username"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "not json", "{", "[]", "[{\"type\":\"join\"}]", "\"join\"", "42", "null", "{}",
            "{\"type\":42}", "{\"type\":null}", "{\"name\":\"Alice\"}",
            "{\"type\":\"join\"}", "{\"type\":\"join\",\"name\":\"\"}", "{\"type\":\"join\",\"name\":\"   \"}",
            "{\"type\":\"join\",\"name\":\"a\\u0000b\"}", "{\"type\":\"join\",\"name\":\"bell\\u0007\"}",
            "{\"type\":\"join\",\"name\":\"\\ud800\"}", "{\"type\":\"join\",\"name\":{\"first\":\"A\"}}",
            "{\"type\":\"join\",\"name\":[\"A\"]}",
            "{\"type\":\"offer\",\"sdp\":\"v=0\"}", "{\"type\":\"offer\",\"to\":\"p\"}", "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"\"}",
            "{\"type\":\"answer\",\"to\":\"\",\"sdp\":\"v=0\"}", "{\"type\":\"offer\",\"to\":{},\"sdp\":\"v=0\"}",
            "{\"type\":\"candidate\",\"candidate\":null}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"sdpMid\":\"0\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":\"zero\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":\"candidate:1\"}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0 \\ud800\"}",
            "{\"type\":\"answer\",\"to\":\"p\\udc00\",\"sdp\":\"v=0\"}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\\ud800\",\"sdpMid\":\"0\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"\\udfff\"}}",
            "{\"type\":\"remove\"}", "{\"type\":\"remove\",\"to\":\"\"}",
            "{\"type\":\"mute\",\"to\":\"p\"}", "{\"type\":\"mute\",\"to\":\"p\",\"muted\":\"true\"}",
            "{\"type\":\"mute\",\"to\":\"p\",\"muted\":1}", "{\"type\":\"mute\",\"to\":\"p\",\"muted\":null}",
            "{\"type\":\"mute\",\"muted\":true}"
    })
    void malformedFramesAreBadMessages(String frame) {
        assertEquals(ErrorCode.BAD_MESSAGE, refusal(frame), frame);
    }

    @Test
    void overlongNamesAreBadMessagesButSixtyFourCharactersIncludingEmojiAreFine() {
        assertEquals(ErrorCode.BAD_MESSAGE, refusal("{\"type\":\"join\",\"name\":\"" + "x".repeat(65) + "\"}"));
        String emoji = "\uD83D\uDE00".repeat(64);
        assertEquals(new Join(emoji), MessageCodec.decode("{\"type\":\"join\",\"name\":\"" + emoji + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bob\u202Eecila", "\u2067Alice\u2069", "\u202AAlice", "Al\u200Bice", "Al\u200Cice",
            "Al\u200Dice", "Alice\u2060", "Ali\u00ADce", "\uFEFFAlice", "Alice\u200E", "Al\u2028ice", "\u200D\uD83D\uDE00"})
    void namesWithInvisibleFormattingAreRefusedAndTheErrorSaysWhy(String name) {
        InvalidMessageException refused = assertThrows(InvalidMessageException.class,
                () -> MessageCodec.decode(JSONB.toJson(Map.of("type", "join", "name", name))));
        assertEquals(ErrorCode.BAD_MESSAGE, refused.code());
        assertTrue(refused.getMessage().startsWith("name must not contain U+"), refused.getMessage());
        assertTrue(refused.getMessage().contains("can make a name look like someone else's"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", "\u0915\u094D\u200D\u0937",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",
            "\uD83D\uDC69\uD83C\uDFFD\u200D\uD83D\uDCBB", "Zo\u00EB", "\u05E9\u05E8\u05D4"})
    void joinersStayWhereScriptsAndEmojiNeedThem(String name) {
        assertEquals(new Join(name), MessageCodec.decode(JSONB.toJson(Map.of("type", "join", "name", name))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"pong\"}", "{\"type\":\"OFFER\",\"to\":\"p\",\"sdp\":\"v\"}", "{\"type\":\"\"}",
            "{\"type\":\"welcome\",\"peerId\":\"x\",\"room\":\"r\",\"peers\":[],\"iceServers\":[]}",
            "{\"type\":\"peer-left\",\"peerId\":\"x\"}", "{\"type\":\"error\",\"code\":\"x\",\"message\":\"y\"}"})
    void typesClientsDoNotSendAreUnknownTypes(String frame) {
        assertEquals(ErrorCode.UNKNOWN_TYPE, refusal(frame), frame);
    }

    @Test
    void refusalsExplainThemselvesWithoutEchoingHugeInput() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> MessageCodec.decode("{\"type\":\"" + "z".repeat(10_000) + "\"}"));
        assertTrue(e.getMessage().length() < 100, e.getMessage());
        assertEquals("bad-message", assertThrows(InvalidMessageException.class,
                () -> MessageCodec.decode("{\"type\":\"join\",\"name\":\"\"}")).toErrorMessage().code());
    }

    @Test
    void quotedValuesAreShortAndAlwaysEncodable() {
        assertEquals("abc", ErrorMessage.excerpt("abc"));
        String emoji = "\uD83D\uDE00".repeat(40);
        String excerpt = ErrorMessage.excerpt(emoji);
        assertEquals("\uD83D\uDE00".repeat(32) + "…", excerpt, "cut between pairs, never inside one");
        assertEquals("a\uFFFDb", ErrorMessage.excerpt("a\uD800b"));
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> MessageCodec.decode("{\"type\":\"x\\ud800\"}"));
        assertTrue(e.getMessage().chars().noneMatch(c -> Character.isSurrogate((char) c)), e.getMessage());
    }

    @Test
    void wellFormedNonAsciiTextIsRelayedAsIs() {
        Offer offer = (Offer) MessageCodec.decode("{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"s=Zoë \\ud83d\\ude00\"}");
        assertEquals("s=Zoë \uD83D\uDE00", offer.sdp());
    }

    @Test
    void everyCharacterThatNeedsEscapingSurvivesTheRelay() {
        StringBuilder text = new StringBuilder("v=0 \"quoted\" back\\slash / é \uD83D\uDE00 \u2028");
        for (char c = 0; c < 0x20; c++) {
            text.append(c);
        }
        Offer offer = new Offer("b", "a", text.toString());
        String encoded = MessageCodec.encode(offer);
        assertEquals(offer, JSONB.fromJson(encoded, SignalMessage.class), encoded);
        assertEquals(text.toString(), json(encoded).getString("sdp"));
        assertEquals(offer, MessageCodec.decode(encoded));
    }

    @Test
    void readsAsLenientlyAsTheJsonBindingItReplaced() {
        // Clients that worked against the JSON-B codec keep working: scalars stand in for each other, trailing text is ignored.
        assertEquals(new Offer("5", null, "true"), MessageCodec.decode("{\"type\":\"offer\",\"to\":5,\"sdp\":true}"));
        assertEquals(new Join("1.50"), MessageCodec.decode("{\"type\":\"join\",\"name\":1.50}"));
        Candidate quotedIndex = (Candidate) MessageCodec.decode(
                "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":\"1\"}}");
        assertEquals(new IceCandidate("c", null, 1, null), quotedIndex.candidate());
        assertEquals(new Leave(), MessageCodec.decode("{\"type\":\"leave\"} trailing"));
        assertEquals(new Join("a"), MessageCodec.decode("{\"type\":\"join\",\"name\":\"a\",\"candidate\":{\"x\":[{}]},\"to\":{}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v\",\"from\":{}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":0.5}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":true}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":1e400}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":[]}", "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":5}",
            "{\"type\":\"join\",,\"name\":\"a\"}", "\ufeff{\"type\":\"leave\"}"
    })
    void wrongShapesStayBadMessages(String frame) {
        assertEquals(ErrorCode.BAD_MESSAGE, refusal(frame), frame);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"leave\",\"x\":[", "{\"x\":{", "{\"type\":\"offer\",\"to\":[", "{\"type\":\"join\",\"name\":{\"a\":[{",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"sdpMid\":{", "{\"x\":[}",
            "{\"type\":\"leave\",\"x\":[}]}", "{\"type\":\"join\",\"name\":\"a\",\"x\":{\"a\" \"b\" \"c\"}}",
            "{\"type\":\"join\",\"name\":\"a\",\"x\":[1 2 ::]}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"x\":[", "{\"type\":\"join\",\"name\":\"a\",\"x\":{\"y\":{\"z\":["
    })
    void truncatedOrBrokenValuesInsideAFrameAreBadMessagesAndNeverHang(String frame) {
        // Parsson's own skipObject()/skipArray() loop forever on a truncated frame; the codec must not use them.
        ErrorCode code = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refusal(frame));
        assertEquals(ErrorCode.BAD_MESSAGE, code, frame);
    }

    @Test
    void deeplyNestedValuesAreRefusedWithoutWalkingThemToTheEnd() {
        String deep = "{\"type\":\"leave\",\"x\":" + "[".repeat(30_000) + "]".repeat(30_000) + "}";
        assertEquals(ErrorCode.BAD_MESSAGE, assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refusal(deep)));
        String fine = "{\"type\":\"leave\",\"x\":" + "[".repeat(ClientMessageDeserializer.MAX_SKIPPED_DEPTH)
                + "]".repeat(ClientMessageDeserializer.MAX_SKIPPED_DEPTH) + "}";
        assertEquals(new Leave(), MessageCodec.decode(fine));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":true}", "{\"type\":false}", "{\"type\":7}", "{\"type\":[\"join\"]}", "{\"type\":{}}"})
    void aTypeThatIsNotAStringIsABadMessage(String frame) {
        assertEquals(ErrorCode.BAD_MESSAGE, refusal(frame), frame);
    }

    static Stream<Arguments> notJson() {
        return Stream.of(Arguments.of("{\"type\":\"join\",\"name\":\"Alice\""), Arguments.of("{'type':'join'}"));
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void notJsonIsABadMessage(String frame) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> MessageCodec.decode(frame));
        assertEquals(ErrorCode.BAD_MESSAGE, e.code());
        assertInstanceOf(String.class, e.getMessage());
    }

    @Test
    void messagesWithoutTokenOrClaimsEncodeExactlyAsBefore() {
        assertEquals("{\"type\":\"join\",\"name\":\"Alice\"}", MessageCodec.encode(new Join("Alice")));
        assertEquals("{\"type\":\"peer-joined\",\"name\":\"Carol\",\"peerId\":\"p2\"}", MessageCodec.encode(new PeerJoined("p2", "Carol")));
        assertEquals("{\"type\":\"welcome\",\"iceServers\":[{\"urls\":[\"stun:a\"]}],\"peerId\":\"p1\",\"peers\":[{\"name\":\"Bob\",\"peerId\":\"p0\"}],"
                + "\"room\":\"r\"}", MessageCodec.encode(new Welcome("p1", "r", List.of(new PeerInfo("p0", "Bob")),
                        List.of(new IceServer(List.of("stun:a"), null, null)))));
    }

    @Test
    void claimsReachPeerJoinedAndWelcome() {
        JsonObject joined = json(MessageCodec.encode(new PeerJoined("p2", "Carol", "u-2", "moderator")));
        assertEquals("u-2", joined.getString("userId"));
        assertEquals("moderator", joined.getString("role"));
        JsonObject welcome = json(MessageCodec.encode(new Welcome("p1", "r", List.of(new PeerInfo("p0", "Bob", "u-0", "participant")),
                List.of(), "Alice A.", "u-1", "moderator")));
        assertEquals("u-0", welcome.getJsonArray("peers").getJsonObject(0).getString("userId"));
        assertEquals("participant", welcome.getJsonArray("peers").getJsonObject(0).getString("role"));
        assertEquals("Alice A.", welcome.getString("name"));
        assertEquals("u-1", welcome.getString("userId"));
        assertEquals("moderator", welcome.getString("role"));
        JsonObject partial = json(MessageCodec.encode(new PeerJoined("p2", "Carol", "u-2", null)));
        assertTrue(!partial.containsKey("role"), "an absent role stays absent: " + partial);
    }

    @Test
    void aResumeTokenAndAPingAreRead() {
        assertEquals(new Join("Alice", null, "r.e.s"), MessageCodec.decode("{\"resume\":\"r.e.s\",\"type\":\"join\",\"name\":\"Alice\"}"));
        assertEquals(new Ping(), MessageCodec.decode("{\"type\":\"ping\",\"extra\":1}"));
        assertEquals(ErrorCode.BAD_MESSAGE, refusal("{\"type\":\"join\",\"name\":\"A\",\"resume\":\"\"}"));
        assertEquals(ErrorCode.BAD_MESSAGE, refusal("{\"type\":\"join\",\"name\":\"A\",\"resume\":\"" + "x".repeat(Join.MAX_RESUME_LENGTH + 1) + "\"}"));
        assertTrue(!new Join("A", "secret.join.token", "secret.resume.token").toString().contains("secret"));
    }

    @Test
    void aWelcomeCarriesResumeAndPolicyOnlyWhenSet() {
        JsonObject welcome = json(MessageCodec.encode(new Welcome("p1", "r", List.of(), List.of(), null, null, null, "t.o.k", 30, true,
                "relay", 120)));
        assertEquals("t.o.k", welcome.getString("resumeToken"));
        assertEquals(30, welcome.getInt("resumeGraceSeconds"));
        assertEquals(120, welcome.getInt("resumeTokenSeconds"));
        assertTrue(welcome.getBoolean("resumed"));
        assertEquals("relay", welcome.getString("iceTransportPolicy"));
        assertEquals("{\"type\":\"pong\"}", MessageCodec.encode(new Pong(null)));
        assertEquals("{\"type\":\"pong\",\"resumeToken\":\"t\"}", MessageCodec.encode(new Pong("t")));
    }

    @Test
    void aJoinTokenIsReadInAnyKeyOrder() {
        assertEquals(new Join("Alice", "a.b.c"), MessageCodec.decode("{\"type\":\"join\",\"name\":\"Alice\",\"token\":\"a.b.c\"}"));
        assertEquals(new Join("Alice", "a.b.c"), MessageCodec.decode("{\"token\":\"a.b.c\",\"name\":\"Alice\",\"type\":\"join\"}"));
        assertNull(((Join) MessageCodec.decode("{\"type\":\"join\",\"name\":\"Alice\"}")).token());
        assertNull(((Join) MessageCodec.decode("{\"type\":\"join\",\"name\":\"Alice\",\"token\":null}")).token());
    }

    @Test
    void aJoinTokenIsBounded() {
        String longest = "t".repeat(Join.MAX_TOKEN_LENGTH);
        assertEquals(longest, ((Join) MessageCodec.decode("{\"type\":\"join\",\"name\":\"A\",\"token\":\"" + longest + "\"}")).token());
        assertEquals(ErrorCode.BAD_MESSAGE, refusal("{\"type\":\"join\",\"name\":\"A\",\"token\":\"" + longest + "t\"}"));
        assertEquals(ErrorCode.BAD_MESSAGE, refusal("{\"type\":\"join\",\"name\":\"A\",\"token\":\"\"}"));
        assertEquals(ErrorCode.BAD_MESSAGE, refusal("{\"type\":\"join\",\"name\":\"A\",\"token\":{\"jwt\":\"x\"}}"));
        assertEquals(ErrorCode.BAD_MESSAGE, refusal("{\"type\":\"join\",\"name\":\"A\",\"token\":\"\\ud800\"}"));
    }

    @Test
    void aJoinNeverPrintsItsToken() {
        String text = new Join("Alice", "secret.token.value").toString();
        assertTrue(!text.contains("secret.token.value"), text);
        assertTrue(text.contains("Alice"), text);
    }
}
