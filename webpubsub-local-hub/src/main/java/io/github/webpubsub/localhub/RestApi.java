package io.github.webpubsub.localhub;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import io.github.webpubsub.localhub.ClientMessage.DataType;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientProtocol;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.InvalidWebPubSubSettingException;
import io.github.webpubsub.token.WebPubSubConnectionString;
import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubRole.Permission;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The data-plane REST API under {@code /api/hubs/{hub}}, as the service has it in
 * api-version 2024-12-01 and the GA versions before it: send to the hub, a user, a group
 * or a connection (JSON, text or binary; {@code excluded} connections), group membership
 * of users and connections, closing connections, existence checks, permissions, and
 * {@code :generateToken}. Calls are authenticated by {@link RestAuthentication}. Status
 * codes are the service's: {@code 202} for sends, {@code 200} for adds and grants,
 * {@code 204} for removals and closes, {@code 200}/{@code 404} for checks.
 */
final class RestApi {

    static final String PATH_PREFIX = "/api/";

    /** The GA versions of the data-plane API. */
    static final Set<String> API_VERSIONS = Set.of("2021-10-01", "2022-11-01", "2023-07-01", "2024-01-01",
            "2024-12-01");

    /** Largest message the service takes: 1 MiB. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final System.Logger logger = System.getLogger(RestApi.class.getName());

    private static final int MAX_GROUP_LENGTH = 1024;

    private final Connections connections;

    private final AccessKeys keys;

    private final RestAuthentication authentication;

    private final Clock clock;

    RestApi(Connections connections, AccessKeys keys, RestAuthentication authentication, Clock clock) {
        this.connections = connections;
        this.keys = keys;
        this.authentication = authentication;
        this.clock = clock;
    }

    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return request.receive()
            .aggregate()
            .asByteArray()
            .defaultIfEmpty(new byte[0])
            .flatMap((body) -> respond(new Call(request, response, body)));
    }

    private Mono<Void> respond(Call call) {
        try {
            List<String> path = call.path();
            if (path.equals(List.of("health"))) {
                return RestResponses.status(call.response(), HttpResponseStatus.OK);
            }
            try {
                this.authentication.authenticate(call.request());
            }
            catch (InvalidAccessTokenException ex) {
                logger.log(Level.INFO, "Refused a REST call to " + call.request().method() + " " + call.rawPath() + ": "
                        + ex.getMessage());
                return RestResponses.unauthorized(call.response(), ex);
            }
            String apiVersion = call.query("api-version");
            if (apiVersion == null) {
                return call.error(HttpResponseStatus.BAD_REQUEST, "ApiVersionUnspecified",
                        "An API version is required, but was not specified.");
            }
            if (!API_VERSIONS.contains(apiVersion)) {
                return call.error(HttpResponseStatus.BAD_REQUEST, "UnsupportedApiVersion",
                        "The HTTP resource that matches the request URI does not support the API version '" + apiVersion
                                + "'. The local hub speaks "
                                + String.join(", ", API_VERSIONS.stream().sorted().toList()) + ".");
            }
            if (path.size() < 2 || !path.get(0).equals("hubs") || !HubNames.isValid(path.get(1))) {
                return call.error(HttpResponseStatus.NOT_FOUND, "NotFound", "No such operation: the API's paths "
                        + "start with /api/hubs/{hub}, where a hub name starts with a letter.");
            }
            return route(call, path.get(1), path.subList(2, path.size()));
        }
        catch (BadRequestException ex) {
            return call.error(HttpResponseStatus.BAD_REQUEST, "InvalidArgument", ex.getMessage());
        }
    }

    private Mono<Void> route(Call call, String hub, List<String> rest) {
        HttpMethod method = call.request().method();
        Route route = new Route(method, rest);
        if (route.is(HttpMethod.POST, ":send")) {
            return send(call, this.connections.inHub(hub), excluded(call));
        }
        if (route.is(HttpMethod.POST, ":closeConnections")) {
            return close(call, this.connections.inHub(hub));
        }
        if (route.is(HttpMethod.POST, ":generateToken")) {
            return generateToken(call, hub);
        }
        if (route.is(HttpMethod.POST, "users", "*", ":send")) {
            return send(call, this.connections.ofUser(hub, userId(route.value(0))), (connection) -> false);
        }
        if (route.is(HttpMethod.POST, "users", "*", ":closeConnections")) {
            return close(call, this.connections.ofUser(hub, userId(route.value(0))));
        }
        if (route.is(HttpMethod.HEAD, "users", "*")) {
            return exists(call, !this.connections.ofUser(hub, userId(route.value(0))).isEmpty());
        }
        if (route.is(HttpMethod.PUT, "users", "*", "groups", "*")) {
            String group = group(route.value(1));
            this.connections.ofUser(hub, userId(route.value(0))).forEach((c) -> this.connections.join(c, group));
            return RestResponses.status(call.response(), HttpResponseStatus.OK);
        }
        if (route.is(HttpMethod.DELETE, "users", "*", "groups", "*")) {
            String group = group(route.value(1));
            this.connections.ofUser(hub, userId(route.value(0))).forEach((c) -> this.connections.leave(c, group));
            return RestResponses.status(call.response(), HttpResponseStatus.NO_CONTENT);
        }
        if (route.is(HttpMethod.DELETE, "users", "*", "groups")) {
            this.connections.ofUser(hub, userId(route.value(0))).forEach(this.connections::leaveAll);
            return RestResponses.status(call.response(), HttpResponseStatus.NO_CONTENT);
        }
        if (route.is(HttpMethod.POST, "groups", "*", ":send")) {
            return send(call, this.connections.inGroup(hub, group(route.value(0))), excluded(call));
        }
        if (route.is(HttpMethod.POST, "groups", "*", ":closeConnections")) {
            return close(call, this.connections.inGroup(hub, group(route.value(0))));
        }
        if (route.is(HttpMethod.HEAD, "groups", "*")) {
            return exists(call, !this.connections.inGroup(hub, group(route.value(0))).isEmpty());
        }
        if (route.is(HttpMethod.PUT, "groups", "*", "connections", "*")) {
            String group = group(route.value(0));
            HubConnection connection = this.connections.find(hub, route.value(1));
            if (connection == null) {
                return connectionNotFound(call);
            }
            this.connections.join(connection, group);
            return RestResponses.status(call.response(), HttpResponseStatus.OK);
        }
        if (route.is(HttpMethod.DELETE, "groups", "*", "connections", "*")) {
            String group = group(route.value(0));
            HubConnection connection = this.connections.find(hub, route.value(1));
            if (connection != null) {
                this.connections.leave(connection, group);
            }
            return RestResponses.status(call.response(), HttpResponseStatus.NO_CONTENT);
        }
        if (route.is(HttpMethod.POST, "connections", "*", ":send")) {
            HubConnection connection = this.connections.find(hub, route.value(0));
            return send(call, (connection != null) ? List.of(connection) : List.of(), (c) -> false);
        }
        if (route.is(HttpMethod.HEAD, "connections", "*")) {
            return exists(call, this.connections.find(hub, route.value(0)) != null);
        }
        if (route.is(HttpMethod.DELETE, "connections", "*")) {
            HubConnection connection = this.connections.find(hub, route.value(0));
            return close(call, (connection != null) ? List.of(connection) : List.of());
        }
        if (route.is(HttpMethod.DELETE, "connections", "*", "groups")) {
            HubConnection connection = this.connections.find(hub, route.value(0));
            if (connection != null) {
                this.connections.leaveAll(connection);
            }
            return RestResponses.status(call.response(), HttpResponseStatus.NO_CONTENT);
        }
        if (route.matches("permissions", "*", "connections", "*")) {
            return permission(call, method, hub, route.value(0), route.value(1));
        }
        return call.error(HttpResponseStatus.NOT_FOUND, "NotFound",
                "No operation " + method + " " + call.rawPath() + " in the Web PubSub data-plane API.");
    }

    private Mono<Void> send(Call call, List<HubConnection> targets, Predicate<HubConnection> excluded) {
        if (call.query("filter") != null) {
            throw new BadRequestException("The local hub does not evaluate OData filters; send without 'filter'.");
        }
        Payload payload = payload(call);
        var message = ServerMessages.serverMessage(payload);
        for (HubConnection connection : targets) {
            if (!excluded.test(connection)) {
                connection.deliver(message, payload);
            }
        }
        return RestResponses.status(call.response(), HttpResponseStatus.ACCEPTED);
    }

    private Mono<Void> close(Call call, List<HubConnection> targets) {
        Predicate<HubConnection> excluded = excluded(call);
        String reason = call.query("reason");
        for (HubConnection connection : targets) {
            if (!excluded.test(connection)) {
                connection.close(1008, (reason != null) ? reason : "Closed by the application through the REST API.");
                this.connections.remove(connection);
            }
        }
        return RestResponses.status(call.response(), HttpResponseStatus.NO_CONTENT);
    }

    private Mono<Void> exists(Call call, boolean exists) {
        return RestResponses.status(call.response(), exists ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND);
    }

    private Mono<Void> permission(Call call, HttpMethod method, String hub, String permissionName,
            String connectionId) {
        Permission permission = switch (permissionName) {
            case "joinLeaveGroup" -> Permission.JOIN_LEAVE_GROUP;
            case "sendToGroup" -> Permission.SEND_TO_GROUP;
            default -> throw new BadRequestException(
                    "Unknown permission '" + permissionName + "': the API knows joinLeaveGroup and sendToGroup.");
        };
        String target = call.query("targetName");
        WebPubSubRole role = role(permission, (target != null) ? group(target) : null);
        HubConnection connection = this.connections.find(hub, connectionId);
        if (method.equals(HttpMethod.HEAD)) {
            boolean granted = connection != null
                    && ((target != null) ? connection.may(permission, target) : connection.has(role));
            return exists(call, granted);
        }
        if (method.equals(HttpMethod.PUT)) {
            if (connection == null) {
                return connectionNotFound(call);
            }
            connection.grant(role);
            return RestResponses.status(call.response(), HttpResponseStatus.OK);
        }
        if (method.equals(HttpMethod.DELETE)) {
            if (connection != null) {
                connection.revoke(role);
            }
            return RestResponses.status(call.response(), HttpResponseStatus.NO_CONTENT);
        }
        return call.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed",
                "Permissions are granted with PUT, revoked with DELETE and checked with HEAD.");
    }

    private static WebPubSubRole role(Permission permission, @Nullable String group) {
        try {
            if (permission == Permission.JOIN_LEAVE_GROUP) {
                return (group != null) ? WebPubSubRole.joinLeaveGroup(group) : WebPubSubRole.joinLeaveAnyGroup();
            }
            return (group != null) ? WebPubSubRole.sendToGroup(group) : WebPubSubRole.sendToAnyGroup();
        }
        catch (InvalidClientAccessRequestException ex) {
            // A group the service would refuse too, such as one with a control character.
            throw new BadRequestException(ex.getMessage());
        }
    }

    /**
     * {@code :generateToken}: a client access token signed with the hub's key, for the
     * address the caller reached the hub at, so that the URL it builds from the same
     * endpoint is one the hub accepts.
     */
    private Mono<Void> generateToken(Call call, String hub) {
        int minutes = minutesToExpire(call.query("minutesToExpire"));
        ClientProtocol protocol = clientType(call.query("clientType"));
        String userId = call.query("userId");
        URI requestUrl = RestAuthentication.requestUrl(call.request());
        ClientAccess access;
        try {
            Duration lifetime = Duration.ofMinutes(minutes);
            ClientUrlFactory factory = ClientUrlFactory.builder()
                .connectionString(WebPubSubConnectionString
                    .of(URI.create(requestUrl.getScheme() + "://" + requestUrl.getRawAuthority()), this.keys.current()))
                .hub(hub)
                .clock(this.clock)
                .defaultLifetime(lifetime)
                .maxLifetime(lifetime)
                .build();
            access = factory.create((request) -> {
                if (userId != null && !userId.isEmpty()) {
                    request.userId(userId);
                }
                request.roles(call.queryValues("role")).groups(call.queryValues("group")).protocol(protocol);
            });
        }
        catch (InvalidClientAccessRequestException | InvalidWebPubSubSettingException ex) {
            // The core's messages name the bad value's role, never a secret.
            throw new BadRequestException(ex.getMessage());
        }
        return RestResponses.json(call.response(), HttpResponseStatus.OK,
                JsonNodeFactory.instance.objectNode().put("token", access.token()));
    }

    private static int minutesToExpire(@Nullable String value) {
        if (value == null) {
            return 60;
        }
        try {
            int minutes = Integer.parseInt(value);
            if (minutes >= 1) {
                return minutes;
            }
        }
        catch (NumberFormatException ex) {
            // Reported below.
        }
        throw new BadRequestException("minutesToExpire must be a whole number of minutes, 1 or more.");
    }

    private static ClientProtocol clientType(@Nullable String value) {
        if (value == null) {
            return ClientProtocol.DEFAULT;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "default" -> ClientProtocol.DEFAULT;
            case "mqtt" -> ClientProtocol.MQTT;
            case "socketio" -> ClientProtocol.SOCKETIO;
            default -> throw new BadRequestException("clientType must be Default, MQTT or SocketIO.");
        };
    }

    private static Payload payload(Call call) {
        String contentType = call.request().requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        String mediaType = (contentType != null) ? contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT) : "";
        byte[] body = call.body();
        if (body.length > MAX_BODY_BYTES) {
            throw new BadRequestException(
                    "The message has " + body.length + " bytes; the service takes at most " + MAX_BODY_BYTES + ".");
        }
        return switch (mediaType) {
            case "application/json" -> {
                try {
                    SignedTokens.JSON.readTree(body);
                }
                catch (JacksonException ex) {
                    throw new BadRequestException(
                            "The body is not valid JSON, yet its Content-Type is application/json.");
                }
                yield new Payload(DataType.JSON, body);
            }
            case "text/plain" -> new Payload(DataType.TEXT, body);
            case "application/octet-stream" -> new Payload(DataType.BINARY, body);
            default -> throw new BadRequestException(
                    "Content-Type must be application/json, text/plain or application/octet-stream.");
        };
    }

    private static Predicate<HubConnection> excluded(Call call) {
        List<String> excluded = call.queryValues("excluded");
        return (connection) -> excluded.contains(connection.id());
    }

    private static String userId(String userId) {
        if (userId.isEmpty()) {
            throw new BadRequestException("The user id is empty.");
        }
        return userId;
    }

    private static String group(String group) {
        if (group.isEmpty() || group.length() > MAX_GROUP_LENGTH || group.isBlank()) {
            throw new BadRequestException(
                    "A group name has 1 to " + MAX_GROUP_LENGTH + " characters, not all white space.");
        }
        return group;
    }

    private static Mono<Void> connectionNotFound(Call call) {
        return call.error(HttpResponseStatus.NOT_FOUND, "NotFound", "The connection does not exist in this hub.");
    }

    /**
     * One REST call: the request, its answer, its body, and its path and query decoded.
     */
    private record Call(HttpServerRequest request, HttpServerResponse response, byte[] body) {

        String rawPath() {
            return URI.create(this.request.uri()).getRawPath();
        }

        /** The path after {@code /api/}, split into segments, each percent-decoded. */
        List<String> path() {
            String raw = rawPath().substring(PATH_PREFIX.length());
            List<String> segments = new ArrayList<>();
            for (String segment : raw.split("/", -1)) {
                String decoded = ClientEndpoint.decode(segment);
                if (decoded == null) {
                    throw new BadRequestException("The path has a malformed percent-encoding.");
                }
                segments.add(decoded);
            }
            return segments;
        }

        @Nullable String query(String name) {
            List<String> values = queryValues(name);
            return values.isEmpty() ? null : values.get(0);
        }

        List<String> queryValues(String name) {
            return queryParameters().getOrDefault(name, List.of());
        }

        private Map<String, List<String>> queryParameters() {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            String query = URI.create(this.request.uri()).getRawQuery();
            if (query == null) {
                return parameters;
            }
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                try {
                    String key = URLDecoder.decode((equals >= 0) ? pair.substring(0, equals) : pair,
                            StandardCharsets.UTF_8);
                    String value = (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8)
                            : "";
                    parameters.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
                }
                catch (IllegalArgumentException ex) {
                    throw new BadRequestException("The query has a malformed percent-encoding.");
                }
            }
            return parameters;
        }

        Mono<Void> error(HttpResponseStatus status, String code, String message) {
            if (this.request.method().equals(HttpMethod.HEAD)) {
                return RestResponses.status(this.response.header("x-ms-error-code", code), status);
            }
            return RestResponses.error(this.response, status, code, message);
        }

    }

    /**
     * A path after {@code /api/hubs/{hub}/}, matched against patterns whose {@code *}
     * stands for one segment.
     */
    private record Route(HttpMethod method, List<String> segments) {

        boolean is(HttpMethod expected, String... pattern) {
            return this.method.equals(expected) && matches(pattern);
        }

        boolean matches(String... pattern) {
            if (pattern.length != this.segments.size()) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                if (!pattern[i].equals("*") && !pattern[i].equals(this.segments.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The segment that the {@code n}th {@code *} of the matched pattern stands for.
         */
        String value(int n) {
            // Patterns alternate a literal and a value: users/*/groups/*, connections/*,
            // permissions/*/connections/*.
            return this.segments.get(2 * n + 1);
        }

    }

    /**
     * A request the API refuses with {@code 400}; the message speaks to the caller about
     * its value.
     */
    private static final class BadRequestException extends IllegalArgumentException {

        BadRequestException(String message) {
            super(message);
        }

        /** The message given, never {@code null}: it is the answer's own. */
        @Override
        public String getMessage() {
            return Objects.requireNonNull(super.getMessage());
        }

    }

}
