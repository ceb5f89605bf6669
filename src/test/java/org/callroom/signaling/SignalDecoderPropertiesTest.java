package org.callroom.signaling;

import static org.callroom.testing.Draw.option;
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
import org.callroom.testing.Cases;
import org.callroom.testing.Draw;
import org.junit.jupiter.api.Test;

/**
 * The decoder over arbitrary, valid and mutated frames, through the real codec: a message or the documented refusal, nothing else.
 * Seeded cases ({@link Cases}); docs/PROPERTIES.md has how to replay one and what an escaping exception looked like here.
 */
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

    private static final int CASES = 10_000;

    @Test
    void everyFrameIsAMessageOrItsDocumentedRefusal() {
        Cases.of("SignalDecoderPropertiesTest#everyFrameIsAMessageOrItsDocumentedRefusal", CASES, SignalDecoderPropertiesTest::frame)
                .shrunkBy(Cases::shorter)
                .shownAs(Cases::literal)
                .check(this::isAMessageOrItsDocumentedRefusal);
    }

    private void isAMessageOrItsDocumentedRefusal(String frame) throws Exception {
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

    @Test
    void aValidMessageSurvivesEncodingAndDecoding() {
        Cases.of("SignalDecoderPropertiesTest#aValidMessageSurvivesEncodingAndDecoding", CASES, SignalDecoderPropertiesTest::clientMessage)
                .check(message -> {
                    String frame = MessageCodec.encode((SignalMessage) message);
                    assertEquals(message, decoder.decode(frame), frame);
                });
    }

    // Generators

    /** Arbitrary text, valid frames, mutated valid frames, and frames around the size limit. */
    static String frame(Draw draw) {
        return draw.weighted(
                option(3, () -> anyText(draw)),
                option(3, () -> validFrame(draw)),
                option(8, () -> mutated(draw, validFrame(draw))),
                option(1, () -> nearTheLimit(draw)));
    }

    /** Any UTF-16 text, unpaired surrogates and control characters included, or text made of JSON's own punctuation. */
    private static String anyText(Draw draw) {
        return draw.oneOf(
                () -> draw.chars(300, draw::anyChar),
                () -> jsonish(draw),
                () -> draw.pick("{", "{\"type\":", "{\"type\":\"offer\",", "[") + jsonish(draw));
    }

    private static final String JSONISH = "{}[]\":,\\ -+.eE0123456789truefalsn\ud800\udc00\u0000";

    private static String jsonish(Draw draw) {
        return draw.chars(120, () -> JSONISH.charAt(draw.between(0, JSONISH.length() - 1)));
    }

    /** Well-formed UTF-16 text (any code point but a lone surrogate), mostly short. */
    private static String text(Draw draw, int maxCodePoints) {
        return draw.codePoints(maxCodePoints, () -> draw.weighted(
                option(6, () -> draw.between(0x20, 0x7e)),
                option(1, () -> draw.between(0, 0x1f)),
                option(2, () -> {
                    int c;
                    do {
                        c = draw.between(0x80, 0x10ffff);
                    } while (Character.getType(c) == Character.SURROGATE);
                    return c;
                })));
    }

    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    private static String peerId(Draw draw) {
        if (draw.chance(0.5)) {
            StringBuilder issued = new StringBuilder();
            for (int i = 0; i < 22; i++) {
                issued.append(ID_CHARS.charAt(draw.between(0, ID_CHARS.length() - 1)));
            }
            return issued.toString();
        }
        String id;
        do {
            id = text(draw, 64);
        } while (id.isEmpty() || id.length() > 64);
        return id;
    }

    /** Any client message type with valid fields; drawn values the records refuse are drawn again. */
    static ClientMessage clientMessage(Draw draw) {
        while (true) {
            try {
                return draw.weighted(
                        option(1, () -> new Join(text(draw, 70))),
                        option(1, () -> new Offer(peerId(draw), from(draw), text(draw, 200))),
                        option(1, () -> new Answer(peerId(draw), from(draw), text(draw, 200))),
                        option(1, () -> new Candidate(peerId(draw), from(draw), draw.chance(0.2) ? null : iceCandidate(draw))),
                        option(1, Leave::new));
            } catch (InvalidMessageException refused) {
                // As a generator filter: the records' own checks decide what is valid.
            }
        }
    }

    private static String from(Draw draw) {
        return draw.orNull(0.3, () -> draw.chance(0.5) ? peerId(draw) : text(draw, 10));
    }

    private static IceCandidate iceCandidate(Draw draw) {
        return new IceCandidate(text(draw, 100), draw.orNull(0.3, () -> text(draw, 8)), draw.orNull(0.3, () -> draw.between(0, 65535)),
                draw.orNull(0.3, () -> text(draw, 16)));
    }

    /** A valid message as a client might write it: fields in any order, unknown fields, numbers where strings belong. */
    private static String validFrame(Draw draw) {
        ClientMessage message = clientMessage(draw);
        if (draw.chance(0.5)) {
            return MessageCodec.encode((SignalMessage) message);
        }
        List<String> all = new ArrayList<>(fieldsOf(message));
        all.addAll(draw.list(0, 3, () -> quote("x-" + alpha(draw)) + ":" + jsonValue(draw, 3)));
        return "{" + String.join(",", draw.shuffled(all)) + "}";
    }

    private static String alpha(Draw draw) {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        StringBuilder name = new StringBuilder();
        for (int i = draw.between(1, 8); i > 0; i--) {
            name.append(letters.charAt(draw.between(0, letters.length() - 1)));
        }
        return name.toString();
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

    /** JSON values of every kind, nested up to depth arrays or objects deep. */
    private static String jsonValue(Draw draw, int depth) {
        if (depth == 0 || draw.chance(0.6)) {
            return draw.oneOf(
                    () -> draw.pick("null", "true", "false", "0", "-1", "1e400", "12345678901234567890", "0.5", "1.5", "1e3", "-0", "\"\"", "\"x\"",
                            "\"2.5\"", "\" 7 \""),
                    () -> quote(text(draw, 12)),
                    () -> String.valueOf(draw.between(Integer.MIN_VALUE, Integer.MAX_VALUE - 1)));
        }
        List<String> values = draw.list(0, 3, () -> jsonValue(draw, depth - 1));
        return draw.chance(0.5) ? "[" + String.join(",", values) + "]"
                : values.stream().map(value -> quote("k") + ":" + value).collect(Collectors.joining(",", "{", "}"));
    }

    private static final String[] KEYS = {"type", "to", "from", "sdp", "name", "candidate"};

    /** One mutation of a valid frame, anywhere in it. */
    private static String mutated(Draw draw, String frame) {
        int at = draw.between(0, frame.length());
        int inside = draw.between(0, Math.max(0, frame.length() - 1));
        String body = frame.substring(0, frame.length() - 1);
        return draw.oneOf(
                () -> frame.substring(0, at),
                () -> frame.substring(0, at) + character(draw) + frame.substring(at),
                () -> frame.isEmpty() ? frame : frame.substring(0, inside) + frame.substring(inside + 1),
                () -> frame.isEmpty() ? frame : frame.substring(0, inside) + character(draw) + frame.substring(inside + 1),
                // Repeated keys: the last one read decides, as in JSON-B.
                () -> body + "," + quote(draw.pick(KEYS)) + ":" + jsonValue(draw, 3) + "}",
                () -> "{" + quote(draw.pick(KEYS)) + ":" + jsonValue(draw, 3) + "," + frame.substring(1),
                () -> {
                    int depth = draw.between(1, 100);
                    return body + "," + quote("deep") + ":" + "[".repeat(depth) + "]".repeat(depth) + "}";
                },
                () -> body + "," + quote("deep") + ":" + "[".repeat(draw.between(1, 100)) + "}",
                () -> {
                    int depth = draw.between(1, 100);
                    return body + "," + quote("candidate") + ":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
                },
                () -> frame.substring(0, at) + draw.pick("[", "{", "]", "}", "\"", "\\u", "\\ud800", "\\uDC00\\ud800", "null", "1e99999")
                        + frame.substring(at),
                // Any value in the candidate object's fields, numbers of every shape in sdpMLineIndex.
                () -> body + "," + quote("candidate") + ":{" + quote("candidate") + ":\"\"," + quote(draw.pick("candidate", "sdpMid", "sdpMLineIndex",
                        "usernameFragment")) + ":" + jsonValue(draw, 3) + "}}",
                () -> frame + frame,
                () -> frame + "garbage",
                () -> "[" + frame + "]");
    }

    private static char character(Draw draw) {
        return draw.chance(0.5) ? draw.pick('{', '}', '[', ']', '"', ':', ',', '\\', '0', 'e', '-', ' ') : draw.anyChar();
    }

    /** Frames around 64 KiB of UTF-8, in characters of one to four bytes and lone surrogates, and text of that size that is not JSON. */
    private static String nearTheLimit(Draw draw) {
        int total = draw.between(LIMIT - 8, LIMIT + 8);
        if (draw.chance(0.5)) {
            String unit = draw.pick("a", "é", "€", "😀", "\ud800", "\\n", "\\u0000");
            String head = "{\"type\":\"offer\",\"to\":\"peer\",\"sdp\":\"";
            String tail = "\"}";
            int room = total - head.length() - tail.length();
            int unitBytes = (int) SignalDecoder.utf8Length(unit);
            return head + unit.repeat(room / unitBytes) + "a".repeat(room % unitBytes) + tail;
        }
        String c = String.valueOf(draw.anyChar());
        return c.repeat((int) (total / SignalDecoder.utf8Length(c)));
    }

    /** A string as JSON text, through JSON-P's own escaping. */
    private static String quote(String value) {
        return JSON.createValue(value).toString();
    }
}
