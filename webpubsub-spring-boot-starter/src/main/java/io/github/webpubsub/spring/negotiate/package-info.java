/**
 * {@link io.github.webpubsub.spring.negotiate.WebPubSubNegotiate @WebPubSubNegotiate}: negotiate endpoints for
 * Spring MVC applications secured by Spring Security, which hand each authenticated caller a Client Access URL
 * whose user id, roles and groups come from its {@code Authentication}.
 */
@NullMarked
package io.github.webpubsub.spring.negotiate;

import org.jspecify.annotations.NullMarked;
