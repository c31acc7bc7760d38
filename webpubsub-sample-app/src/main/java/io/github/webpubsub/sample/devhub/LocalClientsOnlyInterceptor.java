package io.github.webpubsub.sample.devhub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a handshake from another machine with {@code 403 Forbidden}, before anything else is looked at: the local
 * development hub serves clients on this machine only, whatever address the server listens on. The client must come
 * from a loopback address, and so must every client that a {@code Forwarded} or {@code X-Forwarded-For} header names,
 * so that a proxy on this machine cannot pass on clients from elsewhere. Addresses count only as IP literals; a name,
 * {@code unknown} or an obfuscated identifier is another machine.
 */
final class LocalClientsOnlyInterceptor implements HandshakeInterceptor {

    static final String REFUSAL = "The local development hub accepts clients on this machine only (a loopback "
            + "address). Against Azure Web PubSub, clients on other machines connect to the service instead.";

    private static final Log logger = LogFactory.getLog(LocalClientsOnlyInterceptor.class);

    private static final String FORWARDED = "Forwarded";

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Map<String, Object> attributes) throws IOException {
        if (fromThisMachine(request)) {
            return true;
        }
        logger.warn("Refused a client of the local development hub from " + request.getRemoteAddress()
                + ": it accepts clients on this machine only.");
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
        response.getBody().write(REFUSAL.getBytes(StandardCharsets.UTF_8));
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            @Nullable Exception exception) {
    }

    private static boolean fromThisMachine(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return false;
        }
        HttpHeaders headers = request.getHeaders();
        return forwardedClients(headers.get(FORWARDED)).stream().allMatch(Loopback::isLoopbackLiteral)
                && elements(headers.get(X_FORWARDED_FOR)).stream().allMatch(Loopback::isLoopbackLiteral);
    }

    /**
     * The {@code for} parameters of {@code Forwarded} headers (RFC 7239), such as {@code for="[::1]:4711"}, without
     * quotes and port.
     */
    private static List<String> forwardedClients(@Nullable List<String> headers) {
        return elements(headers).stream()
            .flatMap((element) -> List.of(element.split(";")).stream())
            .map(String::strip)
            .filter((pair) -> pair.toLowerCase(Locale.ROOT).startsWith("for="))
            .map((pair) -> withoutPort(unquoted(pair.substring("for=".length()).strip())))
            .toList();
    }

    /** The comma-separated elements of all values of a header. */
    private static List<String> elements(@Nullable List<String> headers) {
        if (headers == null) {
            return List.of();
        }
        return headers.stream().flatMap((value) -> List.of(value.split(",")).stream()).map(String::strip).toList();
    }

    private static String unquoted(String value) {
        return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
                ? value.substring(1, value.length() - 1) : value;
    }

    /** {@code [::1]:4711} becomes {@code [::1]}, {@code 127.0.0.1:4711} becomes {@code 127.0.0.1}. */
    private static String withoutPort(String node) {
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return (end > 0) ? node.substring(0, end + 1) : node;
        }
        int colon = node.indexOf(':');
        return (colon >= 0 && colon == node.lastIndexOf(':')) ? node.substring(0, colon) : node;
    }

}
