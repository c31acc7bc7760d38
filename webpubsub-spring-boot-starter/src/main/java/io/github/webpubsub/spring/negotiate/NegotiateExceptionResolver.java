package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.github.webpubsub.token.InvalidClientAccessRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers 400 when the body of a {@link WebPubSubNegotiate @WebPubSubNegotiate} method puts an invalid value into
 * the prefilled request, typically one taken from the caller, as in {@code request.groups("room-" + room)}: the
 * value is the caller's mistake, not a server error. Other exceptions, and those of other handlers, are left to the
 * application's resolvers.
 */
final class NegotiateExceptionResolver implements HandlerExceptionResolver, Ordered {

    private final NegotiateEndpoints endpoints;

    NegotiateExceptionResolver(NegotiateEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        if (!(ex instanceof InvalidClientAccessRequestException invalid) || !(handler instanceof HandlerMethod method)
                || this.endpoints.find(method.getMethod()) == null) {
            return null;
        }
        try {
            this.endpoints.responses().problem(request, response, HttpStatus.BAD_REQUEST, detail(invalid), Map.of());
        }
        catch (IOException writeFailure) {
            throw new UncheckedIOException(writeFailure);
        }
        return new ModelAndView();
    }

    static String detail(InvalidClientAccessRequestException ex) {
        return "The request for a Web PubSub client access URL is invalid. " + ex.getMessage();
    }

}
