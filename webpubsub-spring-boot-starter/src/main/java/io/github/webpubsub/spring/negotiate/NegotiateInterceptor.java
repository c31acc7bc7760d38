package io.github.webpubsub.spring.negotiate;

import java.io.IOException;
import java.util.Map;

import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.WebPubSubRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Runs before each {@link WebPubSubNegotiate @WebPubSubNegotiate} method (and does nothing for other handlers):
 * decides who the caller is, refuses callers who may not have a URL, and prefills the request that the method may
 * then customise.
 *
 * <p>Refusals are answered here, as {@code application/problem+json}, not handed to Spring Security's
 * {@code AuthenticationEntryPoint}: with form login that entry point redirects to the login page, which a
 * {@code fetch} follows to an HTML page with status 200. A script asking for a token must see 401 instead. To have
 * the application's entry point challenge callers (for example with {@code WWW-Authenticate: Bearer}), require
 * authentication for the path in the security filter chain, which runs first; this check is the backstop that holds
 * whatever the chain permits.
 */
final class NegotiateInterceptor implements HandlerInterceptor {

    /** The request attribute that holds the prefilled {@link ClientAccessRequest.Builder}. */
    static final String REQUEST_ATTRIBUTE = NegotiateInterceptor.class.getName() + ".request";

    private static final Log logger = LogFactory.getLog(NegotiateInterceptor.class);

    private final NegotiateEndpoints endpoints;

    private final NegotiateUserIdResolver userIdResolver;

    private final ClientPermissionsResolver permissionsResolver;

    private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
        .getContextHolderStrategy();

    private AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

    NegotiateInterceptor(NegotiateEndpoints endpoints, NegotiateUserIdResolver userIdResolver,
            ClientPermissionsResolver permissionsResolver) {
        this.endpoints = endpoints;
        this.userIdResolver = userIdResolver;
        this.permissionsResolver = permissionsResolver;
    }

    void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
        this.securityContextHolderStrategy = securityContextHolderStrategy;
    }

    void setTrustResolver(AuthenticationTrustResolver trustResolver) {
        this.trustResolver = trustResolver;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        NegotiateEndpoint endpoint = (handler instanceof HandlerMethod method) ? this.endpoints.find(method.getMethod())
                : null;
        if (endpoint == null) {
            return true;
        }
        NegotiateResponses.preventCaching(response);
        Authentication authentication = this.securityContextHolderStrategy.getContext().getAuthentication();
        boolean user = authentication != null && authentication.isAuthenticated()
                && !this.trustResolver.isAnonymous(authentication);
        String userId = user ? this.userIdResolver.resolveUserId(authentication) : null;
        if (userId == null && !endpoint.allowAnonymous()) {
            if (user) {
                return refuse(request, response, HttpStatus.FORBIDDEN,
                        "The signed-in caller has no user id for Web PubSub.");
            }
            return refuse(request, response, HttpStatus.UNAUTHORIZED,
                    "Sign in to get a Web PubSub client access URL.");
        }
        ClientAccessRequest.Builder builder = ClientAccessRequest.builder();
        try {
            builder.userId(userId);
        }
        catch (IllegalArgumentException ex) {
            return refuse(request, response, HttpStatus.BAD_REQUEST,
                    "The caller's user id cannot be a Web PubSub user id. " + ex.getMessage());
        }
        PlaceholderValues values = new PlaceholderValues(userId, pathVariables(request));
        try {
            if (authentication != null) {
                ClientPermissions permissions = this.permissionsResolver.resolve(authentication, userId);
                if (permissions == null) {
                    throw new IllegalStateException(this.permissionsResolver.getClass().getName() + " returned null; "
                            + "a ClientPermissionsResolver returns ClientPermissions.NONE to grant nothing.");
                }
                builder.roles(permissions.roles().toArray(WebPubSubRole[]::new))
                    .groups(permissions.groups());
            }
            endpoint.prefill(builder, values);
        }
        catch (InvalidClaimValueException ex) {
            return refuse(request, response, HttpStatus.BAD_REQUEST, ex.getMessage());
        }
        catch (IllegalArgumentException ex) {
            // From a ClientPermissionsResolver of the application: its message may quote the caller's data.
            if (logger.isDebugEnabled()) {
                logger.debug("ClientPermissionsResolver refused the caller of " + endpoint.name() + ": "
                        + ex.getMessage());
            }
            return refuse(request, response, HttpStatus.BAD_REQUEST,
                    "The caller's identity gives an invalid Web PubSub role or group.");
        }
        request.setAttribute(REQUEST_ATTRIBUTE, builder);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pathVariables(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return (variables instanceof Map<?, ?> map) ? (Map<String, String>) map : Map.of();
    }

    private boolean refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail) throws IOException {
        this.endpoints.responses().problem(request, response, status, detail, Map.of());
        return false;
    }

    static ClientAccessRequest.@Nullable Builder prefilled(HttpServletRequest request) {
        return (request.getAttribute(REQUEST_ATTRIBUTE) instanceof ClientAccessRequest.Builder builder) ? builder
                : null;
    }

}
