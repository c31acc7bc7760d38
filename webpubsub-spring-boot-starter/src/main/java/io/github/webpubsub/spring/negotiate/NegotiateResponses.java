package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
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
 * Writes the answers of negotiate endpoints through the application's own JSON message converter: the client
 * access JSON, or a {@link ProblemDetail} ({@code application/problem+json}). Every answer carries
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache}, set here rather than left to Spring Security's
 * header writer, which an application may switch off: a token must never be kept by a browser or proxy cache.
 *
 * <p>The body is a map of strings, not an object, so that the application's JSON settings (naming strategy, dates
 * as timestamps) cannot rename the keys or change {@code expiresAt} from an ISO-8601 instant.
 */
final class NegotiateResponses {

    private final HttpMessageConverter<Object> json;

    private final HttpMessageConverter<Object> problems;

    private NegotiateResponses(HttpMessageConverter<Object> json, HttpMessageConverter<Object> problems) {
        this.json = json;
        this.problems = problems;
    }

    /**
     * Picks the converters that write JSON maps and problem details, or returns {@code null} if there are none.
     */
    static @Nullable NegotiateResponses from(List<HttpMessageConverter<?>> converters) {
        HttpMessageConverter<Object> json = find(converters, LinkedHashMap.class, MediaType.APPLICATION_JSON);
        HttpMessageConverter<Object> problems = find(converters, ProblemDetail.class,
                MediaType.APPLICATION_PROBLEM_JSON);
        return (json != null && problems != null) ? new NegotiateResponses(json, problems) : null;
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
     * {@code {"endpoint","path","token","expiresAt"}}.
     */
    void access(HttpServletResponse response, ClientAccess access) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        if (access.protocol() == ClientProtocol.SOCKETIO) {
            body.put("endpoint", access.endpoint().toString());
            body.put("path", access.path());
        }
        else {
            body.put("baseUrl", access.baseUrl().toString());
            body.put("url", access.url().toString());
        }
        body.put("token", access.token());
        body.put("expiresAt", access.expiresAt().toString());
        write(response, HttpStatus.OK, body, MediaType.APPLICATION_JSON, this.json);
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

    private static void write(HttpServletResponse response, HttpStatus status, Object body, MediaType mediaType,
            HttpMessageConverter<Object> converter) throws IOException {
        preventCaching(response);
        response.setStatus(status.value());
        ServletServerHttpResponse output = new ServletServerHttpResponse(response);
        converter.write(body, mediaType, output);
        output.flush();
    }

}
