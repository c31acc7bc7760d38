package io.github.webpubsub.spring.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells whether an endpoint's host never leaves the machine: {@code localhost}, or a loopback address literal
 * ({@code 127.0.0.0/8}, {@code [::1]}). The same rule as the core's, which accepts plain http in key-less mode only
 * for such hosts. Names are never resolved: {@code 127.example.com} is not a loopback address, whatever DNS says.
 */
final class LoopbackHost {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    private LoopbackHost() {
    }

    static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        if (IPV4_LOOPBACK.matcher(host).matches()) {
            return Arrays.stream(host.split("\\.")).allMatch((octet) -> Integer.parseInt(octet) <= 255);
        }
        if (host.startsWith("[")) {
            try {
                // A bracketed IPv6 literal is parsed, never looked up.
                return InetAddress.getByName(host).isLoopbackAddress();
            }
            catch (UnknownHostException ex) {
                return false;
            }
        }
        return false;
    }

}
