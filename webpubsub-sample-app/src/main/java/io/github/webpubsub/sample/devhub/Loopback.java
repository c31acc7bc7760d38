package io.github.webpubsub.sample.devhub;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What counts as this machine, decided from the text of an address alone: {@code localhost}, an IPv4 literal in
 * {@code 127.0.0.0/8}, or the IPv6 loopback literal (also as an IPv4-mapped address). Names are never looked up, so
 * {@code 127.example.com} or {@code localhost.example.com} is another machine, whatever DNS says.
 */
final class Loopback {

    /** A dotted-quad IPv4 literal. */
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * What an IPv6 literal may hold: hex digits, colons, and dots for an embedded IPv4 address; it starts with a hex
     * digit or a colon and has a colon, so the JDK parses it as a literal and never as a name.
     */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");

    private Loopback() {
    }

    /**
     * Tells whether an endpoint's host is this machine.
     * @param endpoint an absolute URI
     * @return {@code true} for {@code localhost}, {@code 127.x.y.z} and {@code [::1]}
     */
    static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equalsIgnoreCase("localhost") || isLoopbackLiteral(host));
    }

    /**
     * Tells whether an address written as an IP literal is a loopback address.
     * @param address such as {@code 127.0.0.1}, {@code ::1} or {@code [::1]}
     * @return {@code false} for anything else, names included
     */
    static boolean isLoopbackLiteral(String address) {
        InetAddress literal = literal(address);
        return literal != null && literal.isLoopbackAddress();
    }

    /**
     * Returns the address the server binds to while it serves clients on this machine only: the endpoint's own
     * loopback literal, else ({@code localhost}) the JDK's loopback address, {@code 127.0.0.1}.
     * @param endpoint a loopback endpoint
     * @return a loopback address
     */
    static InetAddress serverAddress(URI endpoint) {
        InetAddress literal = literal(endpoint.getHost());
        return (literal != null && literal.isLoopbackAddress()) ? literal : InetAddress.getLoopbackAddress();
    }

    /** Parses an IP literal without any name lookup, or returns {@code null} if the text is none. */
    private static InetAddress literal(String address) {
        String text = address.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (IPV4_LITERAL.matcher(text).matches()) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        else if (!IPV6_LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            // A dotted quad or a text with a colon: the JDK parses it as a literal and never looks a name up.
            return InetAddress.getByName(text);
        }
        catch (UnknownHostException ex) {
            return null;
        }
    }

}
