package io.github.webpubsub.localhub;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.webpubsub.token.support.LoopbackHosts;
import org.jspecify.annotations.Nullable;

/**
 * Tells loopback addresses apart without any name lookup: hosts by the project's one rule
 * ({@link LoopbackHosts}), and the peers and forwarded clients of a request.
 */
final class Loopback {

    private static final InetAddress IPV4 = literal("127.0.0.1");

    private static final InetAddress IPV6 = literal("::1");

    private Loopback() {
    }

    /**
     * Tells whether a request comes from this machine: its peer is a loopback address,
     * and so is every client that a {@code Forwarded} (RFC 7239 {@code for=}) or
     * {@code X-Forwarded-For} header names, so that a proxy on this machine cannot pass
     * on clients from elsewhere. Forwarded clients count only as IP literals: a name,
     * {@code unknown} or an obfuscated identifier is another machine.
     * @param remote the peer
     * @param forwarded the values of the {@code Forwarded} headers
     * @param forwardedFor the values of the {@code X-Forwarded-For} headers
     */
    static boolean isFromThisMachine(@Nullable SocketAddress remote, List<String> forwarded,
            List<String> forwardedFor) {
        if (!isLoopbackPeer(remote)) {
            return false;
        }
        List<String> clients = new ArrayList<>(elements(forwardedFor));
        for (String element : elements(forwarded)) {
            for (String pair : element.split(";")) {
                String parameter = pair.strip();
                if (parameter.toLowerCase(Locale.ROOT).startsWith("for=")) {
                    clients.add(withoutPort(unquoted(parameter.substring("for=".length()).strip())));
                }
            }
        }
        return clients.stream()
            .allMatch((client) -> !client.equalsIgnoreCase("localhost") && LoopbackHosts.isLoopback(client));
    }

    /** The comma-separated elements of all values of a header. */
    private static List<String> elements(List<String> values) {
        List<String> elements = new ArrayList<>();
        for (String value : values) {
            for (String element : value.split(",")) {
                elements.add(element.strip());
            }
        }
        return elements;
    }

    private static String unquoted(String value) {
        return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
                ? value.substring(1, value.length() - 1) : value;
    }

    /**
     * {@code [::1]:4711} becomes {@code [::1]}, {@code 127.0.0.1:4711} becomes
     * {@code 127.0.0.1}.
     */
    private static String withoutPort(String node) {
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return (end > 0) ? node.substring(0, end + 1) : node;
        }
        int colon = node.indexOf(':');
        return (colon >= 0 && colon == node.lastIndexOf(':')) ? node.substring(0, colon) : node;
    }

    /** Tells whether a peer's address is on this machine. */
    static boolean isLoopbackPeer(@Nullable SocketAddress remote) {
        return (remote instanceof InetSocketAddress address) && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
    }

    /**
     * Returns the addresses to listen on for a loopback host: {@code localhost} means
     * both {@code 127.0.0.1} and {@code ::1} (clients resolve it to either), a literal
     * means itself.
     */
    static List<InetAddress> bindAddresses(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return List.of(IPV4, IPV6);
        }
        String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
        return List.of(literal(bare));
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException("Not an IP address literal", ex);
        }
    }

}
