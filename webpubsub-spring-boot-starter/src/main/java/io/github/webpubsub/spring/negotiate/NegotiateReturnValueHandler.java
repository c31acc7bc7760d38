package io.github.webpubsub.spring.negotiate;

import java.util.Map;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubServiceException;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Answers a {@link WebPubSubNegotiate @WebPubSubNegotiate} method once it has returned: issues the prefilled (and
 * perhaps customised) request through the {@link ClientUrlFactory} bean, so that its customizers and metrics
 * apply, and writes the client access JSON. It is placed first among the adapter's return value handlers, ahead of
 * the one that would otherwise write nothing for a {@code void} method of a {@code @RestController}.
 *
 * <p>A failed service call (key-less mode) is answered 503, or 502 for a malformed service answer, with a problem
 * detail that says what to check; never with a token, a stack trace or a 500.
 */
final class NegotiateReturnValueHandler implements HandlerMethodReturnValueHandler {

    private final NegotiateEndpoints endpoints;

    private final ClientUrlFactory clientUrlFactory;

    private final ServiceFailureLog failureLog = new ServiceFailureLog();

    NegotiateReturnValueHandler(NegotiateEndpoints endpoints, ClientUrlFactory clientUrlFactory) {
        this.endpoints = endpoints;
        this.clientUrlFactory = clientUrlFactory;
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return this.endpoints.find(returnType.getMethod()) != null;
    }

    @Override
    public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
            ModelAndViewContainer mavContainer, NativeWebRequest webRequest) throws Exception {
        mavContainer.setRequestHandled(true);
        NegotiateEndpoint endpoint = this.endpoints.find(returnType.getMethod());
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
        ClientAccessRequest.Builder prefilled = (request != null) ? NegotiateInterceptor.prefilled(request) : null;
        if (endpoint == null || prefilled == null || response == null) {
            // Never issue a token without the caller checks.
            throw new IllegalStateException("No prefilled ClientAccessRequest for " + returnType.getExecutable()
                    + ": the negotiate interceptor did not run.");
        }
        ClientAccess access;
        try {
            access = this.clientUrlFactory.create(prefilled.build());
        }
        catch (InvalidClientAccessRequestException ex) {
            // For example a lifetime above the maximum, set by the method body from a request parameter.
            this.endpoints.responses()
                .problem(request, response, HttpStatus.BAD_REQUEST, NegotiateExceptionResolver.detail(ex), Map.of());
            return;
        }
        catch (WebPubSubServiceException ex) {
            HttpStatus status = (ex.reason() == Reason.MALFORMED_RESPONSE) ? HttpStatus.BAD_GATEWAY
                    : HttpStatus.SERVICE_UNAVAILABLE;
            this.failureLog.failed(endpoint.name(), status.value(), ex);
            this.endpoints.responses()
                .problem(request, response, status, detail(ex.reason()), Map.of("reason", ex.reason().name()));
            return;
        }
        this.failureLog.succeeded();
        this.endpoints.responses().access(response, access);
    }

    /**
     * Describes a failure for the caller, without the server-side details of the log (endpoint, hub, service text).
     */
    static String detail(Reason reason) {
        return switch (reason) {
            case UNAUTHORIZED -> "The Web PubSub service refused this server's identity. Check that the server's "
                    + "Microsoft Entra ID identity has the 'Web PubSub Service Owner' role on the resource.";
            case NOT_FOUND -> "The Web PubSub service does not know the configured endpoint or hub. Check the "
                    + "server's Web PubSub endpoint and hub.";
            case REJECTED -> "The Web PubSub service rejected the token request. The server log says why.";
            case UNAVAILABLE -> "The Web PubSub service could not be reached or kept failing. Try again later.";
            case MALFORMED_RESPONSE -> "The Web PubSub service answered without a well-formed client token. Check "
                    + "that the server's Web PubSub endpoint routes to the service.";
        };
    }

}
