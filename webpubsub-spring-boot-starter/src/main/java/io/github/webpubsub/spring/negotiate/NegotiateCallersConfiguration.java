package io.github.webpubsub.spring.negotiate;

import java.util.stream.Collectors;

import io.github.webpubsub.spring.autoconfigure.KnownHubs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The beans that tell who a caller of a negotiate endpoint is and what its authentication
 * grants, the same on every web stack; imported by each stack's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class NegotiateCallersConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NegotiateUserIdResolver negotiateUserIdResolver() {
        return NegotiateUserIdResolver.authenticationName();
    }

    @Bean
    @ConditionalOnMissingBean(ClientPermissionsResolver.class)
    AuthorityClientPermissionsResolver clientPermissionsResolver(WebPubSubNegotiateProperties properties) {
        try {
            return new AuthorityClientPermissionsResolver(properties.getAuthorityRoles(),
                    properties.getAuthorityGroups());
        }
        catch (AuthorityClientPermissionsResolver.InvalidEntryException ex) {
            String table = ex.isRole() ? NegotiatePropertyNames.NEGOTIATE_AUTHORITY_ROLES
                    : NegotiatePropertyNames.NEGOTIATE_AUTHORITY_GROUPS;
            throw NegotiateConfigurationFailures.invalidAuthorityEntry(table, ex.authority(), ex.index(), ex.detail());
        }
    }

    /**
     * The hubs that annotated methods name, counted by name in the
     * {@code webpubsub.client.tokens} metric.
     */
    @Bean
    KnownHubs negotiateEndpointHubs(ApplicationContext context) {
        return () -> NegotiateMethod.findAll(context)
            .stream()
            .map((method) -> method.annotation().hub())
            .filter(StringUtils::hasText)
            .collect(Collectors.toSet());
    }

}
