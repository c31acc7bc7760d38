package io.github.webpubsub.spring.negotiate;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.github.webpubsub.token.InvalidClientAccessRequestException;
import io.github.webpubsub.token.WebPubSubRole;
import io.github.webpubsub.token.WebPubSubServiceException;
import io.github.webpubsub.token.WebPubSubServiceException.Reason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.core.Authentication;

/**
 * The negotiate flow of one {@link WebPubSubNegotiate @WebPubSubNegotiate} method, the
 * same on every web stack: caller, principal, the endpoint's grants, the method's own
 * additions, the factory, the answer. A stack's adapter finds the caller's
 * {@code Authentication} and path variables, calls {@link #prefill}, invokes the method
 * with the prefilled request, calls {@link #issue}, and sends the
 * {@link NegotiateAnswer}; each step runs once.
 *
 * <p>
 * Refusals are answers, as {@code application/problem+json}, not handed to Spring
 * Security's entry point: with form login that entry point redirects to the login page,
 * which a {@code fetch} follows to an HTML page with status 200. A script asking for a
 * token must see 401 instead. To have the application's entry point challenge callers
 * (for example with {@code WWW-Authenticate: Bearer}), require authentication for the
 * path in the security filter chain, which runs first; this check is the backstop that
 * holds whatever the chain permits.
 */
final class NegotiateFlow {

    private static final Log logger = LogFactory.getLog(NegotiateFlow.class);

    private final NegotiateEndpoint endpoint;

    private final Callers callers;

    private final ClientUrlFactory clientUrlFactory;

    private final ServiceFailureLog failureLog;

    NegotiateFlow(NegotiateEndpoint endpoint, Callers callers, ClientUrlFactory clientUrlFactory,
            ServiceFailureLog failureLog) {
        this.endpoint = endpoint;
        this.callers = callers;
        this.clientUrlFactory = clientUrlFactory;
        this.failureLog = failureLog;
    }

    /**
     * Decides who the caller is and prefills the request with what the endpoint grants
     * them, or refuses them.
     * @param authentication the caller's authentication, {@code null} if there is none
     * @param pathVariables the matched path's variables, decoded
     * @param path the request's path, for problem details
     */
    Start prefill(@Nullable Authentication authentication, Map<String, String> pathVariables, String path) {
        boolean user = authentication != null && authentication.isAuthenticated()
                && !this.callers.trustResolver().isAnonymous(authentication);
        String userId = (user && authentication != null) ? this.callers.userIdResolver().resolveUserId(authentication)
                : null;
        if (userId == null && !this.endpoint.allowAnonymous()) {
            return user ? refuse(HttpStatus.FORBIDDEN, "The signed-in caller has no user id for Web PubSub.", path)
                    : refuse(HttpStatus.UNAUTHORIZED, "Sign in to get a Web PubSub client access URL.", path);
        }
        ClientAccessRequest.Builder request = ClientAccessRequest.builder();
        try {
            request.userId(userId);
        }
        catch (InvalidClientAccessRequestException ex) {
            return refuse(HttpStatus.BAD_REQUEST,
                    "The caller's user id cannot be a Web PubSub user id. " + ex.getMessage(), path);
        }
        try {
            if (authentication != null) {
                grantPermissions(authentication, userId, request);
            }
            this.endpoint.prefill(request, new PlaceholderValues(userId, pathVariables));
        }
        catch (InvalidClaimValueException ex) {
            return refuse(HttpStatus.BAD_REQUEST, ex.getMessage(), path);
        }
        catch (InvalidClientAccessRequestException | IllegalArgumentException ex) {
            // From a ClientPermissionsResolver of the application: its message may quote
            // the caller's data.
            if (logger.isDebugEnabled()) {
                logger.debug("ClientPermissionsResolver refused the caller of " + this.endpoint.name() + ": "
                        + ex.getMessage());
            }
            return refuse(HttpStatus.BAD_REQUEST, "The caller's identity gives an invalid Web PubSub role or group.",
                    path);
        }
        return new Start(request, null);
    }

    /**
     * Adds what the caller's authentication grants. The default resolver adds to the
     * request directly, so that each group is checked once, by the request; another
     * resolver's permissions are checked when they are made.
     */
    private void grantPermissions(Authentication authentication, @Nullable String userId,
            ClientAccessRequest.Builder request) {
        ClientPermissionsResolver resolver = this.callers.permissionsResolver();
        if (resolver instanceof AuthorityClientPermissionsResolver tables) {
            tables.grant(authentication, userId, request);
            return;
        }
        ClientPermissions permissions = resolver.resolve(authentication, userId);
        if (permissions == null) {
            throw new IllegalStateException(resolver.getClass().getName() + " returned null; a "
                    + "ClientPermissionsResolver returns ClientPermissions.NONE to grant nothing.");
        }
        request.roles(permissions.roles().toArray(WebPubSubRole[]::new)).groups(permissions.groups());
    }

    private static Start refuse(HttpStatus status, String detail, String path) {
        return new Start(null, NegotiateAnswer.problem(status, detail, path, Map.of()));
    }

    /**
     * Issues the request, as the method left it, through the {@link ClientUrlFactory}
     * bean, so that its customizers and metrics apply. In key mode the answer is complete
     * on return; in key-less mode it completes when the service has answered, on a thread
     * of the factory's HTTP client. A failed service call is answered 503, or 502 for a
     * malformed service answer, with a problem detail that says what to check; never with
     * a token, a stack trace or a 500. Other failures complete the answer exceptionally,
     * with the factory's exception itself.
     */
    CompletableFuture<NegotiateAnswer> issue(ClientAccessRequest.Builder request, String path) {
        // Runs at once on a future that is done (key mode), else on the thread that
        // completes it.
        return createAsync(request).handle((access, failure) -> answer(access, failure, path));
    }

    private CompletableFuture<ClientAccess> createAsync(ClientAccessRequest.Builder request) {
        ClientAccessRequest built;
        try {
            built = request.build();
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        return this.clientUrlFactory.createAsync(built);
    }

    private NegotiateAnswer answer(@Nullable ClientAccess access, @Nullable Throwable failure, String path) {
        if (failure instanceof CompletionException completion && completion.getCause() != null) {
            failure = completion.getCause();
        }
        if (failure == null && access != null) {
            this.failureLog.succeeded();
            return NegotiateAnswer.access(access);
        }
        if (failure instanceof InvalidClientAccessRequestException invalid) {
            // For example a lifetime above the maximum, set by the method body from a
            // request parameter.
            return invalidRequest(invalid, path);
        }
        if (failure instanceof WebPubSubServiceException ex) {
            HttpStatus status = (ex.reason() == Reason.MALFORMED_RESPONSE) ? HttpStatus.BAD_GATEWAY
                    : HttpStatus.SERVICE_UNAVAILABLE;
            this.failureLog.failed(this.endpoint.name(), status.value(), ex);
            return NegotiateAnswer.problem(status, detail(ex.reason()), path, Map.of("reason", ex.reason().name()));
        }
        if (failure instanceof RuntimeException ex) {
            throw ex;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("The ClientUrlFactory completed with neither a client access nor an exception",
                failure);
    }

    /**
     * Answers a request that the method body made invalid, typically with a value taken
     * from the caller, as in {@code request.groups("room-" + room)}: the value is the
     * caller's mistake, not a server error.
     */
    static NegotiateAnswer invalidRequest(InvalidClientAccessRequestException ex, String path) {
        return NegotiateAnswer.problem(HttpStatus.BAD_REQUEST,
                "The request for a Web PubSub client access URL is invalid. " + ex.getMessage(), path, Map.of());
    }

    /**
     * Describes a failure for the caller, without the server-side details of the log
     * (endpoint, hub, service text).
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

    /**
     * Returns the answer of a future that is done, or rethrows what failed it.
     */
    static NegotiateAnswer now(CompletableFuture<NegotiateAnswer> answer) {
        try {
            return answer.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
        }
    }

    NegotiateEndpoint endpoint() {
        return this.endpoint;
    }

    /**
     * The request prefilled for a caller, or the answer that refuses the caller; exactly
     * one is set.
     */
    record Start(ClientAccessRequest.@Nullable Builder request, @Nullable NegotiateAnswer refusal) {

        /** The prefilled request of a caller who was not refused. */
        ClientAccessRequest.Builder prefilled() {
            return Objects.requireNonNull(this.request, "A refused caller has no request");
        }

    }

    /**
     * What tells who a caller is and what its authentication grants; shared by every
     * endpoint.
     */
    record Callers(NegotiateUserIdResolver userIdResolver, ClientPermissionsResolver permissionsResolver,
            AuthenticationTrustResolver trustResolver) {
    }

}
