package io.github.webpubsub.localhub;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension;
import io.github.webpubsub.token.ClientAccessRequest;
import io.github.webpubsub.token.ClientUrlFactory;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.github.webpubsub.localhub.HubTestClient.JSON_SUBPROTOCOL;
import static io.github.webpubsub.localhub.HubTestClient.RELIABLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client endpoint, end to end over real WebSockets with tokens minted by the
 * project's {@code ClientUrlFactory}: admission as the service does it, and what the JSON
 * subprotocols promise, frame by frame.
 */
class ClientEndpointTests {

    @RegisterExtension
    static final LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension();

    private static final String OTHER_KEY = "rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

    private static final String MEMBER_OF_LOBBY = "webpubsub.joinLeaveGroup.lobby";

    private static final String SENDER_TO_LOBBY = "webpubsub.sendToGroup.lobby";

    // --- admission, before the upgrade

    @Test
    void refusesExpiredTokenWith401AndTheServiceChallenge() {
        Clock longAgo = Clock.fixed(Instant.parse("2021-05-06T07:08:09Z"), ZoneOffset.UTC);
        URI url = urls(hub.accessKey(), longAgo).create((r) -> r.userId("alice")).url();

        HubTestClient.Refusal refusal = HubTestClient.refused(url, RELIABLE);

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body()).isEmpty();
        assertThat(refusal.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\", "
                + "error_description=\"The token expired at '05/06/2021 08:08:09'\"");
    }

    @Test
    void refusesTokenSignedWithAnotherKeyWith401() {
        URI url = urls(OTHER_KEY, Clock.systemUTC()).create((r) -> r.userId("alice")).url();

        HubTestClient.Refusal refusal = HubTestClient.refused(url, RELIABLE);

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body()).isEmpty();
        assertThat(refusal.wwwAuthenticate())
            .isEqualTo("Bearer error=\"invalid_token\", error_description=\"The signature is invalid\"");
    }

    @Test
    void refusesTokenForAnotherHubWith401() {
        String tokenForOtherHub = urls().create((r) -> r.hub("other").userId("alice")).token();
        URI url = URI.create(webSocket("/client/hubs/chat?access_token=" + tokenForOtherHub));

        HubTestClient.Refusal refusal = HubTestClient.refused(url, RELIABLE);

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\", error_description=\"The "
                + "audience '" + hub.endpoint() + "/client/hubs/other' is invalid\"");
    }

    @Test
    void refusesTokenForTheSameHubAtAnotherAddressWith401() {
        // Issued for localhost, dialled at 127.0.0.1: the address the client dialled is
        // not the token's.
        URI localhost = URI.create("http://localhost:" + hub.endpoint().getPort());
        String token = ClientUrlFactory.builder()
            .endpoint(localhost)
            .accessKey(hub.accessKey())
            .hub("chat")
            .build()
            .create((r) -> r.userId("alice"))
            .token();

        HubTestClient.Refusal refusal = HubTestClient
            .refused(URI.create(webSocket("/client/hubs/chat?access_token=" + token)), RELIABLE);

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.wwwAuthenticate()).contains("The audience '" + localhost + "/client/hubs/chat' is invalid");
    }

    @Test
    void refusesConnectionWithoutTokenWith401AndABareChallenge() {
        HubTestClient.Refusal refusal = HubTestClient.refused(URI.create(webSocket("/client/hubs/chat")), RELIABLE);

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.wwwAuthenticate()).isEqualTo("Bearer");
    }

    @Test
    void refusesTokenWithoutExpiry() {
        String token = Jwts.builder()
            .audience()
            .single(hub.endpoint() + "/client/hubs/chat")
            .subject("alice")
            .signWith(Keys.hmacShaKeyFor(hub.accessKey().getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
            .compact();

        HubTestClient.Refusal refusal = HubTestClient
            .refused(URI.create(webSocket("/client/hubs/chat?access_token=" + token)), RELIABLE);

        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.wwwAuthenticate())
            .isEqualTo("Bearer error=\"invalid_token\", error_description=\"The token has no expiration\"");
    }

    @Test
    void acceptsTokenInAuthorizationHeader() {
        String token = urls().create((r) -> r.userId("alice")).token();

        try (HubTestClient client = HubTestClient.connect(URI.create(webSocket("/client/hubs/chat")), RELIABLE,
                token)) {
            assertThat(client.next("system").path("userId").asString()).isEqualTo("alice");
        }
    }

    @Test
    void refusesInvalidHubNameWith404() {
        String token = urls().create((r) -> r.userId("alice")).token();

        HubTestClient.Refusal refusal = HubTestClient
            .refused(URI.create(webSocket("/client/hubs/9lives?access_token=" + token)), RELIABLE);

        assertThat(refusal.status()).isEqualTo(404);
    }

    @Test
    void refusesAClientFromAnotherMachineWith403BeforeLookingAtItsToken() {
        // A proxy on this machine passing on a client from 10.1.2.3: the one way a test
        // here comes from elsewhere
        // (LocalWebPubSubHubTests checks a peer address that is not loopback).
        HubTestClient.Refusal refusal = HubTestClient.refused(urls().create((r) -> r.userId("alice")).url(),
                JSON_SUBPROTOCOL, "X-Forwarded-For", "10.1.2.3");

        assertThat(refusal.status()).isEqualTo(403);
        assertThat(refusal.body()).isEqualTo(LocalWebPubSubHub.FORBIDDEN);
        assertThat(refusal.wwwAuthenticate()).isNull();
    }

    @Test
    void acceptsAClientOnThisMachineDirectlyOrThroughALocalProxyWhateverItsOrigin() {
        URI url = urls().create((r) -> r.userId("alice")).url();

        try (HubTestClient direct = HubTestClient.connect(url, JSON_SUBPROTOCOL, null, "Origin",
                "https://pages.example.com");
                HubTestClient proxied = HubTestClient.connect(url, JSON_SUBPROTOCOL, null, "X-Forwarded-For",
                        "127.0.0.1")) {
            assertThat(direct.next("system").path("userId").asString()).isEqualTo("alice");
            assertThat(proxied.next("system").path("userId").asString()).isEqualTo("alice");
        }
        for (String forwarded : new String[] { "for=10.1.2.3", "for=\"[2001:db8::1]:4711\"", "for=unknown",
                "for=localhost", "for=127.0.0.1, for=192.168.0.7" }) {
            assertThat(HubTestClient.refused(url, JSON_SUBPROTOCOL, "Forwarded", forwarded).status()).as(forwarded)
                .isEqualTo(403);
        }
    }

    @Test
    void aPageOfAnotherOriginWithoutAValidTokenIsRefusedWith401() {
        URI url = URI.create("ws://localhost:" + hub.endpoint().getPort() + "/client/hubs/chat");

        HubTestClient.Refusal refusal = HubTestClient.refused(url, JSON_SUBPROTOCOL, "Origin",
                "https://attacker.example.com");

        // As without an origin: the token is the one credential, and a page has none to
        // send.
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.body()).isEmpty();
    }

    // --- connected

    @Test
    void reliableClientIsToldItsUserConnectionAndReconnectionToken() {
        try (HubTestClient client = connect(RELIABLE, (r) -> r.userId("alice"))) {
            JsonNode connected = client.next("system");

            assertThat(client.subprotocol()).isEqualTo(RELIABLE);
            assertThat(connected.path("event").asString()).isEqualTo("connected");
            assertThat(connected.path("userId").asString()).isEqualTo("alice");
            assertThat(connected.path("connectionId").asString()).hasSizeGreaterThanOrEqualTo(16);
            assertThat(connected.path("reconnectionToken").asString()).hasSizeGreaterThanOrEqualTo(16);
            assertThat(hub.hub().connectedClients()).extracting(ConnectedClient::connectionId)
                .contains(connected.path("connectionId").asString());
        }
    }

    @Test
    void jsonClientGetsNoReconnectionToken() {
        try (HubTestClient client = connect(JSON_SUBPROTOCOL, (r) -> r.userId("bob"))) {
            JsonNode connected = client.next("system");

            assertThat(client.subprotocol()).isEqualTo(JSON_SUBPROTOCOL);
            assertThat(connected.path("userId").asString()).isEqualTo("bob");
            assertThat(connected.has("reconnectionToken")).isFalse();
        }
    }

    @Test
    void anonymousClientHasNullUserId() {
        try (HubTestClient client = connect(RELIABLE, (r) -> {
        })) {
            JsonNode connected = client.next("system");

            assertThat(connected.has("userId")).isTrue();
            assertThat(connected.get("userId").isNull()).isTrue();
        }
    }

    @Test
    void connectionsHaveDistinctIds() {
        try (HubTestClient first = connect(RELIABLE, (r) -> r.userId("alice"));
                HubTestClient second = connect(RELIABLE, (r) -> r.userId("alice"))) {
            assertThat(first.next("system").path("connectionId").asString())
                .isNotEqualTo(second.next("system").path("connectionId").asString());
        }
    }

    // --- groups, acks and roles

    @Test
    void joinedClientsReceiveGroupMessagesWithSenderAndData() {
        try (HubTestClient alice = connected(RELIABLE,
                (r) -> r.userId("alice").roles(MEMBER_OF_LOBBY, SENDER_TO_LOBBY));
                HubTestClient bob = connected(JSON_SUBPROTOCOL, (r) -> r.userId("bob").roles(MEMBER_OF_LOBBY))) {
            alice.send("{\"type\":\"joinGroup\",\"group\":\"lobby\",\"ackId\":1}");
            assertThat(alice.next()).hasToString("{\"type\":\"ack\",\"ackId\":1,\"success\":true}");
            bob.send("{\"type\":\"joinGroup\",\"group\":\"lobby\",\"ackId\":1}");
            assertThat(bob.next()).hasToString("{\"type\":\"ack\",\"ackId\":1,\"success\":true}");

            alice.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"ackId\":2,\"dataType\":\"json\","
                    + "\"data\":{\"text\":\"hello\",\"n\":[1,2.5,null]}}");

            assertThat(bob.next()).hasToString("{\"type\":\"message\",\"from\":\"group\",\"fromUserId\":\"alice\","
                    + "\"group\":\"lobby\",\"dataType\":\"json\",\"data\":{\"text\":\"hello\",\"n\":[1,2.5,null]}}");
            assertThat(alice.next()).as("echo, numbered on the reliable subprotocol")
                .hasToString("{\"sequenceId\":1,\"type\":\"message\",\"from\":\"group\",\"fromUserId\":\"alice\","
                        + "\"group\":\"lobby\",\"dataType\":\"json\",\"data\":{\"text\":\"hello\",\"n\":[1,2.5,"
                        + "null]}}");
            assertThat(alice.next()).hasToString("{\"type\":\"ack\",\"ackId\":2,\"success\":true}");
        }
    }

    @Test
    void groupMessagesAreKeptForTestsWithTheirSender() {
        try (HubTestClient alice = connected(JSON_SUBPROTOCOL, (r) -> r.userId("alice").roles(SENDER_TO_LOBBY))) {
            alice.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"dataType\":\"text\",\"data\":\"kept\"}");

            ClientMessage message = hub.awaitMessage((m) -> m.isToGroup("lobby"), HubTestClient.TIMEOUT);

            assertThat(message.userId()).isEqualTo("alice");
            assertThat(message.hub()).isEqualTo("chat");
            assertThat(message.dataType()).isEqualTo(ClientMessage.DataType.TEXT);
            assertThat(message.text()).isEqualTo("kept");
        }
    }

    @Test
    void textAndBinaryDataPassThroughAndJsonIsTheDefault() {
        String binary = Base64.getEncoder().encodeToString(new byte[] { 0, 1, 2, (byte) 255 });
        try (HubTestClient alice = connected(JSON_SUBPROTOCOL,
                (r) -> r.userId("alice").roles(SENDER_TO_LOBBY).groups("lobby"))) {
            alice.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"dataType\":\"text\",\"data\":\"hi\"}");
            alice.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"dataType\":\"binary\",\"data\":\"" + binary
                    + "\"}");
            alice.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"data\":42}");

            assertThat(alice.next("message").path("data").asString()).isEqualTo("hi");
            JsonNode binaryMessage = alice.next("message");
            assertThat(binaryMessage.path("dataType").asString()).isEqualTo("binary");
            assertThat(binaryMessage.path("data").asString()).isEqualTo(binary);
            JsonNode jsonMessage = alice.next("message");
            assertThat(jsonMessage.path("dataType").asString()).isEqualTo("json");
            assertThat(jsonMessage.path("data").asInt()).isEqualTo(42);
            alice.assertNothingElseReceived();
        }
    }

    @Test
    void joiningWithoutTheRoleIsForbidden() {
        try (HubTestClient client = connected(RELIABLE,
                (r) -> r.userId("eve").roles("webpubsub.joinLeaveGroup.other"))) {
            client.send("{\"type\":\"joinGroup\",\"group\":\"lobby\",\"ackId\":7}");

            assertThat(client.next()).hasToString("{\"type\":\"ack\",\"ackId\":7,\"success\":false,\"error\":"
                    + "{\"name\":\"Forbidden\",\"message\":\"The connection has no permission to join group "
                    + "'lobby'.\"}}");
        }
    }

    @Test
    void sendingWithoutTheRoleIsForbiddenAndDeliversNothing() {
        try (HubTestClient member = connected(RELIABLE, (r) -> r.userId("bob").groups("lobby"));
                HubTestClient reader = connected(RELIABLE,
                        (r) -> r.userId("eve").roles(MEMBER_OF_LOBBY).groups("lobby"))) {
            reader.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"ackId\":1,\"dataType\":\"text\","
                    + "\"data\":\"spam\"}");

            JsonNode ack = reader.next("ack");
            assertThat(ack.path("success").asBoolean()).isFalse();
            assertThat(ack.path("error").path("name").asString()).isEqualTo("Forbidden");
            assertThat(ack.path("error").path("message").asString()).contains("send to group 'lobby'");
            member.assertNothingElseReceived();
            reader.assertNothingElseReceived();
            assertThat(hub.receivedMessages()).as("nothing was sent").isEmpty();
        }
    }

    @Test
    void leavingNeedsTheRoleToo() {
        try (HubTestClient client = connected(RELIABLE, (r) -> r.userId("bob").groups("lobby"))) {
            client.send("{\"type\":\"leaveGroup\",\"group\":\"lobby\",\"ackId\":1}");

            assertThat(client.next("ack").path("error").path("name").asString()).isEqualTo("Forbidden");
        }
    }

    @Test
    void wildcardAndAnyGroupRolesGrantAsTheServiceDoes() {
        try (HubTestClient client = connected(RELIABLE,
                (r) -> r.userId("carol").roles("webpubsub.joinLeaveGroups.room-*", "webpubsub.sendToGroup"))) {
            client.send("{\"type\":\"joinGroup\",\"group\":\"room-7\",\"ackId\":1}");
            client.send("{\"type\":\"joinGroup\",\"group\":\"room-7.annex\",\"ackId\":2}");
            client.send("{\"type\":\"sendToGroup\",\"group\":\"anything\",\"ackId\":3,\"data\":{}}");

            assertThat(client.next("ack").path("success").asBoolean()).isTrue();
            assertThat(client.next("ack").path("error").path("name").asString()).as("* stops at a dot")
                .isEqualTo("Forbidden");
            assertThat(client.next("ack").path("success").asBoolean()).isTrue();
        }
    }

    @Test
    void doubleStarPatternRoleCrossesDots() {
        try (HubTestClient client = connected(RELIABLE,
                (r) -> r.userId("carol").roles("webpubsub.joinLeaveGroups.tenant-7.**"))) {
            client.send("{\"type\":\"joinGroup\",\"group\":\"tenant-7.room.annex\",\"ackId\":1}");
            client.send("{\"type\":\"joinGroup\",\"group\":\"tenant-8.room\",\"ackId\":2}");

            assertThat(client.next("ack").path("success").asBoolean()).isTrue();
            assertThat(client.next("ack").path("error").path("name").asString()).isEqualTo("Forbidden");
            hub.awaitClient((c) -> c.groups().contains("tenant-7.room.annex"), HubTestClient.TIMEOUT);
        }
    }

    @Test
    void groupsInTheTokenAreJoinedOnConnect() {
        try (HubTestClient reader = connected(JSON_SUBPROTOCOL, (r) -> r.userId("reader").groups("lobby", "news"));
                HubTestClient alice = connected(JSON_SUBPROTOCOL,
                        (r) -> r.userId("alice").roles("webpubsub.sendToGroup"))) {
            alice.send("{\"type\":\"sendToGroup\",\"group\":\"news\",\"ackId\":1,\"dataType\":\"text\","
                    + "\"data\":\"extra\"}");

            JsonNode message = reader.next("message");
            assertThat(message.path("group").asString()).isEqualTo("news");
            assertThat(message.path("fromUserId").asString()).isEqualTo("alice");
        }
    }

    @Test
    void leftGroupDeliversNoMore() {
        try (HubTestClient client = connected(JSON_SUBPROTOCOL,
                (r) -> r.userId("alice").roles(MEMBER_OF_LOBBY, SENDER_TO_LOBBY).groups("lobby"))) {
            client.send("{\"type\":\"leaveGroup\",\"group\":\"lobby\",\"ackId\":1}");
            assertThat(client.next("ack").path("success").asBoolean()).isTrue();

            client.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"ackId\":2,\"dataType\":\"text\","
                    + "\"data\":\"anyone?\"}");

            assertThat(client.next("ack").path("ackId").asLong()).as("the ack, and no echo before it").isEqualTo(2);
        }
    }

    @Test
    void sequenceIdsIncreasePerConnectionOnTheReliableSubprotocolOnly() {
        try (HubTestClient reliable = connected(RELIABLE, (r) -> r.userId("r").groups("lobby", "news"));
                HubTestClient plain = connected(JSON_SUBPROTOCOL, (r) -> r.userId("p").groups("lobby"));
                HubTestClient sender = connected(JSON_SUBPROTOCOL,
                        (r) -> r.userId("s").roles("webpubsub.sendToGroup"))) {
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"data\":1}");
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"news\",\"data\":2}");
            sender.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"data\":3}");

            assertThat(reliable.next("message").path("sequenceId").asLong()).isEqualTo(1);
            assertThat(reliable.next("message").path("sequenceId").asLong()).isEqualTo(2);
            assertThat(reliable.next("message").path("sequenceId").asLong()).isEqualTo(3);
            reliable.send("{\"type\":\"sequenceAck\",\"sequenceId\":3}");
            reliable.assertNothingElseReceived();
            assertThat(plain.next("message").has("sequenceId")).isFalse();
            assertThat(plain.next("message").has("sequenceId")).isFalse();
        }
    }

    @Test
    void concurrentPublishersReachAReliableClientInSequenceAndComplete() {
        int publishers = 4;
        int messagesEach = 50;
        List<HubTestClient> senders = new ArrayList<>();
        try (HubTestClient receiver = connected(RELIABLE, (r) -> r.userId("r").groups("busy"))) {
            for (int i = 0; i < publishers; i++) {
                senders.add(connected(JSON_SUBPROTOCOL, (r) -> r.userId("s").roles("webpubsub.sendToGroup.busy")));
            }
            ExecutorService executor = Executors.newFixedThreadPool(publishers);
            try {
                for (int i = 0; i < publishers; i++) {
                    HubTestClient sender = senders.get(i);
                    int publisher = i;
                    executor.submit(() -> {
                        for (int n = 0; n < messagesEach; n++) {
                            sender.send("{\"type\":\"sendToGroup\",\"group\":\"busy\",\"data\":\"" + publisher + "-" + n
                                    + "\"}");
                        }
                    });
                }
                Set<String> received = new HashSet<>();
                for (long expected = 1; expected <= (long) publishers * messagesEach; expected++) {
                    JsonNode message = receiver.next("message");
                    assertThat(message.path("sequenceId").asLong()).isEqualTo(expected);
                    received.add(message.path("data").asString());
                }
                assertThat(received).hasSize(publishers * messagesEach);
            }
            finally {
                executor.shutdownNow();
                senders.forEach(HubTestClient::close);
            }
        }
    }

    @Test
    void noEchoKeepsTheMessageFromItsSender() {
        try (HubTestClient alice = connected(RELIABLE, (r) -> r.userId("alice").roles(SENDER_TO_LOBBY).groups("lobby"));
                HubTestClient bob = connected(RELIABLE, (r) -> r.userId("bob").groups("lobby"))) {
            alice.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"ackId\":1,\"noEcho\":true,"
                    + "\"dataType\":\"text\",\"data\":\"quiet\"}");

            assertThat(bob.next("message").path("data").asString()).isEqualTo("quiet");
            assertThat(alice.next("ack").path("ackId").asLong()).as("the ack, and no echo before it").isEqualTo(1);
        }
    }

    @Test
    void resentAckIdIsAnsweredAsDuplicateAndNotDeliveredTwice() {
        try (HubTestClient alice = connected(RELIABLE,
                (r) -> r.userId("alice").roles(SENDER_TO_LOBBY).groups("lobby"))) {
            String frame = "{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"ackId\":5,\"dataType\":\"text\","
                    + "\"data\":\"once\"}";
            alice.send(frame);
            assertThat(alice.next("message").path("data").asString()).isEqualTo("once");
            assertThat(alice.next("ack").path("success").asBoolean()).isTrue();

            alice.send(frame);

            assertThat(alice.next()).hasToString("{\"type\":\"ack\",\"ackId\":5,\"success\":false,"
                    + "\"error\":{\"name\":\"Duplicate\",\"message\":\"Message with ack-id: 5 has been processed\"}}");
            alice.assertNothingElseReceived();
        }
    }

    @Test
    void failedRequestMayBeRetriedWithTheSameAckId() {
        try (HubTestClient client = connected(RELIABLE, (r) -> r.userId("eve"))) {
            client.send("{\"type\":\"joinGroup\",\"group\":\"lobby\",\"ackId\":1}");
            client.send("{\"type\":\"joinGroup\",\"group\":\"lobby\",\"ackId\":1}");

            assertThat(client.next("ack").path("error").path("name").asString()).isEqualTo("Forbidden");
            assertThat(client.next("ack").path("error").path("name").asString()).isEqualTo("Forbidden");
        }
    }

    @Test
    void groupsOfOneHubAreNotThoseOfAnother() {
        URI otherHub = urls().create((r) -> r.hub("other").userId("o").groups("lobby")).url();
        try (HubTestClient elsewhere = HubTestClient.connect(otherHub, JSON_SUBPROTOCOL);
                HubTestClient alice = connected(JSON_SUBPROTOCOL,
                        (r) -> r.userId("alice").roles(SENDER_TO_LOBBY).groups("lobby"))) {
            elsewhere.next("system");
            alice.send("{\"type\":\"sendToGroup\",\"group\":\"lobby\",\"data\":\"chat only\"}");

            assertThat(alice.next("message").path("data").asString()).isEqualTo("chat only");
            elsewhere.assertNothingElseReceived();
        }
    }

    @Test
    void closedConnectionsLeaveTheirGroups() {
        String connectionId;
        try (HubTestClient client = connected(JSON_SUBPROTOCOL,
                (r) -> r.userId("alice").roles("webpubsub.joinLeaveGroup").groups("cleanup-1"))) {
            client.send("{\"type\":\"joinGroup\",\"group\":\"cleanup-2\",\"ackId\":1}");
            client.next("ack");
            connectionId = hub
                .awaitClient((c) -> c.groups().equals(Set.of("cleanup-1", "cleanup-2")), HubTestClient.TIMEOUT)
                .connectionId();
        }

        awaitGone(connectionId);
    }

    @Test
    void eventsAreAcknowledgedAndKeptForTests() {
        try (HubTestClient client = connected(JSON_SUBPROTOCOL, (r) -> r.userId("alice"))) {
            client.send(
                    "{\"type\":\"event\",\"event\":\"typing\",\"ackId\":3,\"dataType\":\"json\",\"data\":{\"at\":1}}");

            assertThat(client.next()).hasToString("{\"type\":\"ack\",\"ackId\":3,\"success\":true}");
            ClientMessage event = hub.awaitMessage((m) -> m.isEvent("typing"), HubTestClient.TIMEOUT);
            assertThat(event.kind()).isEqualTo(ClientMessage.Kind.EVENT);
            assertThat(event.dataType()).isEqualTo(ClientMessage.DataType.JSON);
            assertThat(event.text()).isEqualTo("{\"at\":1}");
        }
    }

    @Test
    void framesMayComeAsUtf8InBinaryMessages() {
        try (HubTestClient client = connected(JSON_SUBPROTOCOL,
                (r) -> r.userId("zoë").roles("webpubsub.sendToGroup").groups("café"))) {
            client.sendBinary("{\"type\":\"sendToGroup\",\"group\":\"café\",\"ackId\":1,"
                    + "\"dataType\":\"text\",\"data\":\"où?\"}");

            JsonNode message = client.next("message");
            assertThat(message.path("fromUserId").asString()).isEqualTo("zoë");
            assertThat(message.path("data").asString()).isEqualTo("où?");
            assertThat(client.next("ack").path("success").asBoolean()).isTrue();
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (HubTestClient client = connected(RELIABLE, (r) -> r.userId("alice"))) {
            client.send("{\"type\":\"ping\"}");

            assertThat(client.next()).hasToString("{\"type\":\"pong\"}");
        }
    }

    // --- declined clients

    @Test
    void frameThatIsNotTheProtocolDeclinesTheClient() {
        try (HubTestClient client = connected(RELIABLE, (r) -> r.userId("alice"))) {
            client.send("{\"type\":\"joinGroup\",\"ackId\":1}");

            JsonNode disconnected = client.next("system");
            assertThat(disconnected.path("event").asString()).isEqualTo("disconnected");
            assertThat(disconnected.path("message").asString()).isEqualTo("The request has no group string.");
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void invalidJsonDeclinesTheClient() {
        try (HubTestClient client = connected(JSON_SUBPROTOCOL, (r) -> r.userId("alice"))) {
            client.send("{not json");

            assertThat(client.next("system").path("message").asString()).isEqualTo("A frame is not valid JSON.");
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void unsupportedRequestDeclinesTheClientSayingSo() {
        try (HubTestClient client = connected(RELIABLE, (r) -> r.userId("alice"))) {
            client.send("{\"type\":\"invoke\",\"invocationId\":\"1\",\"target\":\"event\",\"event\":\"e\"}");

            assertThat(client.next("system").path("message").asString())
                .startsWith("Requests of type 'invoke' are not supported by the local hub");
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
    }

    @Test
    void frameOverOneMebibyteClosesTheConnection() {
        try (HubTestClient client = connected(RELIABLE, (r) -> r.userId("alice"))) {
            client.send("{\"type\":\"event\",\"event\":\"e\",\"dataType\":\"text\",\"data\":\""
                    + "x".repeat(1024 * 1024) + "\"}");

            assertThat(client.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void frameJustUnderTheLimitIsAccepted() {
        try (HubTestClient client = connected(RELIABLE, (r) -> r.userId("alice"))) {
            String prefix = "{\"type\":\"event\",\"event\":\"e\",\"ackId\":1,\"dataType\":\"text\",\"data\":\"";
            client.send(prefix + "x".repeat(1024 * 1024 - prefix.length() - 2) + "\"}");

            assertThat(client.next()).hasToString("{\"type\":\"ack\",\"ackId\":1,\"success\":true}");
        }
    }

    static void awaitGone(String connectionId) {
        long deadline = System.nanoTime() + HubTestClient.TIMEOUT.toNanos();
        while (hub.hub().connectedClients().stream().anyMatch((c) -> c.connectionId().equals(connectionId))) {
            assertThat(System.nanoTime()).as("connection still there").isLessThan(deadline);
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    static String webSocket(String path) {
        return "ws://" + hub.endpoint().getAuthority() + path;
    }

    static ClientUrlFactory urls() {
        return ClientUrlFactory.builder().connectionString(hub.connectionString()).hub("chat").build();
    }

    static ClientUrlFactory urls(String key, Clock clock) {
        return ClientUrlFactory.builder().endpoint(hub.endpoint()).accessKey(key).hub("chat").clock(clock).build();
    }

    static HubTestClient connect(String subprotocol, Consumer<ClientAccessRequest.Builder> request) {
        return HubTestClient.connect(urls().create(request).url(), subprotocol);
    }

    /**
     * Connects and reads the {@code connected} message, so that the next frame is the
     * first one after it.
     */
    static HubTestClient connected(String subprotocol, Consumer<ClientAccessRequest.Builder> request) {
        HubTestClient client = connect(subprotocol, request);
        assertThat(client.next("system").path("event").asString()).isEqualTo("connected");
        return client;
    }

}
