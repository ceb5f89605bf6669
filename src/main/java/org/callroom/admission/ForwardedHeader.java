package org.callroom.admission;

import java.util.ArrayList;
import java.util.List;

/** Reads the standard Forwarded header (RFC 7239): {@code for=192.0.2.1;proto=https, for="[2001:db8::1]"}. */
public final class ForwardedHeader {

    private ForwardedHeader() {
    }

    /** The values of one parameter, one per element that has it, in the header's order (nearest the client first). */
    public static List<String> values(String header, String parameter) {
        List<String> values = new ArrayList<>();
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length == 2 && parts[0].strip().equalsIgnoreCase(parameter)) {
                    String value = parts[1].strip();
                    values.add(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value);
                }
            }
        }
        return values;
    }
}
