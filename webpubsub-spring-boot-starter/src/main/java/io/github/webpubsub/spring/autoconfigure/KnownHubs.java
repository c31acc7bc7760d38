package io.github.webpubsub.spring.autoconfigure;

import java.util.Set;

/**
 * Names hubs that the application serves, so that the {@code webpubsub.client.tokens}
 * counter tags their tokens with the hub's name. Tokens of any other hub are counted
 * under the tag value {@code other}: an endpoint that takes the hub from its path must
 * not let callers create a meter per name they make up. The {@code webpubsub.hub}
 * property and the hubs named by {@code @WebPubSubNegotiate} methods are known already;
 * define a bean for the hubs that your own code passes to the {@code ClientUrlFactory}.
 *
 * <pre class="code">
 * &#64;Bean
 * KnownHubs reportingHubs() {
 *     return () -&gt; Set.of("dashboard", "alerts");
 * }
 * </pre>
 *
 * The names of every {@code KnownHubs} bean are read once, when the application context
 * has been refreshed.
 */
@FunctionalInterface
public interface KnownHubs {

    /**
     * Returns the names of hubs to count by name.
     * @return hub names, a bounded set
     */
    Set<String> names();

}
