package io.github.webpubsub.localhub;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A client connection as the hub sees it at one moment, for tests to look at.
 *
 * @param hub the hub it is connected to
 * @param connectionId its connection id, as its {@code connected} message and the REST
 * API name it
 * @param userId its user, or {@code null} for an anonymous client
 * @param groups the groups it is in
 * @param subprotocol {@code json.reliable.webpubsub.azure.v1},
 * {@code json.webpubsub.azure.v1}, or {@code null} for a plain WebSocket client
 * @param recovering whether its WebSocket dropped and the hub waits for the client to
 * recover the connection
 */
public record ConnectedClient(String hub, String connectionId, @Nullable String userId, Set<String> groups,
        @Nullable String subprotocol, boolean recovering) {

    public ConnectedClient {
        groups = Set.copyOf(groups);
    }

    static ConnectedClient of(HubConnection connection) {
        String subprotocol = switch (connection.subprotocol()) {
            case PLAIN -> null;
            case JSON -> "json.webpubsub.azure.v1";
            case RELIABLE_JSON -> "json.reliable.webpubsub.azure.v1";
        };
        return new ConnectedClient(connection.hub(), connection.id(), connection.userId(), connection.groups(),
                subprotocol, connection.isDetached());
    }

}
