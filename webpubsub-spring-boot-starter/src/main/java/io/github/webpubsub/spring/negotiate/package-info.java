/**
 * {@link io.github.webpubsub.spring.negotiate.WebPubSubNegotiate @WebPubSubNegotiate}:
 * negotiate endpoints for Spring MVC and WebFlux applications secured by Spring Security,
 * which hand each authenticated caller a Client Access URL whose user id, roles and
 * groups come from its {@code Authentication}.
 *
 * <p>
 * The flow, in one direction: {@code NegotiateFlow} (caller, principal, the endpoint's
 * grants from {@code NegotiateEndpoint}, then, after the method's own additions, the
 * factory and the {@code NegotiateAnswer}) is the same on both stacks;
 * {@code ServletNegotiateHandlerAdapter} and {@code ReactiveNegotiateHandlerAdapter} are
 * the thin per-stack adapters that run it, and {@code NegotiateEndpointRegistrar} checks
 * and maps the methods.
 */
@NullMarked
package io.github.webpubsub.spring.negotiate;

import org.jspecify.annotations.NullMarked;
