package io.github.webpubsub.spring.autoconfigure;

import io.github.webpubsub.token.BearerTokenProvider;
import io.github.webpubsub.token.ClientAccess;
import io.github.webpubsub.token.ClientUrlFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.verifiedClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Whole applications, started the way users start them: the auto-configuration is found
 * through its imports file, works next to every other auto-configuration on the class
 * path, and a misconfiguration prints Boot's failure report.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebPubSubApplicationTests {

    /** The key in webpubsub-misconfigured.yml. */
    private static final String TRUNCATED_KEY = ACCESS_KEY.substring(0, 20);

    @Test
    void autoConfigurationIsRegisteredOnlyInTheImportsFile() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
            .contains(WebPubSubAutoConfiguration.class.getName());
    }

    @Test
    void applicationGetsAWorkingFactoryAndCountsItsTokens() {
        try (ConfigurableApplicationContext context = application().run("--spring.config.name=webpubsub-configured")) {
            ClientAccess access = context.getBean(ClientUrlFactory.class).create((request) -> request.userId("alice"));
            assertThat(verifiedClaims(access, ACCESS_KEY)).containsEntry("sub", "alice")
                .containsEntry("aud", "https://contoso.webpubsub.azure.com/client/hubs/chat");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("webpubsub.client.tokens")
                .tags("outcome", "issued", "hub", "chat", "protocol", "default")
                .counter()
                .count()).isEqualTo(1);
        }
    }

    @Test
    void counterCanBeSwitchedOffLikeAnyMeter() {
        try (ConfigurableApplicationContext context = application().run("--spring.config.name=webpubsub-configured",
                "--management.metrics.enable.webpubsub=false")) {
            context.getBean(ClientUrlFactory.class).create((request) -> request.userId("alice"));
            assertThat(context.getBean(MeterRegistry.class).find("webpubsub.client.tokens").counters()).isEmpty();
        }
    }

    @Test
    void misconfigurationPrintsAFailureReportWithoutTheKey(CapturedOutput output) {
        assertThatException().isThrownBy(() -> application().run("--spring.config.name=webpubsub-misconfigured"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("'webpubsub.access-key' is invalid. Access key is 20 bytes long")
            .contains("Origin: class path resource [webpubsub-misconfigured.yml]")
            .contains("Copy a full access key (44 characters)")
            .doesNotContain(TRUNCATED_KEY);
    }

    @Test
    void keylessModeWithoutAzureIdentityPrintsAFailureReportNamingTheDependency(CapturedOutput output) {
        SpringApplication application = application(new FilteredClassLoader("com.azure.identity"));
        assertThatException().isThrownBy(() -> application.run("--spring.config.name=webpubsub-keyless"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("'webpubsub.endpoint' is set without 'webpubsub.access-key', which selects key-less mode")
            .contains("Property: webpubsub.endpoint")
            .contains("Origin: class path resource [webpubsub-keyless.yml] - 3:13")
            .contains("Add the dependency com.azure:azure-identity");
    }

    @Test
    void keylessModeWithAzureIdentityStartsWithDefaultAzureCredential() {
        try (ConfigurableApplicationContext context = application().run("--spring.config.name=webpubsub-keyless")) {
            assertThat(context.getBean(ClientUrlFactory.class).toString()).contains("ServiceTokenIssuer");
            assertThat(context.getBean(BearerTokenProvider.class)).hasToString(
                    "TokenCredentialBearerTokenProvider[credential=com.azure.identity.DefaultAzureCredential]");
        }
    }

    private static SpringApplication application() {
        return application(WebPubSubApplicationTests.class.getClassLoader());
    }

    private static SpringApplication application(ClassLoader classLoader) {
        SpringApplication application = new SpringApplication(new DefaultResourceLoader(classLoader),
                PlainApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class PlainApplication {

    }

}
