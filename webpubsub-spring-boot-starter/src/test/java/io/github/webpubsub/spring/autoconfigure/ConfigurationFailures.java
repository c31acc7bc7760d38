package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure report of a context that failed to start, checked to hold no secret.
 */
final class ConfigurationFailures {

    private ConfigurationFailures() {
    }

    /**
     * Returns the report of a failed context, after checking that neither it nor any
     * message in the failure's causes contains one of the secrets.
     */
    static FailureAnalysis analysis(AssertableApplicationContext context, String... secrets) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        FailureAnalysis analysis = new WebPubSubConfigurationFailureAnalyzer(null).analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        for (String secret : secrets) {
            assertThat(analysis.getDescription()).doesNotContain(secret);
            assertThat(analysis.getAction()).doesNotContain(secret);
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret);
            }
        }
        return analysis;
    }

    /**
     * Connection details of the application's, for {@link ClientTokens#ENDPOINT}, that
     * read their key when asked.
     */
    static WebPubSubConnectionDetails connectionDetails(Supplier<@Nullable String> accessKey) {
        return connectionDetails(URI.create(ENDPOINT), accessKey);
    }

    /**
     * Connection details of the application's, with a fixed endpoint and key
     * ({@code null}: key-less mode).
     */
    static WebPubSubConnectionDetails connectionDetails(URI endpoint, @Nullable String accessKey) {
        return connectionDetails(endpoint, () -> accessKey);
    }

    private static WebPubSubConnectionDetails connectionDetails(URI endpoint, Supplier<@Nullable String> accessKey) {
        return new WebPubSubConnectionDetails() {

            @Override
            public URI getEndpoint() {
                return endpoint;
            }

            @Override
            public @Nullable String getAccessKey() {
                return accessKey.get();
            }

        };
    }

    static WebPubSubConnectionDetails connectionDetails(String accessKey) {
        return connectionDetails(() -> accessKey);
    }

}
