package io.github.webpubsub.spring.autoconfigure;

import java.util.regex.Pattern;

import com.azure.identity.DefaultAzureCredentialBuilder;

import org.springframework.util.StringUtils;

import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.CREDENTIAL_MANAGED_IDENTITY_CLIENT_ID;
import static io.github.webpubsub.spring.autoconfigure.WebPubSubPropertyNames.CREDENTIAL_TENANT_ID;

/**
 * Checks the {@code webpubsub.credential.*} properties and applies them to a
 * {@link DefaultAzureCredentialBuilder}. Checked here rather than left to azure-identity,
 * so that the report names the property (azure-identity's own messages do not) and a
 * mistyped ID fails at startup rather than at the first token.
 */
final class CredentialProperties {

    /** Client IDs of managed identities are GUIDs. */
    private static final Pattern GUID = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * A tenant is named by its GUID or one of its domains; azure-identity accepts these
     * characters only.
     */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9.-]+");

    private final WebPubSubProperties.Credential credential;

    CredentialProperties(WebPubSubProperties.Credential credential) {
        this.credential = credential;
    }

    void applyTo(DefaultAzureCredentialBuilder builder) {
        String clientId = this.credential.getManagedIdentityClientId();
        if (StringUtils.hasText(clientId)) {
            if (!GUID.matcher(clientId.strip()).matches()) {
                String property = CREDENTIAL_MANAGED_IDENTITY_CLIENT_ID;
                throw new WebPubSubConfigurationException(property,
                        "'" + property + "' is not a client ID: a client ID is a GUID such as "
                                + "00000000-0000-0000-0000-000000000000.",
                        "Copy the Client ID from the Overview page of the user-assigned managed identity into '"
                                + property + "', or remove it to use the system-assigned identity.");
            }
            builder.managedIdentityClientId(clientId.strip());
        }
        String tenantId = this.credential.getTenantId();
        if (StringUtils.hasText(tenantId)) {
            if (!TENANT.matcher(tenantId.strip()).matches()) {
                String property = CREDENTIAL_TENANT_ID;
                throw new WebPubSubConfigurationException(property,
                        "'" + property + "' is not a tenant ID: use the tenant's GUID or one of its domain names, "
                                + "such as contoso.onmicrosoft.com.",
                        "Copy the Tenant ID from the Overview page of Microsoft Entra ID into '" + property
                                + "', or remove it to use the default tenant of the signed-in developer tools.");
            }
            builder.tenantId(tenantId.strip());
        }
    }

}
