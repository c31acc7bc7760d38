package io.github.webpubsub.spring.localhub;

import java.net.URI;

import io.github.webpubsub.localhub.LocalWebPubSubHub;
import io.github.webpubsub.spring.autoconfigure.WebPubSubConnectionDetails;

/**
 * The local hub's endpoint and key, for the starter's factory when no endpoint is
 * configured: as a Testcontainers service connection hands over a container's address.
 */
final class LocalHubConnectionDetails implements WebPubSubConnectionDetails {

    private final LocalWebPubSubHub hub;

    LocalHubConnectionDetails(LocalWebPubSubHub hub) {
        this.hub = hub;
    }

    @Override
    public URI getEndpoint() {
        return this.hub.endpoint();
    }

    @Override
    public String getAccessKey() {
        return this.hub.accessKey();
    }

    @Override
    public String toString() {
        return "LocalHubConnectionDetails[endpoint=" + this.hub.endpoint() + ", accessKey=******]";
    }

}
