package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.ClientAccessRequest;

/**
 * Adjusts every request that goes through the auto-configured {@code ClientUrlFactory},
 * before its token is issued. Customizers run in
 * {@link org.springframework.core.annotation.Order @Order} or
 * {@link org.springframework.core.Ordered Ordered} order, each on a builder that holds
 * the request as the caller (and the customizers before it) left it.
 *
 * <pre class="code">
 * &#64;Bean
 * ClientAccessRequestCustomizer announcementsForEveryone() {
 *     return (request) -&gt; request.groups("announcements");
 * }
 * </pre>
 */
@FunctionalInterface
public interface ClientAccessRequestCustomizer {

    /**
     * Customizes a request.
     * @param request a builder holding the request; validates what is given to it
     */
    void customize(ClientAccessRequest.Builder request);

}
