package io.github.webpubsub.token.support;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Tells whether a host names this machine, by the one rule the project applies wherever
 * plain {@code http} or a local hub depends on it: {@code localhost}, an IPv4 literal in
 * {@code 127.0.0.0/8}, or the IPv6 literal {@code ::1}. Names are never resolved:
 * {@code 127.example.com} is not a loopback host, whatever DNS says, and a name that a
 * hosts file points at {@code 127.0.0.1} is not one either.
 *
 * <pre>{@code
 * if (endpoint.getScheme().equals("http") && !LoopbackHosts.isLoopback(endpoint.getHost())) {
 *     log.warn("Tokens would cross the network in clear text.");
 * }
 * }</pre>
 */
public final class LoopbackHosts {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private LoopbackHosts() {
    }

    /**
     * Tells whether a host, as it stands in a URI, names this machine.
     * @param host a host name, an IPv4 literal, or an IPv6 literal with or without
     * brackets; {@code null} for none
     * @return {@code true} for {@code localhost}, {@code 127.x.y.z} and {@code ::1}
     */
    public static boolean isLoopback(@Nullable String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost")) {
            return true;
        }
        if (IPV4_LITERAL.matcher(lower).matches()) {
            String[] octets = lower.split("\\.");
            for (String octet : octets) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return octets[0].equals("127");
        }
        String bare = (lower.startsWith("[") && lower.endsWith("]")) ? lower.substring(1, lower.length() - 1) : lower;
        return isIpv6Literal(bare) && isLoopbackLiteral(bare);
    }

    /**
     * Tells whether a URI's host names this machine.
     * @param uri the URI; {@code null} for none
     * @return whether {@link #isLoopback(String)} holds for its host
     */
    public static boolean isLoopback(@Nullable URI uri) {
        return uri != null && isLoopback(uri.getHost());
    }

    /**
     * The URI parser checks IPv6 literal syntax; only a literal that passes is handed to
     * InetAddress.
     */
    private static boolean isIpv6Literal(String text) {
        if (text.indexOf(':') < 0) {
            return false;
        }
        try {
            return new URI("http", null, "[" + text + "]", -1, null, null, null).getHost() != null;
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

    private static boolean isLoopbackLiteral(String ipv6) {
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(ipv6).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }

}
