package io.github.webpubsub.token;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audience and client URL of each hub are kept per protocol in a bounded cache: what
 * it returns must not depend on whether a hub is cached, cached for another protocol, or
 * past the bound.
 */
class HubAddressCacheTests {

    private final ServiceEndpoint endpoint = ServiceEndpoint.parse("https://demo.webpubsub.azure.com:8443/proxy",
            "Endpoint");

    @Test
    void everyHubOfEveryProtocolGetsItsOwnAddressesAlsoPastTheCacheBound() {
        for (int i = 0; i < 3 * ServiceEndpoint.MAX_CACHED_HUBS; i++) {
            for (ClientProtocol protocol : ClientProtocol.values()) {
                assertAddresses(protocol, "hub" + i);
            }
        }
        // Asked again, now that the cache is full: hubs inside and past the bound.
        for (ClientProtocol protocol : ClientProtocol.values()) {
            assertAddresses(protocol, "hub0");
            assertAddresses(protocol, "hub" + (3 * ServiceEndpoint.MAX_CACHED_HUBS - 1));
        }
    }

    @Test
    void aHubCachedForOneProtocolKeepsTheHubPathOfEachOther() {
        assertAddresses(ClientProtocol.DEFAULT, "chat");
        assertAddresses(ClientProtocol.MQTT, "chat");
        assertAddresses(ClientProtocol.SOCKETIO, "chat");
        assertAddresses(ClientProtocol.DEFAULT, "chat");
    }

    @Test
    void aCachedHubGetsTheSameAddressesEachTime() {
        URI audience = this.endpoint.audience(ClientProtocol.DEFAULT, "chat");
        URI clientBaseUrl = this.endpoint.clientBaseUrl(ClientProtocol.DEFAULT, "chat");
        assertThat(this.endpoint.audience(ClientProtocol.DEFAULT, "chat")).isSameAs(audience);
        assertThat(this.endpoint.clientBaseUrl(ClientProtocol.DEFAULT, "chat")).isSameAs(clientBaseUrl);
    }

    @Test
    void threadsRacingToFillTheCacheEachGetTheRightAddresses() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 2 * ServiceEndpoint.MAX_CACHED_HUBS; i++) {
                        for (ClientProtocol protocol : ClientProtocol.values()) {
                            assertAddresses(protocol, "Hub_" + i);
                        }
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    private void assertAddresses(ClientProtocol protocol, String hub) {
        String path = switch (protocol) {
            case DEFAULT -> "/proxy/client/hubs/";
            case MQTT -> "/proxy/clients/mqtt/hubs/";
            case SOCKETIO -> "/proxy/clients/socketio/hubs/";
        };
        assertThat(this.endpoint.audience(protocol, hub))
            .hasToString("https://demo.webpubsub.azure.com:8443" + path + hub);
        assertThat(this.endpoint.clientBaseUrl(protocol, hub))
            .hasToString("wss://demo.webpubsub.azure.com:8443" + path + hub);
    }

}
