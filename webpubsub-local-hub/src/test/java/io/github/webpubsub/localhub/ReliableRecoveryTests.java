package io.github.webpubsub.localhub;

import java.net.URI;
import java.time.Duration;

import io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.github.webpubsub.localhub.HubTestClient.JSON_SUBPROTOCOL;
import static io.github.webpubsub.localhub.HubTestClient.RELIABLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reliable connection outlives a dropped WebSocket: the client comes back with the same
 * URL plus {@code awps_connection_id} and {@code awps_reconnection_token} (as the
 * official client does) and gets what it had not acknowledged, and what came meanwhile,
 * under the same connection id.
 */
class ReliableRecoveryTests {

    /**
     * A short window, so that the test of its end is quick; generous against a loaded
     * machine otherwise.
     */
    private static final Duration WINDOW = Duration.ofSeconds(3);

    @RegisterExtension
    final LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension((b) -> b.reconnectionWindow(WINDOW));

    @Test
    void droppedConnectionIsRecoveredWithUnacknowledgedAndMissedMessages() {
        URI url = urls().create((r) -> r.userId("alice").groups("lobby")).url();
        try (HubTestClient sender = connected(JSON_SUBPROTOCOL, "bob", "webpubsub.sendToGroup.lobby")) {
            HubTestClient alice = HubTestClient.connect(url, RELIABLE);
            JsonNode connected = alice.next("system");
            String connectionId = connected.path("connectionId").asString();
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"dataType\":\"text\",\"data\":\"one\"}");
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"dataType\":\"text\",\"data\":\"two\"}");
            assertThat(alice.next("message").path("sequenceId").asLong()).isEqualTo(1);
            assertThat(alice.next("message").path("sequenceId").asLong()).isEqualTo(2);
            alice.send("{\"type\":\"sequenceAck\",\"sequenceId\":1}");
            alice.assertNothingElseReceived();

            this.hub.hub().dropConnection(connectionId);
            alice.awaitEnd();
            this.hub.awaitClient((c) -> c.connectionId().equals(connectionId) && c.recovering(), HubTestClient.TIMEOUT);
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"dataType\":\"text\",\"data\":\"three\"}");
            sender.assertNothingElseReceived();

            try (HubTestClient recovered = HubTestClient.connect(recovery(url, connected), RELIABLE)) {
                JsonNode again = recovered.next("system");
                assertThat(again.path("event").asString()).isEqualTo("connected");
                assertThat(again.path("connectionId").asString()).isEqualTo(connectionId);
                JsonNode unacknowledged = recovered.next("message");
                assertThat(unacknowledged.path("sequenceId").asLong()).isEqualTo(2);
                assertThat(unacknowledged.path("data").asString()).isEqualTo("two");
                JsonNode missed = recovered.next("message");
                assertThat(missed.path("sequenceId").asLong()).isEqualTo(3);
                assertThat(missed.path("data").asString()).isEqualTo("three");
                assertThat(this.hub.hub().connectedClients()).filteredOn((c) -> c.connectionId().equals(connectionId))
                    .singleElement()
                    .satisfies((c) -> {
                        assertThat(c.recovering()).isFalse();
                        assertThat(c.groups()).containsExactly("lobby");
                    });
            }
        }
    }

    @Test
    void recoveryWithAWrongReconnectionTokenIsDeclined() {
        URI url = urls().create((r) -> r.userId("alice")).url();
        HubTestClient alice = HubTestClient.connect(url, RELIABLE);
        JsonNode connected = alice.next("system");
        this.hub.hub().dropConnection(connected.path("connectionId").asString());
        alice.awaitEnd();

        URI forged = URI.create(url + "&awps_connection_id=" + connected.path("connectionId").asString()
                + "&awps_reconnection_token=guessed");
        try (HubTestClient intruder = HubTestClient.connect(forged, RELIABLE)) {
            assertDeclined(intruder);
        }
    }

    @Test
    void connectionNotRecoveredWithinTheWindowIsGone() throws InterruptedException {
        URI url = urls().create((r) -> r.userId("alice").groups("lobby")).url();
        HubTestClient alice = HubTestClient.connect(url, RELIABLE);
        JsonNode connected = alice.next("system");
        String connectionId = connected.path("connectionId").asString();

        this.hub.hub().dropConnection(connectionId);
        alice.awaitEnd();
        long deadline = System.nanoTime() + WINDOW.plus(HubTestClient.TIMEOUT).toNanos();
        while (this.hub.hub().connectedClients().stream().anyMatch((c) -> c.connectionId().equals(connectionId))) {
            assertThat(System.nanoTime()).as("connection still kept after the window").isLessThan(deadline);
            Thread.sleep(50);
        }

        try (HubTestClient late = HubTestClient.connect(recovery(url, connected), RELIABLE)) {
            assertDeclined(late);
        }
    }

    @Test
    void clientThatClosesItsConnectionCannotRecoverIt() {
        URI url = urls().create((r) -> r.userId("alice")).url();
        JsonNode connected;
        try (HubTestClient alice = HubTestClient.connect(url, RELIABLE)) {
            connected = alice.next("system");
        }

        try (HubTestClient again = HubTestClient.connect(recovery(url, connected), RELIABLE)) {
            assertDeclined(again);
        }
    }

    @Test
    void droppedJsonConnectionIsGoneAtOnce() {
        URI url = urls().create((r) -> r.userId("bob")).url();
        HubTestClient bob = HubTestClient.connect(url, JSON_SUBPROTOCOL);
        String connectionId = bob.next("system").path("connectionId").asString();

        this.hub.hub().dropConnection(connectionId);
        bob.awaitEnd();

        long deadline = System.nanoTime() + HubTestClient.TIMEOUT.toNanos();
        while (this.hub.hub().connectedClients().stream().anyMatch((c) -> c.connectionId().equals(connectionId))) {
            assertThat(System.nanoTime()).as("the hub still has the connection").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void assertDeclined(HubTestClient client) {
        JsonNode disconnected = client.next("system");
        assertThat(disconnected.path("event").asString()).isEqualTo("disconnected");
        assertThat(disconnected.path("message").asString())
            .isEqualTo("The connection cannot be recovered; start a new connection with an access token.");
        assertThat(client.awaitClose()).as("1008: the connection is gone, do not retry it").isEqualTo(1008);
    }

    /**
     * What the official client does: the same URL, plus the connection's id and
     * reconnection token.
     */
    private static URI recovery(URI url, JsonNode connected) {
        return URI.create(url + "&awps_connection_id=" + connected.path("connectionId").asString()
                + "&awps_reconnection_token=" + connected.path("reconnectionToken").asString());
    }

    private HubTestClient connected(String subprotocol, String userId, String role) {
        HubTestClient client = HubTestClient.connect(urls().create((r) -> r.userId(userId).roles(role)).url(),
                subprotocol);
        client.next("system");
        return client;
    }

    private ClientUrlFactory urls() {
        return ClientUrlFactory.builder().connectionString(this.hub.connectionString()).hub("chat").build();
    }

}
