package org.callroom.admission;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a request comes from: the peer address of the connection, or, when that is a trusted reverse proxy
 * ({@code callroom.proxy.trusted}), the address it forwarded. Forwarded headers from anyone else are ignored, since
 * any client can write them.
 */
public final class ClientAddress {

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

    /** From {@code callroom.proxy.trusted}: comma-separated IP addresses or CIDR ranges, e.g. {@code 127.0.0.1,10.0.0.0/8}. */
    public ClientAddress(String trustedProxies) {
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

    /**
     * The client's address. {@code forwarded} is the standard header (RFC 7239), {@code forwardedFor} the
     * X-Forwarded-For one; either may be null. Each proxy appends the address it heard from, so the list is read from
     * the right, past the trusted proxies, to the first address none of them vouches for.
     */
    public String of(String peerAddress, String forwarded, String forwardedFor) {
        if (!isTrusted(peerAddress)) {
            return canonical(peerAddress);
        }
        List<String> hops = forwarded != null ? ForwardedHeader.values(forwarded, "for") : forwardedFor != null ? Arrays.asList(forwardedFor.split(",")) : List.of();
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
        if (bytes == null) {
            return address;
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException cannotHappen) {
            return address;
        }
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
