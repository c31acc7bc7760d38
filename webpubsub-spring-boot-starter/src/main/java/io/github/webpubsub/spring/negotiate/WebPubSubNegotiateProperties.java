package io.github.webpubsub.spring.negotiate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of {@link WebPubSubNegotiate @WebPubSubNegotiate} endpoints,
 * under {@code webpubsub.negotiate}: which roles and groups each Spring Security
 * authority grants.
 *
 * <pre>{@code
 * webpubsub:
 *   negotiate:
 *     authority-roles:
 *       ROLE_ADMIN: [webpubsub.sendToGroup, webpubsub.joinLeaveGroup]
 *       ROLE_USER: [webpubsub.sendToGroup.lobby, "webpubsub.sendToGroup.user-{userId}"]
 *       "[SCOPE_chat:write]": [webpubsub.sendToGroup.lobby]
 *     authority-groups:
 *       ROLE_USER: ["user-{userId}"]
 * }</pre>
 *
 * <p>
 * Authorities are map keys: write one that holds other characters than letters, digits,
 * {@code -}, {@code _} and {@code .} in brackets, as {@code "[SCOPE_chat:write]"} above,
 * or Spring Boot drops those characters from the key and the authority never matches.
 */
@ConfigurationProperties("webpubsub.negotiate")
public class WebPubSubNegotiateProperties {

    /**
     * Web PubSub roles granted for each Spring Security authority (such as ROLE_ADMIN or
     * SCOPE_chat), checked at startup. Values may use the {userId} placeholder. Unmapped
     * authorities grant nothing.
     */
    private Map<String, List<String>> authorityRoles = new LinkedHashMap<>();

    /**
     * Groups joined on connect for each Spring Security authority, checked at startup.
     * Values may use the {userId} placeholder. Unmapped authorities add no group.
     */
    private Map<String, List<String>> authorityGroups = new LinkedHashMap<>();

    public Map<String, List<String>> getAuthorityRoles() {
        return this.authorityRoles;
    }

    public void setAuthorityRoles(Map<String, List<String>> authorityRoles) {
        this.authorityRoles = authorityRoles;
    }

    public Map<String, List<String>> getAuthorityGroups() {
        return this.authorityGroups;
    }

    public void setAuthorityGroups(Map<String, List<String>> authorityGroups) {
        this.authorityGroups = authorityGroups;
    }

    @Override
    public String toString() {
        return "WebPubSubNegotiateProperties[authorityRoles=" + this.authorityRoles + ", authorityGroups="
                + this.authorityGroups + "]";
    }

}
