package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientProtocol;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;

/**
 * Writes the answers of negotiate endpoints: the client access JSON, or a {@link ProblemDetail}
 * ({@code application/problem+json}) through the application's own JSON message converter. Every answer carries
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache}, set here rather than left to Spring Security's
 * header writer, which an application may switch off: a token must never be kept by a browser or proxy cache.
 *
 * <p>The client access JSON is written here, not by the application's converter: it has fixed keys and string
 * values, so the application's JSON settings (naming strategy, dates as timestamps) cannot rename the keys or change
 * {@code expiresAt} from an ISO-8601 instant, and it is the answer of every call, which the converter's generator
 * and header handling would make several microseconds slower.
 */
final class NegotiateResponses {

    private final HttpMessageConverter<Object> problems;

    private NegotiateResponses(HttpMessageConverter<Object> problems) {
        this.problems = problems;
    }

    /**
     * Picks the converter that writes problem details as JSON, or returns {@code null} if there is none.
     */
    static @Nullable NegotiateResponses from(List<HttpMessageConverter<?>> converters) {
        HttpMessageConverter<Object> problems = find(converters, ProblemDetail.class,
                MediaType.APPLICATION_PROBLEM_JSON);
        return (problems != null) ? new NegotiateResponses(problems) : null;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable HttpMessageConverter<Object> find(List<HttpMessageConverter<?>> converters,
            Class<?> type, MediaType mediaType) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter.canWrite(type, mediaType)) {
                return (HttpMessageConverter<Object>) converter;
            }
        }
        return null;
    }

    /**
     * Forbids caching the answer; called before anything else is written.
     */
    static void preventCaching(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
    }

    /**
     * Writes a client access: {@code {"baseUrl","url","token","expiresAt"}}, or for Socket.IO
     * {@code {"endpoint","path","token","expiresAt"}}, whole and with its length, so that the container sends it
     * in one piece when the request completes.
     */
    void access(HttpServletResponse response, ClientAccess access) throws IOException {
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
        byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        preventCaching(response);
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * Appends {@code "name":"value"} (after a comma, unless it is the first member), escaping what JSON requires
     * (and U+2028, U+2029) in runs: URLs, tokens and instants usually need no escape at all.
     */
    static void member(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":\"");
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == '\u2028' || c == '\u2029') {
                json.append(value, run, i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    default -> json.append(String.format("\\u%04x", (int) c));
                }
                run = i + 1;
            }
        }
        json.append(value, run, value.length()).append('"');
    }

    /**
     * Writes a problem detail.
     * @param properties extra members, such as {@code reason}; none may be a secret
     */
    void problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
            Map<String, Object> properties) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(instance(request));
        properties.forEach(problem::setProperty);
        write(response, status, problem, MediaType.APPLICATION_PROBLEM_JSON, this.problems);
    }

    private static @Nullable URI instance(HttpServletRequest request) {
        try {
            return URI.create(request.getRequestURI());
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /**
     * Writes the body without flushing it: the container then sends it with its {@code Content-Length} when the
     * request completes, in one write. A flush here would commit the response early, in chunked encoding, and cost
     * a second write per answer.
     */
    private static void write(HttpServletResponse response, HttpStatus status, Object body, MediaType mediaType,
            HttpMessageConverter<Object> converter) throws IOException {
        preventCaching(response);
        response.setStatus(status.value());
        converter.write(body, mediaType, new ServletServerHttpResponse(response));
    }

}
