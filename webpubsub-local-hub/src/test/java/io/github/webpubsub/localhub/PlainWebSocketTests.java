package io.github.webpubsub.localhub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.webpubsub.localhub.ClientMessage.DataType;
import io.github.webpubsub.localhub.ClientMessage.Kind;
import io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain WebSocket clients, which ask for no subprotocol: what they send is an upstream
 * message, kept for tests as it is; what a group they are in receives reaches them as it
 * is, with no JSON envelope.
 */
class PlainWebSocketTests {

    @RegisterExtension
    static final LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension();

    @Test
    void plainClientIsAcceptedWithoutASubprotocolAndGetsNoConnectedMessage() throws InterruptedException {
        try (HubTestClient client = HubTestClient.connect(url("alice"), null)) {
            assertThat(client.subprotocol()).isEmpty();
            hub.awaitClient((c) -> "alice".equals(c.userId()) && c.subprotocol() == null, HubTestClient.TIMEOUT);
            client.assertNoFrameWithin(Duration.ofMillis(300));
        }
    }

    @Test
    void textAndBinaryFramesAreKeptAsTheyCame() {
        try (HubTestClient client = HubTestClient.connect(url("alice"), null)) {
            client.send("{\"not\":\"an envelope\"}");
            client.sendBinary(new byte[] { 0, 1, (byte) 0xff });

            ClientMessage text = hub.awaitMessage((m) -> m.dataType() == DataType.TEXT, HubTestClient.TIMEOUT);
            ClientMessage binary = hub.awaitMessage((m) -> m.dataType() == DataType.BINARY, HubTestClient.TIMEOUT);
            assertThat(text.kind()).isEqualTo(Kind.PLAIN);
            assertThat(text.name()).isNull();
            assertThat(text.userId()).isEqualTo("alice");
            assertThat(text.text()).isEqualTo("{\"not\":\"an envelope\"}");
            assertThat(binary.bytes()).containsExactly(0, 1, 0xff);
        }
    }

    @Test
    void groupMessagesOfJsonClientsReachPlainMembersAsBareFrames() {
        URI senderUrl = urls().create((r) -> r.userId("bob").roles("webpubsub.sendToGroup.news")).url();
        try (HubTestClient plain = HubTestClient.connect(urls().create((r) -> r.userId("alice").groups("news")).url(),
                null); HubTestClient sender = HubTestClient.connect(senderUrl, HubTestClient.JSON_SUBPROTOCOL)) {
            sender.next("system");
            hub.awaitClient((c) -> c.groups().contains("news"), HubTestClient.TIMEOUT);

            sender.send("{\"type\":\"sendToGroup\",\"group\":\"news\",\"dataType\":\"text\",\"data\":\"flash\"}");
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"news\",\"dataType\":\"binary\",\"data\":\"AAH/\"}");
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"news\",\"data\":{\"n\":1}}");

            assertThat(plain.nextText()).isEqualTo("flash");
            assertThat(plain.nextBinary()).containsExactly(0, 1, 0xff);
            assertThat(plain.nextText()).isEqualTo("{\"n\":1}");
        }
    }

    @Test
    void plainFrameOfUtf8TextKeepsItsCharacters() {
        try (HubTestClient client = HubTestClient.connect(url("zoë"), null)) {
            client.send("où?");

            ClientMessage message = hub.awaitMessage((m) -> m.kind() == Kind.PLAIN, HubTestClient.TIMEOUT);
            assertThat(message.bytes()).isEqualTo("où?".getBytes(StandardCharsets.UTF_8));
            assertThat(message.userId()).isEqualTo("zoë");
        }
    }

    private static URI url(String userId) {
        return urls().create((r) -> r.userId(userId)).url();
    }

    private static ClientUrlFactory urls() {
        return ClientUrlFactory.builder().connectionString(hub.connectionString()).hub("chat").build();
    }

}
