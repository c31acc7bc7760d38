package io.github.webpubsub.localhub;

import java.net.URI;
import java.util.Base64;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.util.BinaryData;
import com.azure.messaging.webpubsub.WebPubSubServiceClient;
import com.azure.messaging.webpubsub.WebPubSubServiceClientBuilder;
import com.azure.messaging.webpubsub.models.GetClientAccessTokenOptions;
import com.azure.messaging.webpubsub.models.WebPubSubClientAccessToken;
import com.azure.messaging.webpubsub.models.WebPubSubContentType;
import com.azure.messaging.webpubsub.models.WebPubSubPermission;
import io.github.webpubsub.localhub.junit.LocalWebPubSubHubExtension;
import io.github.webpubsub.token.ClientUrlFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static io.github.webpubsub.localhub.HubTestClient.JSON_SUBPROTOCOL;
import static io.github.webpubsub.localhub.HubTestClient.RELIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The data-plane REST API driven by a client nobody here wrote: Microsoft's Java SDK,
 * {@code com.azure:azure-messaging-webpubsub} 1.4.0 (api-version 2024-01-01, plain http,
 * the port in {@code Port=}), signing each call with the access key as it does for the
 * service. Clients see the effects over real WebSockets.
 */
class OfficialJavaSdkTests {

    @RegisterExtension
    static final LocalWebPubSubHubExtension hub = new LocalWebPubSubHubExtension(
            (builder) -> builder.acceptUnverifiedEntraIdTokens(true));

    @Test
    void sendToAllReachesEveryClientOfTheHubAsJsonTextOrBinary() {
        try (HubTestClient json = connected(JSON_SUBPROTOCOL, "alice");
                HubTestClient reliable = connected(RELIABLE, "bob");
                HubTestClient plain = HubTestClient.connect(url("carol"), null)) {
            hub.awaitClient((c) -> "carol".equals(c.userId()), HubTestClient.TIMEOUT);
            WebPubSubServiceClient sdk = sdk();

            sdk.sendToAll("{\"news\":1}", WebPubSubContentType.APPLICATION_JSON);
            sdk.sendToAll("plain words", WebPubSubContentType.TEXT_PLAIN);
            byte[] bytes = { 0, 1, (byte) 0xff };
            sdk.sendToAllWithResponse(BinaryData.fromBytes(bytes), WebPubSubContentType.APPLICATION_OCTET_STREAM,
                    bytes.length, new RequestOptions());

            assertThat(json.next())
                .hasToString("{\"type\":\"message\",\"from\":\"server\",\"dataType\":\"json\",\"data\":{\"news\":1}}");
            assertThat(json.next()).hasToString(
                    "{\"type\":\"message\",\"from\":\"server\",\"dataType\":\"text\",\"data\":\"plain words\"}");
            assertThat(json.next()).hasToString("{\"type\":\"message\",\"from\":\"server\",\"dataType\":\"binary\","
                    + "\"data\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}");
            assertThat(reliable.next("message").path("sequenceId").asLong()).isEqualTo(1);
            assertThat(reliable.next("message").path("sequenceId").asLong()).isEqualTo(2);
            assertThat(reliable.next("message").path("sequenceId").asLong()).isEqualTo(3);
            assertThat(plain.nextText()).isEqualTo("{\"news\":1}");
            assertThat(plain.nextText()).isEqualTo("plain words");
            assertThat(plain.nextBinary()).containsExactly(0, 1, 0xff);
        }
    }

    @Test
    void sendToGroupSkipsExcludedConnectionsAndSendToUserReachesAllOfTheUsersConnections() {
        try (HubTestClient alice = connected(JSON_SUBPROTOCOL, "alice", "lobby");
                HubTestClient aliceAgain = connected(JSON_SUBPROTOCOL, "alice");
                HubTestClient bob = connected(JSON_SUBPROTOCOL, "bob", "lobby")) {
            String bobsConnection = hub.awaitClient((c) -> "bob".equals(c.userId()), HubTestClient.TIMEOUT)
                .connectionId();
            WebPubSubServiceClient sdk = sdk();

            sdk.sendToGroupWithResponse("lobby", BinaryData.fromString("to the lobby"), WebPubSubContentType.TEXT_PLAIN,
                    12, new RequestOptions().addQueryParam("excluded", bobsConnection));
            sdk.sendToUser("alice", "to alice", WebPubSubContentType.TEXT_PLAIN);

            assertThat(alice.next("message").path("data").asString()).isEqualTo("to the lobby");
            assertThat(alice.next("message").path("data").asString()).isEqualTo("to alice");
            assertThat(aliceAgain.next("message").path("data").asString()).isEqualTo("to alice");
            bob.assertNothingElseReceived();
        }
    }

    @Test
    void sendToConnectionReachesThatConnectionOnly() {
        try (HubTestClient first = connected(JSON_SUBPROTOCOL, "dave");
                HubTestClient second = connected(JSON_SUBPROTOCOL, "dave")) {
            String connectionId = hub.hub()
                .connectedClients()
                .stream()
                .filter((c) -> "dave".equals(c.userId()))
                .findFirst()
                .orElseThrow()
                .connectionId();

            sdk().sendToConnection(connectionId, "just you", WebPubSubContentType.TEXT_PLAIN);

            HubTestClient addressed = first.connectionId().equals(connectionId) ? first : second;
            HubTestClient other = (addressed == first) ? second : first;
            assertThat(addressed.next("message").path("data").asString()).isEqualTo("just you");
            other.assertNothingElseReceived();
        }
    }

    @Test
    void groupMembershipOfUsersAndConnections() {
        try (HubTestClient erin = connected(JSON_SUBPROTOCOL, "erin");
                HubTestClient frank = connected(JSON_SUBPROTOCOL, "frank")) {
            WebPubSubServiceClient sdk = sdk();
            RequestOptions none = new RequestOptions();

            sdk.addUserToGroupWithResponse("team", "erin", none);
            sdk.addConnectionToGroupWithResponse("team", frank.connectionId(), none);
            assertThat(sdk.groupExistsWithResponse("team", none).getValue()).isTrue();
            sdk.sendToGroup("team", "both", WebPubSubContentType.TEXT_PLAIN);
            assertThat(erin.next("message").path("data").asString()).isEqualTo("both");
            assertThat(frank.next("message").path("data").asString()).isEqualTo("both");

            sdk.removeUserFromGroupWithResponse("team", "erin", none);
            sdk.sendToGroup("team", "frank only", WebPubSubContentType.TEXT_PLAIN);
            assertThat(frank.next("message").path("data").asString()).isEqualTo("frank only");
            erin.assertNothingElseReceived();

            sdk.removeConnectionFromGroupWithResponse("team", frank.connectionId(), none);
            assertThat(sdk.groupExistsWithResponse("team", none).getValue()).isFalse();

            sdk.addUserToGroupWithResponse("a", "erin", none);
            sdk.addUserToGroupWithResponse("b", "erin", none);
            sdk.removeUserFromAllGroupsWithResponse("erin", none);
            sdk.addConnectionToGroupWithResponse("c", frank.connectionId(), none);
            sdk.removeConnectionFromAllGroupsWithResponse(frank.connectionId(), none);
            assertThat(hub.hub().connectedClients()).allSatisfy((c) -> assertThat(c.groups()).isEmpty());
        }
    }

    @Test
    void existenceChecksForConnectionsUsersAndGroups() {
        try (HubTestClient gina = connected(JSON_SUBPROTOCOL, "gina", "garden")) {
            WebPubSubServiceClient sdk = sdk();
            RequestOptions none = new RequestOptions();

            assertThat(sdk.connectionExistsWithResponse(gina.connectionId(), none).getValue()).isTrue();
            assertThat(sdk.connectionExistsWithResponse("no-such-connection", none).getValue()).isFalse();
            assertThat(sdk.userExistsWithResponse("gina", none).getValue()).isTrue();
            assertThat(sdk.userExistsWithResponse("nobody", none).getValue()).isFalse();
            assertThat(sdk.groupExistsWithResponse("garden", none).getValue()).isTrue();
            assertThat(sdk.groupExistsWithResponse("desert", none).getValue()).isFalse();
        }
    }

    @Test
    void closingAConnectionTellsTheClientWhyAndEndsIt() {
        try (HubTestClient henry = connected(RELIABLE, "henry")) {
            sdk().closeConnectionWithResponse(henry.connectionId(),
                    new RequestOptions().addQueryParam("reason", "maintenance"));

            JsonNode disconnected = henry.next("system");
            assertThat(disconnected.path("event").asString()).isEqualTo("disconnected");
            assertThat(disconnected.path("message").asString()).isEqualTo("maintenance");
            assertThat(henry.awaitClose()).isEqualTo(1008);
            assertThat(sdk().connectionExistsWithResponse(henry.connectionId(), new RequestOptions()).getValue())
                .isFalse();
        }
    }

    @Test
    void closingAUsersAGroupsOrAllConnectionsSparesTheExcluded() {
        try (HubTestClient ivy = connected(JSON_SUBPROTOCOL, "ivy");
                HubTestClient jack = connected(JSON_SUBPROTOCOL, "jack", "club");
                HubTestClient kate = connected(JSON_SUBPROTOCOL, "kate", "club");
                HubTestClient leo = connected(JSON_SUBPROTOCOL, "leo")) {
            WebPubSubServiceClient sdk = sdk();

            sdk.closeUserConnectionsWithResponse("ivy", new RequestOptions());
            sdk.closeGroupConnectionsWithResponse("club",
                    new RequestOptions().addQueryParam("excluded", kate.connectionId()));
            sdk.closeAllConnectionsWithResponse(new RequestOptions().addQueryParam("excluded", kate.connectionId()));

            assertThat(ivy.awaitClose()).isEqualTo(1008);
            assertThat(jack.awaitClose()).isEqualTo(1008);
            assertThat(leo.awaitClose()).isEqualTo(1008);
            assertThat(hub.hub().connectedClients()).extracting(ConnectedClient::userId).containsExactly("kate");
            kate.assertNothingElseReceived();
        }
    }

    @Test
    void grantedPermissionsAreCheckedRevokedAndObeyedByTheClient() {
        try (HubTestClient mia = connected(JSON_SUBPROTOCOL, "mia")) {
            WebPubSubServiceClient sdk = sdk();
            RequestOptions lobby = new RequestOptions().addQueryParam("targetName", "lobby");

            assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, mia.connectionId(), lobby)
                .getValue()).isFalse();
            sdk.grantPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, mia.connectionId(), lobby);
            assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, mia.connectionId(), lobby)
                .getValue()).isTrue();
            mia.send("{\"type\":\"joinGroup\",\"group\":\"lobby\",\"ackId\":1}");
            assertThat(mia.next("ack").path("success").asBoolean()).isTrue();

            sdk.revokePermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, mia.connectionId(), lobby);
            assertThat(sdk.checkPermissionWithResponse(WebPubSubPermission.JOIN_LEAVE_GROUP, mia.connectionId(), lobby)
                .getValue()).isFalse();
            mia.send("{\"type\":\"leaveGroup\",\"group\":\"lobby\",\"ackId\":2}");
            assertThat(mia.next("ack").path("error").path("name").asString()).isEqualTo("Forbidden");
        }
    }

    @Test
    void generateTokenMintsAUrlTheHubAccepts() {
        // Without a key the SDK asks the service; its bearer token policy refuses plain
        // http, so this pipeline adds
        // the unverified Entra ID token that the hub was told to accept.
        HttpPipelinePolicy bearer = (context, next) -> {
            context.getHttpRequest()
                .setHeader(HttpHeaderName.AUTHORIZATION,
                        "Bearer " + LocalWebPubSubHub.unsignedEntraIdTokens().getToken("scope").value());
            return next.process();
        };
        WebPubSubServiceClient keyless = new WebPubSubServiceClientBuilder().endpoint(hub.endpoint().toString())
            .hub("chat")
            .pipeline(new HttpPipelineBuilder().httpClient(HttpClient.createDefault()).policies(bearer).build())
            .buildClient();

        WebPubSubClientAccessToken access = keyless
            .getClientAccessToken(new GetClientAccessTokenOptions().setUserId("nina")
                .addRole("webpubsub.sendToGroup.lobby")
                .addGroup("lobby"));

        ClientAccessToken token = hub.verify(access.getUrl());
        assertThat(token.userId()).isEqualTo("nina");
        assertThat(token.roles()).containsExactly("webpubsub.sendToGroup.lobby");
        assertThat(token.groups()).containsExactly("lobby");
        try (HubTestClient nina = HubTestClient.connect(URI.create(access.getUrl()), JSON_SUBPROTOCOL)) {
            assertThat(nina.next("system").path("userId").asString()).isEqualTo("nina");
        }
    }

    @Test
    void callSignedWithAnotherKeyIsRefusedAs401() {
        WebPubSubServiceClient intruder = new WebPubSubServiceClientBuilder()
            .connectionString("Endpoint=http://127.0.0.1;Port=" + hub.endpoint().getPort()
                    + ";AccessKey=rqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA;Version=1.0;")
            .hub("chat")
            .buildClient();

        assertThatExceptionOfType(ClientAuthenticationException.class)
            .isThrownBy(() -> intruder.sendToAll("no", WebPubSubContentType.TEXT_PLAIN))
            .satisfies((ex) -> {
                assertThat(ex.getResponse().getStatusCode()).isEqualTo(401);
                assertThat(ex.getResponse().getHeaderValue(HttpHeaderName.WWW_AUTHENTICATE))
                    .isEqualTo("Bearer error=\"invalid_token\", error_description=\"The signature is invalid\"");
            });
    }

    /**
     * The SDK as an application builds it from the hub's connection string, with the port
     * as {@code Port=}.
     */
    private static WebPubSubServiceClient sdk() {
        return new WebPubSubServiceClientBuilder()
            .connectionString("Endpoint=http://127.0.0.1;Port=" + hub.endpoint().getPort() + ";AccessKey="
                    + hub.accessKey() + ";Version=1.0;")
            .hub("chat")
            .buildClient();
    }

    private static URI url(String userId, String... groups) {
        return ClientUrlFactory.builder()
            .connectionString(hub.connectionString())
            .hub("chat")
            .build()
            .create((r) -> r.userId(userId).groups(groups))
            .url();
    }

    private static HubTestClient connected(String subprotocol, String userId, String... groups) {
        HubTestClient client = HubTestClient.connect(url(userId, groups), subprotocol);
        client.next("system");
        return client;
    }

}
