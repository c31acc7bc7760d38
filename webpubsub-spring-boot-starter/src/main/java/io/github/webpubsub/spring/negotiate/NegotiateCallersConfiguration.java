package io.github.webpubsub.spring.negotiate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans that tell who a caller of a negotiate endpoint is and what its authentication grants, the same on every
 * web stack; imported by each stack's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class NegotiateCallersConfiguration {

    static final String AUTHORITY_ROLES = "webpubsub.negotiate.authority-roles";

    static final String AUTHORITY_GROUPS = "webpubsub.negotiate.authority-groups";

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
            throw WebPubSubNegotiateConfigurationException.invalidAuthorityEntry(
                    ex.isRole() ? AUTHORITY_ROLES : AUTHORITY_GROUPS, ex.authority(), ex.index(), ex.detail());
        }
    }

}
