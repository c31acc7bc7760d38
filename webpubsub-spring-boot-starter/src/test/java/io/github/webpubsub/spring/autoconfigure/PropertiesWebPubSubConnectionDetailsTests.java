package io.github.webpubsub.spring.autoconfigure;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ACCESS_KEY;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.CONNECTION_STRING;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.ENDPOINT;
import static io.github.webpubsub.spring.autoconfigure.ClientTokens.OTHER_ACCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PropertiesWebPubSubConnectionDetails} parses a connection string once per text.
 * A parse creates new values (the core builds a new endpoint {@link URI} each time it is
 * asked), so getting the very same instances again shows that the text was not parsed
 * again, and getting new ones that it was.
 */
class PropertiesWebPubSubConnectionDetailsTests {

    private static final String OTHER_ENDPOINT = "https://fabrikam.webpubsub.azure.com";

    private static final String OTHER_CONNECTION_STRING = "Endpoint=" + OTHER_ENDPOINT + ";AccessKey="
            + OTHER_ACCESS_KEY + ";Version=1.0;";

    private final WebPubSubProperties properties = new WebPubSubProperties();

    private final MockEnvironment environment = new MockEnvironment();

    private final PropertiesWebPubSubConnectionDetails details = new PropertiesWebPubSubConnectionDetails(
            this.properties, this.environment);

    @Test
    void aConnectionStringIsParsedOnceForAllCalls() {
        this.properties.setConnectionString(CONNECTION_STRING);
        URI endpoint = this.details.getEndpoint();
        String accessKey = this.details.getAccessKey();
        assertThat(endpoint).isEqualTo(URI.create(ENDPOINT));
        assertThat(accessKey).isEqualTo(ACCESS_KEY);
        for (int i = 0; i < 3; i++) {
            assertThat(this.details.getEndpoint()).isSameAs(endpoint);
            assertThat(this.details.getAccessKey()).isSameAs(accessKey);
            assertThat(this.details.endpointProperty()).isEqualTo("webpubsub.connection-string");
        }
    }

    @Test
    void anEqualTextIsNotParsedAgain() {
        this.properties.setConnectionString(CONNECTION_STRING);
        URI endpoint = this.details.getEndpoint();
        // What a rebinding with unchanged values sets: an equal text, not the same
        // instance.
        this.properties.setConnectionString(new String(CONNECTION_STRING));
        assertThat(this.details.getEndpoint()).isSameAs(endpoint);
    }

    @Test
    void aChangedConnectionStringIsParsedAgain() {
        this.properties.setConnectionString(CONNECTION_STRING);
        URI endpoint = this.details.getEndpoint();
        // As a refresh of the properties rebinds it.
        this.properties.setConnectionString(OTHER_CONNECTION_STRING);
        assertThat(this.details.getEndpoint()).isEqualTo(URI.create(OTHER_ENDPOINT));
        assertThat(this.details.getAccessKey()).isEqualTo(OTHER_ACCESS_KEY);
        this.properties.setConnectionString(CONNECTION_STRING);
        assertThat(this.details.getEndpoint()).isEqualTo(endpoint).isNotSameAs(endpoint);
        assertThat(this.details.getAccessKey()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void aChangedServiceConnectorVariableIsParsedAgain() {
        this.environment.setProperty("AZURE_WEBPUBSUB_CONNECTIONSTRING", CONNECTION_STRING);
        URI endpoint = this.details.getEndpoint();
        assertThat(this.details.getEndpoint()).isSameAs(endpoint).isEqualTo(URI.create(ENDPOINT));
        assertThat(this.details.endpointProperty()).isEqualTo("AZURE_WEBPUBSUB_CONNECTIONSTRING");
        this.environment.setProperty("AZURE_WEBPUBSUB_CONNECTIONSTRING", OTHER_CONNECTION_STRING);
        assertThat(this.details.getEndpoint()).isEqualTo(URI.create(OTHER_ENDPOINT));
        assertThat(this.details.getAccessKey()).isEqualTo(OTHER_ACCESS_KEY);
    }

    @Test
    void aConnectionStringThatBecomesInvalidIsReportedAndItsFixSeen() {
        this.properties.setConnectionString(CONNECTION_STRING);
        this.details.getEndpoint();
        this.properties.setConnectionString("Endpoint=" + OTHER_ENDPOINT + ";Version=1.0;");
        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(WebPubSubConfigurationException.class).isThrownBy(this.details::getAccessKey)
                .withMessageStartingWith("'webpubsub.connection-string' is invalid. ")
                .satisfies((ex) -> assertThat(ex.getPropertyName()).isEqualTo("webpubsub.connection-string"));
        }
        this.properties.setConnectionString(OTHER_CONNECTION_STRING);
        assertThat(this.details.getAccessKey()).isEqualTo(OTHER_ACCESS_KEY);
    }

}
