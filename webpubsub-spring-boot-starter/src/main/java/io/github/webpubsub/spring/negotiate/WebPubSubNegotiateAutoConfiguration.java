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
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of
 * {@link WebPubSubNegotiate @WebPubSubNegotiate} endpoints in Spring MVC applications:
 * maps the annotated methods and runs their negotiate flow. It needs Spring Security,
 * which tells who asks; using the annotation without it fails startup. Backs off with
 * {@code webpubsub.enabled=false}, outside servlet web applications, and without a
 * {@code ClientUrlFactory}: the annotated paths are then not mapped at all.
 * {@link WebPubSubReactiveNegotiateAutoConfiguration} is its WebFlux twin.
 *
 * <p>
 * Beans to replace: {@link NegotiateUserIdResolver} (the user id) and
 * {@link ClientPermissionsResolver} (roles and groups from the {@code Authentication}).
 */
// Spring MVC's auto-configuration as named in Boot 4 and in Boot 3: each name exists on
// one line only.
@AutoConfiguration(after = WebPubSubAutoConfiguration.class,
        afterName = { "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
                "org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, ClientUrlFactory.class })
@ConditionalOnBooleanProperty(name = NegotiatePropertyNames.ENABLED, matchIfMissing = true)
@ConditionalOnBean(ClientUrlFactory.class)
@EnableConfigurationProperties({ WebPubSubNegotiateProperties.class, WebPubSubProperties.class })
public final class WebPubSubNegotiateAutoConfiguration {

    static final String SECURITY_CONTEXT_HOLDER = "org.springframework.security.core.context.SecurityContextHolder";

    static final String SECURITY_FILTER_CHAIN = "org.springframework.security.web.SecurityFilterChain";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = { SECURITY_CONTEXT_HOLDER, SECURITY_FILTER_CHAIN })
    @Import(NegotiateCallersConfiguration.class)
    static class SecuredNegotiateConfiguration {

        @Bean
        ServletNegotiateHandlerAdapter negotiateHandlerAdapter(
                ObjectProvider<SecurityContextHolderStrategy> securityContextHolderStrategy) {
            ServletNegotiateHandlerAdapter adapter = new ServletNegotiateHandlerAdapter();
            securityContextHolderStrategy.ifUnique(adapter::setSecurityContextHolderStrategy);
            return adapter;
        }

        @Bean
        NegotiateWebMvcConfigurer negotiateWebMvcConfigurer() {
            return new NegotiateWebMvcConfigurer();
        }

        @Bean
        NegotiateEndpointRegistrar negotiateEndpointRegistrar(NegotiateUserIdResolver userIdResolver,
                ClientPermissionsResolver permissionsResolver,
                ObjectProvider<AuthenticationTrustResolver> trustResolver, ClientUrlFactory clientUrlFactory,
                WebPubSubProperties properties) {
            return new NegotiateEndpointRegistrar(ServletNegotiateMappings::new,
                    callers(userIdResolver, permissionsResolver, trustResolver), clientUrlFactory,
                    properties.getToken().getMaxLifetime(), hasDefaultHub(clientUrlFactory, properties));
        }

    }

    /**
     * Tells whether requests that name no hub get one: {@code webpubsub.hub}, or the
     * factory's own default.
     */
    static boolean hasDefaultHub(ClientUrlFactory clientUrlFactory, WebPubSubProperties properties) {
        return clientUrlFactory.defaultHub().isPresent() || StringUtils.hasText(properties.getHub());
    }

    static NegotiateFlow.Callers callers(NegotiateUserIdResolver userIdResolver,
            ClientPermissionsResolver permissionsResolver, ObjectProvider<AuthenticationTrustResolver> trustResolver) {
        return new NegotiateFlow.Callers(userIdResolver, permissionsResolver,
                trustResolver.getIfUnique(AuthenticationTrustResolverImpl::new));
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(SpringSecurityMissingCondition.class)
    static class UnsecuredNegotiateConfiguration {

        @Bean
        static SpringSecurityRequiredCheck webPubSubNegotiateSpringSecurityRequiredCheck() {
            return new SpringSecurityRequiredCheck(NegotiateConfigurationFailures::springSecurityMissing);
        }

    }

    /**
     * Matches when Spring Security's core or web module is missing.
     */
    static final class SpringSecurityMissingCondition extends NoneNestedConditions {

        SpringSecurityMissingCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnClass(name = { SECURITY_CONTEXT_HOLDER, SECURITY_FILTER_CHAIN })
        static class SpringSecurityPresent {

        }

    }

}
