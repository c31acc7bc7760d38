package io.github.webpubsub.sample.devhub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Admits a client to {@code /client/hubs/{hub}} as the service does, before the upgrade: the access token (the
 * {@code access_token} query parameter, or an {@code Authorization: Bearer} header) must pass the
 * {@link AccessTokenValidator}, else the answer is {@code 401 Unauthorized} and no WebSocket is opened. A client that
 * asks for neither JSON subprotocol gets {@code 400 Bad Request}.
 *
 * <p>A request to recover a reliable connection ({@code awps_connection_id} and {@code awps_reconnection_token}) is
 * let through without a token: the handler then tells the client that its connection cannot be recovered, and the
 * client starts a new one with its access token.
 */
final class DevHubHandshakeInterceptor implements HandshakeInterceptor {

    /** Session attribute: the hub in the request path. */
    static final String HUB = DevHubHandshakeInterceptor.class.getName() + ".hub";

    /** Session attribute: the {@link ClientIdentity} from the verified token. */
    static final String IDENTITY = DevHubHandshakeInterceptor.class.getName() + ".identity";

    /** Session attribute, present on a request to recover a reliable connection. */
    static final String RECOVERY = DevHubHandshakeInterceptor.class.getName() + ".recovery";

    private static final Log logger = LogFactory.getLog(DevHubHandshakeInterceptor.class);

    private static final String BEARER = "Bearer ";

    private final AccessTokenValidator validator;

    DevHubHandshakeInterceptor(AccessTokenValidator validator) {
        this.validator = validator;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            Map<String, Object> attributes) throws IOException {
        String hub = hub(request.getURI());
        if (!AccessTokenValidator.isValidHub(hub)) {
            return refuse(response, HttpStatus.NOT_FOUND, "No such hub: a hub name has 1 to 128 letters, digits or "
                    + "underscores, starting with a letter.");
        }
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
        if (query.containsKey("awps_connection_id") && query.containsKey("awps_reconnection_token")) {
            attributes.put(RECOVERY, Boolean.TRUE);
            return true;
        }
        ClientIdentity identity;
        try {
            identity = this.validator.validate(token(request, query), hub);
        }
        catch (InvalidAccessTokenException ex) {
            logger.debug("Refused a client of hub " + hub + ": " + ex.getMessage());
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            return refuse(response, HttpStatus.UNAUTHORIZED, ex.getMessage());
        }
        List<String> protocols = new WebSocketHttpHeaders(request.getHeaders()).getSecWebSocketProtocol();
        if (protocols.stream().noneMatch(DevHubWebSocketHandler.SUBPROTOCOLS::contains)) {
            return refuse(response, HttpStatus.BAD_REQUEST, "The local development hub serves PubSub WebSocket clients "
                    + "only: ask for the subprotocol " + String.join(" or ", DevHubWebSocketHandler.SUBPROTOCOLS) + ".");
        }
        attributes.put(HUB, hub);
        attributes.put(IDENTITY, identity);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
            @Nullable Exception exception) {
    }

    /** The last path segment: the handler is mapped to {@code /client/hubs/*}. */
    private static String hub(URI uri) {
        String path = uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static @Nullable String token(ServerHttpRequest request, MultiValueMap<String, String> query) {
        String parameter = query.getFirst("access_token");
        if (parameter != null) {
            return UriUtils.decode(parameter, StandardCharsets.UTF_8);
        }
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return null;
    }

    private static boolean refuse(ServerHttpResponse response, HttpStatus status, String reason) throws IOException {
        response.setStatusCode(status);
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
        response.getBody().write(reason.getBytes(StandardCharsets.UTF_8));
        return false;
    }

}
