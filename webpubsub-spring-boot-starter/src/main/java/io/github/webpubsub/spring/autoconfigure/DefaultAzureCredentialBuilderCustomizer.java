package io.github.webpubsub.spring.autoconfigure;

import com.azure.identity.DefaultAzureCredentialBuilder;

/**
 * Adjusts the {@link DefaultAzureCredentialBuilder} from which the starter builds the
 * Microsoft Entra ID credential of key-less mode, after the
 * {@code webpubsub.credential.*} properties were applied. Customizers run in
 * {@link org.springframework.core.annotation.Order @Order} or
 * {@link org.springframework.core.Ordered Ordered} order. They are used only when the
 * starter builds the credential: not in key mode, and not when the application defines a
 * {@code BearerTokenProvider} or an azure-core {@code TokenCredential} bean.
 *
 * <pre class="code">
 * &#64;Bean
 * DefaultAzureCredentialBuilderCustomizer userAssignedIdentityByResourceId() {
 *     // A user-assigned identity named by its resource ID rather than by its client ID.
 *     return (builder) -&gt; builder.managedIdentityResourceId(
 *             "/subscriptions/&lt;subscription&gt;/resourceGroups/&lt;group&gt;"
 *             + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/&lt;name&gt;");
 * }
 * </pre>
 */
@FunctionalInterface
public interface DefaultAzureCredentialBuilderCustomizer {

    /**
     * Customizes the builder.
     * @param builder the builder of the {@code DefaultAzureCredential}
     */
    void customize(DefaultAzureCredentialBuilder builder);

}
