package io.github.webpubsub.spring.negotiate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientProtocol;
import io.github.webpubsub.token.support.JsonStrings;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The answer of a negotiate endpoint, the same on every web stack: the client access
 * JSON, or a problem detail ({@code application/problem+json}), whole, as bytes. Each
 * stack's adapter sends it with {@link #CACHE_CONTROL} and {@link #PRAGMA}, set by the
 * endpoint itself rather than left to Spring Security's header writer, which an
 * application may switch off: a token must never be kept by a browser or proxy cache.
 *
 * <p>
 * Both bodies are written here, not by the application's JSON library: they have fixed
 * keys and string or number values, so the application's JSON settings (naming strategy,
 * dates as timestamps) cannot rename the keys or change {@code expiresAt} from an
 * ISO-8601 instant, and the client access is the answer of every call, which a general
 * serializer would make several microseconds slower.
 *
 * @param status the status
 * @param contentType {@code application/json} or {@code application/problem+json}
 * @param body the UTF-8 encoded body
 */
record NegotiateAnswer(HttpStatus status, MediaType contentType, byte[] body) {

    /** The {@code Cache-Control} value of every answer. */
    static final String CACHE_CONTROL = "no-store";

    /** The {@code Pragma} value of every answer, for HTTP/1.0 caches. */
    static final String PRAGMA = "no-cache";

    /**
     * Returns the answer of an issued client access:
     * {@code {"baseUrl","url","token","expiresAt"}}, or for Socket.IO
     * {@code {"endpoint","path","token","expiresAt"}}.
     */
    static NegotiateAnswer access(ClientAccess access) {
        StringBuilder json = new StringBuilder(256 + 2 * access.token().length()).append('{');
        if (access.protocol() == ClientProtocol.SOCKETIO) {
            member(json, "endpoint", access.endpoint().toString());
            member(json, "path", access.path());
        }
        else {
            member(json, "baseUrl", access.baseUrl().toString());
            member(json, "url", access.urlText());
        }
        member(json, "token", access.token());
        member(json, "expiresAt", access.expiresAt().toString());
        return new NegotiateAnswer(HttpStatus.OK, MediaType.APPLICATION_JSON, bytes(json.append('}')));
    }

    /**
     * Returns a problem detail: {@code {"title","status","detail","instance"}} and the
     * extra members.
     * @param instance the request's path, left out if it is no URI reference
     * @param properties extra members, such as {@code reason}; none may be a secret
     */
    static NegotiateAnswer problem(HttpStatus status, String detail, @Nullable String instance,
            Map<String, String> properties) {
        StringBuilder json = new StringBuilder(256).append('{');
        member(json, "title", status.getReasonPhrase());
        json.append(",\"status\":").append(status.value());
        member(json, "detail", detail);
        if (instance != null && isUriReference(instance)) {
            member(json, "instance", instance);
        }
        properties.forEach((name, value) -> member(json, name, value));
        return new NegotiateAnswer(status, MediaType.APPLICATION_PROBLEM_JSON, bytes(json.append('}')));
    }

    private static boolean isUriReference(String path) {
        try {
            URI.create(path);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    private static byte[] bytes(StringBuilder json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends {@code "name":"value"} (after a comma, unless it is the first member), the
     * value escaped by the same rule as the token's claims.
     */
    static void member(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":");
        JsonStrings.appendQuoted(json, value);
    }

    @Override
    public String toString() {
        // Never the body: it may hold a token.
        return "NegotiateAnswer[" + this.status + ", " + this.contentType + ", " + this.body.length + " bytes]";
    }

}
