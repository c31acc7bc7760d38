package io.github.webpubsub.token;

import java.time.Duration;
import java.util.List;

import com.azure.core.http.HttpClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import com.azure.messaging.webpubsub.models.WebPubSubClientProtocol;
import reactor.core.publisher.Mono;

/**
 * The official Java SDK ({@code com.azure:azure-messaging-webpubsub}), used as an
 * independent reference.
 */
final class OfficialSdk {

    /**
     * Signing with the access key happens locally, so the SDK never sends a request; this
     * client says so if it did.
     */
    private static final HttpClient NO_NETWORK = request -> Mono
        .error(new UnsupportedOperationException("The official SDK must not call the service in these tests"));

    private OfficialSdk() {
    }

    static WebPubSubServiceClient client(String connectionString, String hub) {
        return new WebPubSubServiceClientBuilder().connectionString(connectionString)
            .hub(hub)
            .httpClient(NO_NETWORK)
            .buildClient();
    }

    static WebPubSubClientAccessToken clientAccessToken(String connectionString, String hub, ClientProtocol protocol,
            String userId, List<String> roles, List<String> groups, Duration lifetime) {
        GetClientAccessTokenOptions options = new GetClientAccessTokenOptions()
            .setWebPubSubClientProtocol(protocolOf(protocol))
            .setUserId(userId)
            .setRoles(roles)
            .setGroups(groups)
            .setExpiresAfter(lifetime);
        return client(connectionString, hub).getClientAccessToken(options);
    }

    static WebPubSubClientAccessToken clientAccessToken(String connectionString, String hub) {
        return client(connectionString, hub).getClientAccessToken(new GetClientAccessTokenOptions());
    }

    static WebPubSubClientProtocol protocolOf(ClientProtocol protocol) {
        return switch (protocol) {
            case DEFAULT -> WebPubSubClientProtocol.DEFAULT;
            case MQTT -> WebPubSubClientProtocol.MQTT;
            case SOCKETIO -> WebPubSubClientProtocol.SOCKET_IO;
        };
    }

}
