package org.callroom.admission;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a request comes from: the peer address of the connection, or, when that is a trusted reverse proxy
 * ({@code callroom.proxy.trusted}), the address it forwarded in the one header it writes
 * ({@code callroom.proxy.address-header}). Forwarded headers from anyone else, and every other forwarding header, are
 * ignored, since any client can write them.
 */
public final class ClientAddress {

    /** The setting naming the header the trusted proxy writes the client's address into. */
    public static final String HEADER_SETTING = "callroom.proxy.address-header";

    /** The headers a proxy may write the client's address into, and how each lists its hops. */
    private enum Header {
        X_FORWARDED_FOR("X-Forwarded-For"), FORWARDED("Forwarded");

        private final String field;

        Header(String field) {
            this.field = field;
        }

        List<String> hops(String value) {
            return this == FORWARDED ? ForwardedHeader.values(value, "for") : Arrays.asList(value.split(","));
        }

        static Header named(String name) {
            for (Header header : values()) {
                if (header.field.equalsIgnoreCase(name.strip())) {
                    return header;
                }
            }
            throw new IllegalArgumentException(HEADER_SETTING + " must be X-Forwarded-For or Forwarded (the one header the trusted proxy writes), was '"
                    + name + "'");
        }
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.]+)?");

    /** One trusted address or range, as bytes and a prefix length. */
    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> trusted;
    private final Header header;

    /** Trusting these proxies to write {@code X-Forwarded-For}, as the nginx of docs/DEPLOYING.md does. */
    public ClientAddress(String trustedProxies) {
        this(trustedProxies, Header.X_FORWARDED_FOR.field);
    }

    /**
     * From {@code callroom.proxy.trusted}: comma-separated IP addresses or CIDR ranges, e.g. {@code 127.0.0.1,10.0.0.0/8};
     * and from {@code callroom.proxy.address-header}: {@code X-Forwarded-For} or {@code Forwarded}.
     */
    public ClientAddress(String trustedProxies, String addressHeader) {
        this.header = Header.named(addressHeader);
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies.split(",")) {
            String range = entry.strip();
            if (!range.isEmpty()) {
                ranges.add(range(range));
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    /** Whether forwarded headers are read at all. */
    public boolean trustsProxies() {
        return !trusted.isEmpty();
    }

    /** Whether this peer address is a trusted proxy. */
    public boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The one header read for the client's address, as it is spelled on the wire. */
    public String header() {
        return header.field;
    }

    /**
     * The client's address. {@code lines} are the lines of {@link #header()} in the request, in order (read as one
     * list, as HTTP does). Each proxy appends the address it heard from, so the list is read from the right, past the
     * trusted proxies, to the first address none of them vouches for.
     */
    public String of(String peerAddress, List<String> lines) {
        if (!isTrusted(peerAddress)) {
            return canonical(peerAddress);
        }
        List<String> hops = header.hops(String.join(",", lines));
        String client = canonical(peerAddress);
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = unbracket(hops.get(i).strip());
            if (literal(hop) == null) {
                // "unknown", an obfuscated name or garbage: the last proxy that could tell is as far as anyone knows.
                return client;
            }
            client = canonical(hop);
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    /** An address without brackets or port: {@code [2001:db8::1]:4711} and {@code 192.0.2.1:80} become their IPs. */
    private static String unbracket(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }

    /** One spelling per address, so that {@code ::1} and {@code 0:0:0:0:0:0:0:1} count as one client. */
    private static String canonical(String address) {
        byte[] bytes = literal(address);
        return bytes == null ? address : canonical(bytes);
    }

    private static String canonical(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    /**
     * What an address is counted as: an IPv4 address itself, an IPv6 one its /64, since one subscriber is usually given
     * a whole /64 and could otherwise take a new address for every socket.
     */
    static String countedAs(String address) {
        byte[] bytes = literal(address);
        if (bytes == null || bytes.length != 16) {
            return canonical(address);
        }
        Arrays.fill(bytes, 8, 16, (byte) 0);
        return canonical(bytes) + "/64";
    }

    /** The bytes of an IP literal; null for anything else, so that no name is ever looked up in DNS. */
    private static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        if (IPV4.matcher(address).matches()) {
            byte[] bytes = new byte[4];
            String[] octets = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (!IPV6.matcher(address).matches()) {
            return null;
        }
        // With a colon in it, InetAddress parses the text as an IPv6 literal and never asks DNS.
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | SecurityException notAnAddress) {
            return null;
        }
    }

    private static Range range(String entry) {
        String[] parts = entry.split("/", 2);
        byte[] network = literal(parts[0]);
        if (network == null) {
            throw new IllegalArgumentException("callroom.proxy.trusted: '" + entry + "' is not an IP address or CIDR range");
        }
        int prefix = network.length * 8;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("callroom.proxy.trusted: '" + entry + "' has an invalid prefix length");
            }
        }
        return new Range(network, prefix);
    }
}
