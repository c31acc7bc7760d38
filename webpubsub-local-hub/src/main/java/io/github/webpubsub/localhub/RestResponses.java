package io.github.webpubsub.localhub;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answers the service gives, in its shapes: a refused token is {@code 401} with an
 * empty body and a {@code WWW-Authenticate} challenge in ASP.NET Core's words
 * ({@code Bearer error="invalid_token",
 * error_description="The signature is invalid"}); other errors are Azure's error
 * response, {@code {"error":{"code":..,"message":..}}}, with the code also in
 * {@code x-ms-error-code}.
 */
final class RestResponses {

    private RestResponses() {
    }

    static Mono<Void> unauthorized(HttpServerResponse response, InvalidAccessTokenException ex) {
        String challenge = "Bearer";
        if (ex.reason() != InvalidAccessTokenException.Reason.MISSING) {
            challenge += " error=\"invalid_token\"";
            if (!ex.serviceDescription().isEmpty()) {
                challenge += ", error_description=\"" + ex.serviceDescription() + "\"";
            }
        }
        return response.status(HttpResponseStatus.UNAUTHORIZED)
            .header(HttpHeaderNames.WWW_AUTHENTICATE, challenge)
            .header(HttpHeaderNames.CONTENT_LENGTH, "0")
            .send();
    }

    static Mono<Void> error(HttpServerResponse response, HttpResponseStatus status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("error").put("code", code).put("message", message);
        return json(response.header("x-ms-error-code", code), status, body);
    }

    static Mono<Void> json(HttpServerResponse response, HttpResponseStatus status, ObjectNode body) {
        return response.status(status)
            .header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
            .sendString(Mono.just(SignedTokens.JSON.writeValueAsString(body)))
            .then();
    }

    static Mono<Void> status(HttpServerResponse response, HttpResponseStatus status) {
        return response.status(status).header(HttpHeaderNames.CONTENT_LENGTH, "0").send();
    }

}
