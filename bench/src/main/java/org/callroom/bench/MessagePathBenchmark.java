package org.callroom.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.callroom.protocol.Candidate;
import org.callroom.protocol.ClientMessage;
import org.callroom.protocol.CloseCode;
import org.callroom.protocol.MessageCodec;
import org.callroom.protocol.Offer;
import org.callroom.protocol.Relayed;
import org.callroom.protocol.ServerMessage;
import org.callroom.protocol.SignalMessage;
import org.callroom.protocol.Welcome;
import org.callroom.room.InMemoryRoomRegistry;
import org.callroom.room.Peer;
import org.callroom.room.Recipient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Callroom's own per-message work, without the container: decoding a frame, encoding the relayed
 * message, and delivery through the registry. Run with
 * {@code java -cp bench/target/callroom-bench.jar org.openjdk.jmh.Main MessagePath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessagePathBenchmark {

    private String candidateFrame;
    private String offerFrame;
    private Candidate relayedCandidate;
    private Offer relayedOffer;
    private InMemoryRoomRegistry registry;
    private String addressee;

    /** A channel that encodes what it is sent, as the endpoint's encoder would, and discards it. */
    private static final class EncodingRecipient implements Recipient {
        private Blackhole sink;

        @Override
        public void send(ServerMessage message) {
            if (sink != null) {
                sink.consume(MessageCodec.encode((SignalMessage) message));
            }
        }

        @Override
        public void close(CloseCode code, String reason) {
        }

        @Override
        public boolean hold() {
            return false;
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public boolean handOver(Recipient next, ServerMessage first) {
            return false;
        }
    }

    private final EncodingRecipient channel = new EncodingRecipient();

    @Setup
    public void setUp() {
        addressee = Peer.newId();
        String sender = Peer.newId();
        candidateFrame = "{\"type\":\"candidate\",\"to\":\"" + addressee + "\",\"candidate\":{\"candidate\":"
                + "\"candidate:842163049 1 udp 1677729535 192.0.2.10 50000 typ srflx raddr 0.0.0.0 rport 0 generation 0\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"Ab3d\"}}";
        offerFrame = "{\"type\":\"offer\",\"to\":\"" + addressee + "\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n"
                + "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\\r\\n".repeat(40) + "\"}";
        relayedCandidate = ((Candidate) MessageCodec.decode(candidateFrame)).from(sender);
        relayedOffer = ((Offer) MessageCodec.decode(offerFrame)).from(sender);
        registry = new InMemoryRoomRegistry(2);
        registry.join("room", new Peer(addressee, "A", channel), others -> new Welcome(addressee, "room", others, List.of()));
        registry.join("room", new Peer(sender, "B", new EncodingRecipient()), others -> new Welcome(sender, "room", others, List.of()));
    }

    @Benchmark
    public ClientMessage decodeCandidate() {
        return MessageCodec.decode(candidateFrame);
    }

    @Benchmark
    public String encodeCandidate() {
        return MessageCodec.encode(relayedCandidate);
    }

    @Benchmark
    public ClientMessage decodeOffer() {
        return MessageCodec.decode(offerFrame);
    }

    @Benchmark
    public String encodeOffer() {
        return MessageCodec.encode(relayedOffer);
    }

    /** The whole server-side path of one trickled candidate: decode, stamp, look up, encode. */
    @Benchmark
    public boolean relayCandidate(Blackhole sink) {
        channel.sink = sink;
        Relayed message = (Relayed) MessageCodec.decode(candidateFrame);
        return registry.relay("room", message.from("sender"));
    }
}
