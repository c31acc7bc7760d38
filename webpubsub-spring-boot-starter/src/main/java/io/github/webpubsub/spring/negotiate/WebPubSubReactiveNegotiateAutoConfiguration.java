package io.github.webpubsub.spring.negotiate;

import io.github.webpubsub.spring.autoconfigure.WebPubSubAutoConfiguration;
import io.github.webpubsub.spring.autoconfigure.WebPubSubProperties;
import io.github.webpubsub.token.ClientUrlFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of
 * {@link WebPubSubNegotiate @WebPubSubNegotiate} endpoints in WebFlux applications, the
 * twin of {@link WebPubSubNegotiateAutoConfiguration}: the same annotation, flow and
 * answers, with the caller taken from Spring Security's
 * {@code ReactiveSecurityContextHolder}. Using the annotation without reactive Spring
 * Security fails startup. Backs off with {@code webpubsub.enabled=false}, outside
 * reactive web applications (an application with both Spring MVC and WebFlux gets the
 * endpoints of the stack that Spring Boot runs), and without a {@code ClientUrlFactory}.
 */
@AutoConfiguration(after = WebPubSubAutoConfiguration.class,
        afterName = { "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration",
                "org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ DispatcherHandler.class, ClientUrlFactory.class })
@ConditionalOnBooleanProperty(name = NegotiatePropertyNames.ENABLED, matchIfMissing = true)
@ConditionalOnBean(ClientUrlFactory.class)
@EnableConfigurationProperties({ WebPubSubNegotiateProperties.class, WebPubSubProperties.class })
public final class WebPubSubReactiveNegotiateAutoConfiguration {

    static final String REACTIVE_SECURITY_CONTEXT_HOLDER = "org.springframework.security.core.context."
            + "ReactiveSecurityContextHolder";

    static final String SECURITY_WEB_FILTER_CHAIN = "org.springframework.security.web.server.SecurityWebFilterChain";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = { REACTIVE_SECURITY_CONTEXT_HOLDER, SECURITY_WEB_FILTER_CHAIN })
    @Import(NegotiateCallersConfiguration.class)
    static class SecuredReactiveNegotiateConfiguration {

        @Bean
        ReactiveNegotiateHandlerAdapter reactiveNegotiateHandlerAdapter() {
            return new ReactiveNegotiateHandlerAdapter();
        }

        @Bean
        NegotiateWebFluxConfigurer negotiateWebFluxConfigurer() {
            return new NegotiateWebFluxConfigurer();
        }

        @Bean
        NegotiateEndpointRegistrar reactiveNegotiateEndpointRegistrar(NegotiateUserIdResolver userIdResolver,
                ClientPermissionsResolver permissionsResolver,
                ObjectProvider<AuthenticationTrustResolver> trustResolver, ClientUrlFactory clientUrlFactory,
                WebPubSubProperties properties) {
            return new NegotiateEndpointRegistrar(ReactiveNegotiateMappings::new,
                    WebPubSubNegotiateAutoConfiguration.callers(userIdResolver, permissionsResolver, trustResolver),
                    clientUrlFactory, properties.getToken().getMaxLifetime(),
                    WebPubSubNegotiateAutoConfiguration.hasDefaultHub(clientUrlFactory, properties));
        }

    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(ReactiveSpringSecurityMissingCondition.class)
    static class UnsecuredReactiveNegotiateConfiguration {

        @Bean
        static SpringSecurityRequiredCheck webPubSubReactiveNegotiateSpringSecurityRequiredCheck() {
            return new SpringSecurityRequiredCheck(NegotiateConfigurationFailures::reactiveSpringSecurityMissing);
        }

    }

    /**
     * Matches when Spring Security's core module or its reactive web support is missing.
     */
    static final class ReactiveSpringSecurityMissingCondition extends NoneNestedConditions {

        ReactiveSpringSecurityMissingCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnClass(name = { REACTIVE_SECURITY_CONTEXT_HOLDER, SECURITY_WEB_FILTER_CHAIN })
        static class ReactiveSpringSecurityPresent {

        }

    }

}
