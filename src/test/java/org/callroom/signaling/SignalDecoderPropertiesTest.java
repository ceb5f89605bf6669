package org.callroom.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.callroom.protocol.Answer;
import org.callroom.protocol.Candidate;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.IceCandidate;
import org.callroom.protocol.InvalidMessageException;
import org.callroom.protocol.Join;
import org.callroom.protocol.Leave;
import org.callroom.protocol.MessageCodec;
import org.callroom.protocol.Offer;
import org.callroom.protocol.SignalMessage;

/** The decoder over arbitrary, valid and mutated frames, through the real codec: a message or the documented refusal, nothing else. */
class SignalDecoderPropertiesTest {

    private static final int LIMIT = SignalingSockets.MAX_FRAME_BYTES;

    /** The error codes docs/protocol.md gives a refused frame. */
    private static final Set<String> REFUSAL_CODES = Set.of("bad-message", "unknown-type");

    /** Far above what one decode takes, so only a hang (such as parsson#23's endless skip) reaches it. */
    private static final Duration HANG = Duration.ofSeconds(10);

    /** Looked up once: Json.createValue() searches the class path on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final SignalDecoder decoder = new SignalDecoder();

    /** One thread for all tries: a thread per decode would cost more than most decodes. */
    private static ExecutorService worker = Executors.newSingleThreadExecutor(SignalDecoderPropertiesTest::daemon);

    @Property(tries = 10_000)
    void everyFrameIsAMessageOrItsDocumentedRefusal(@ForAll("frames") String frame) throws Exception {
        boolean overLimit = SignalDecoder.utf8Length(frame) > LIMIT;
        Throwable thrown = null;
        ClientMessage message = null;
        try {
            message = decodeWithin(frame);
        } catch (ExecutionException failed) {
            thrown = failed.getCause();
        }
        if (thrown == null) {
            assertNotNull(message, "decode returned null");
            assertFalse(overLimit, "a frame over the limit was decoded");
        } else if (thrown instanceof SignalDecoder.TooBig) {
            assertTrue(overLimit, "TooBig for a frame within the limit");
        } else if (thrown instanceof SignalDecoder.RefusedFrame refused) {
            assertFalse(overLimit, "a frame over the limit was refused as a message, not as too big");
            assertTrue(REFUSAL_CODES.contains(refused.error().code()), "undocumented code " + refused.error().code());
        } else {
            fail("decode threw " + thrown, thrown);
        }
    }

    /** Decodes on the worker thread, so that a hang fails the try instead of the build; a hung worker is replaced. */
    private ClientMessage decodeWithin(String frame) throws Exception {
        Future<ClientMessage> decoding = worker.submit(() -> decoder.decode(frame));
        try {
            return decoding.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException hung) {
            worker.shutdownNow();
            worker = Executors.newSingleThreadExecutor(SignalDecoderPropertiesTest::daemon);
            return fail("decode still running after " + HANG);
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "decoder-property");
        thread.setDaemon(true);
        return thread;
    }

    @Property(tries = 10_000)
    void aValidMessageSurvivesEncodingAndDecoding(@ForAll("messages") ClientMessage message) throws Exception {
        String frame = MessageCodec.encode((SignalMessage) message);
        assertEquals(message, decoder.decode(frame), frame);
    }

    @Provide
    Arbitrary<String> frames() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, anyText()),
                Tuple.of(3, validFrames()),
                Tuple.of(8, validFrames().flatMap(SignalDecoderPropertiesTest::mutated)),
                Tuple.of(1, nearTheLimit()));
    }

    @Provide
    Arbitrary<ClientMessage> messages() {
        return clientMessages();
    }

    // Generators

    /** Any UTF-16 text, unpaired surrogates and control characters included, or text made of JSON's own punctuation. */
    private static Arbitrary<String> anyText() {
        Arbitrary<String> all = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,\\ -+.eE0123456789truefalsn\ud800\udc00\u0000")
                .ofMaxLength(120);
        Arbitrary<String> prefixed = Combinators.combine(Arbitraries.of("{", "{\"type\":", "{\"type\":\"offer\",", "["), jsonish)
                .as(String::concat);
        return Arbitraries.oneOf(all, jsonish, prefixed);
    }

    /** Well-formed UTF-16 text (any code point but a lone surrogate), mostly short. */
    private static Arbitrary<String> text(int maxCodePoints) {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x10ffff)
                        .filter(c -> Character.getType(c) != Character.SURROGATE)));
        return codePoint.list().ofMaxSize(maxCodePoints)
                .map(points -> points.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    private static Arbitrary<String> peerIds() {
        Arbitrary<String> issued = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('-', '_').ofLength(22);
        return Arbitraries.oneOf(issued, text(64).filter(id -> !id.isEmpty() && id.length() <= 64));
    }

    /** Every client message type with valid fields; a generated value the records refuse is skipped, not used. */
    static Arbitrary<ClientMessage> clientMessages() {
        Arbitrary<String> froms = Arbitraries.oneOf(peerIds(), text(10)).injectNull(0.3);
        Arbitrary<String> sdps = text(200);
        Arbitrary<ClientMessage> join = text(70).map(Join::new);
        Arbitrary<ClientMessage> offer = Combinators.combine(peerIds(), froms, sdps).as(Offer::new);
        Arbitrary<ClientMessage> answer = Combinators.combine(peerIds(), froms, sdps).as(Answer::new);
        Arbitrary<IceCandidate> ice = Combinators.combine(text(100),
                text(8).injectNull(0.3),
                Arbitraries.integers().between(0, 65535).injectNull(0.3),
                text(16).injectNull(0.3)).as(IceCandidate::new);
        Arbitrary<IceCandidate> iceOrEnd = ice.injectNull(0.2);
        Arbitrary<ClientMessage> candidate = Combinators.combine(peerIds(), froms, iceOrEnd).as(Candidate::new);
        return Arbitraries.oneOf(join, offer, answer, candidate, Arbitraries.just(new Leave()))
                .ignoreException(InvalidMessageException.class);
    }

    /** A valid message as a client might write it: fields in any order, unknown fields, numbers where strings belong. */
    private static Arbitrary<String> validFrames() {
        Arbitrary<String> encoded = clientMessages().map(message -> MessageCodec.encode((SignalMessage) message));
        Arbitrary<String> handWritten = clientMessages().flatMap(message -> {
            List<String> fields = fieldsOf(message);
            Arbitrary<List<String>> extra = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), jsonValues())
                    .as((name, value) -> quote("x-" + name) + ":" + value).list().ofMaxSize(3);
            return extra.flatMap(unknown -> {
                List<String> all = new ArrayList<>(fields);
                all.addAll(unknown);
                return Arbitraries.shuffle(all).map(shuffled -> "{" + String.join(",", shuffled) + "}");
            });
        });
        return Arbitraries.oneOf(encoded, handWritten);
    }

    private static List<String> fieldsOf(ClientMessage message) {
        List<String> fields = new ArrayList<>();
        fields.add(quote("type") + ":" + quote(MessageCodec.typeOf((SignalMessage) message)));
        if (message instanceof Join join) {
            fields.add(quote("name") + ":" + quote(join.name()));
        } else if (message instanceof Offer offer) {
            fields.add(quote("to") + ":" + quote(offer.to()));
            fields.add(quote("sdp") + ":" + quote(offer.sdp()));
        } else if (message instanceof Answer answer) {
            fields.add(quote("to") + ":" + quote(answer.to()));
            fields.add(quote("sdp") + ":" + quote(answer.sdp()));
        } else if (message instanceof Candidate candidate) {
            fields.add(quote("to") + ":" + quote(candidate.to()));
            IceCandidate ice = candidate.candidate();
            fields.add(quote("candidate") + ":" + (ice == null ? "null"
                    : "{" + quote("candidate") + ":" + quote(ice.candidate()) + "," + quote("sdpMLineIndex") + ":"
                            + (ice.sdpMLineIndex() == null ? quote("0") : ice.sdpMLineIndex()) + "}"));
        }
        return fields;
    }

    /** JSON values of every kind, nested a little. */
    private static Arbitrary<String> jsonValues() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1e400", "12345678901234567890", "0.5", "1.5", "1e3", "-0", "\"\"", "\"x\"",
                        "\"2.5\"", "\" 7 \""),
                text(12).map(SignalDecoderPropertiesTest::quote),
                Arbitraries.integers().map(String::valueOf));
        return Arbitraries.recursive(() -> scalar,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(3).map(values -> "[" + String.join(",", values) + "]"),
                        inner.list().ofMaxSize(3).map(values -> values.stream().map(value -> quote("k") + ":" + value)
                                .collect(Collectors.joining(",", "{", "}")))),
                0, 3);
    }

    /** One mutation of a valid frame, anywhere in it. */
    private static Arbitrary<String> mutated(String frame) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, frame.length());
        Arbitrary<Integer> inside = Arbitraries.integers().between(0, Math.max(0, frame.length() - 1));
        Arbitrary<Character> character = Arbitraries.oneOf(Arbitraries.of('{', '}', '[', ']', '"', ':', ',', '\\', '0', 'e', '-', ' '),
                Arbitraries.chars().all());
        String body = frame.substring(0, frame.length() - 1);
        return Arbitraries.oneOf(
                at.map(i -> frame.substring(0, i)),
                Combinators.combine(at, character).as((i, c) -> frame.substring(0, i) + c + frame.substring(i)),
                inside.map(i -> frame.isEmpty() ? frame : frame.substring(0, i) + frame.substring(i + 1)),
                Combinators.combine(inside, character).as((i, c) -> frame.isEmpty() ? frame : frame.substring(0, i) + c + frame.substring(i + 1)),
                // Repeated keys: the last one read decides, as in JSON-B.
                Combinators.combine(Arbitraries.of("type", "to", "from", "sdp", "name", "candidate"), jsonValues())
                        .as((key, value) -> body + "," + quote(key) + ":" + value + "}"),
                Combinators.combine(Arbitraries.of("type", "to", "from", "sdp", "name", "candidate"), jsonValues())
                        .as((key, value) -> "{" + quote(key) + ":" + value + "," + frame.substring(1)),
                Arbitraries.integers().between(1, 100).map(depth -> body + "," + quote("deep") + ":" + "[".repeat(depth) + "]".repeat(depth) + "}"),
                Arbitraries.integers().between(1, 100).map(depth -> body + "," + quote("deep") + ":" + "[".repeat(depth) + "}"),
                Arbitraries.integers().between(1, 100).map(depth -> body + "," + quote("candidate") + ":" + "{\"a\":".repeat(depth) + "1"
                        + "}".repeat(depth) + "}"),
                Combinators.combine(at, Arbitraries.of("[", "{", "]", "}", "\"", "\\u", "\\ud800", "\\uDC00\\ud800", "null", "1e99999"))
                        .as((i, s) -> frame.substring(0, i) + s + frame.substring(i)),
                // Any value in the candidate object's fields, numbers of every shape in sdpMLineIndex.
                Combinators.combine(Arbitraries.of("candidate", "sdpMid", "sdpMLineIndex", "usernameFragment"), jsonValues())
                        .as((key, value) -> body + "," + quote("candidate") + ":{" + quote("candidate") + ":\"\"," + quote(key) + ":" + value
                                + "}}"),
                Arbitraries.just(frame + frame),
                Arbitraries.just(frame + "garbage"),
                Arbitraries.just("[" + frame + "]"));
    }

    /** Frames around 64 KiB of UTF-8, in characters of one to four bytes and lone surrogates, and text of that size that is not JSON. */
    private static Arbitrary<String> nearTheLimit() {
        Arbitrary<String> unit = Arbitraries.of("a", "é", "€", "😀", "\ud800", "\\n", "\\u0000");
        Arbitrary<Integer> bytes = Arbitraries.integers().between(LIMIT - 8, LIMIT + 8);
        Arbitrary<String> offers = Combinators.combine(unit, bytes).as((u, total) -> {
            String head = "{\"type\":\"offer\",\"to\":\"peer\",\"sdp\":\"";
            String tail = "\"}";
            int room = total - head.length() - tail.length();
            int unitBytes = (int) SignalDecoder.utf8Length(u);
            return head + u.repeat(room / unitBytes) + "a".repeat(room % unitBytes) + tail;
        });
        Arbitrary<String> noise = Combinators.combine(Arbitraries.chars().all(), bytes)
                .as((c, total) -> String.valueOf(c).repeat((int) (total / SignalDecoder.utf8Length(String.valueOf(c)))));
        return Arbitraries.oneOf(offers, noise);
    }

    /** A string as JSON text, through JSON-P's own escaping. */
    private static String quote(String value) {
        return JSON.createValue(value).toString();
    }
}
