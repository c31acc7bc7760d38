package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.ClientUrlFactory;

/**
 * Adjusts the {@link ClientUrlFactory.Builder} before the auto-configured
 * {@code ClientUrlFactory} is built. The {@code webpubsub.*} properties and the
 * connection details are applied first, by a customizer of order 0; a customizer with the
 * default (lowest) precedence runs after it and can override them.
 *
 * <pre class="code">
 * &#64;Bean
 * ClientUrlFactoryBuilderCustomizer clientUrlFactoryClock(Clock clock) {
 *     return (builder) -&gt; builder.clock(clock);
 * }
 * </pre>
 */
@FunctionalInterface
public interface ClientUrlFactoryBuilderCustomizer {

    /**
     * Customizes the builder.
     * @param builder the builder of the factory
     */
    void customize(ClientUrlFactory.Builder builder);

}
