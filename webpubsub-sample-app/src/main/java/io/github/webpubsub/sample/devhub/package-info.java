/**
 * A local development hub: a stand-in for Azure Web PubSub that the sample serves while its configured endpoint is
 * the application itself (a loopback address), so that it runs, and its tests pass, with no Azure resource. It is
 * off, and leaves no trace, whenever a real endpoint is configured.
 *
 * <p>It serves this machine only: the server listens on a loopback address unless {@code server.address} is set, a
 * handshake from any other address is refused with {@code 403}, and with no configured key the sample signs, and
 * the hub checks, with a key that is new at each start.
 *
 * <p>It behaves as the service documents it, for what the official client {@code @azure/web-pubsub-client} uses:
 * <ul>
 * <li>{@code /client/hubs/{hub}} over WebSocket, with the subprotocols {@code json.reliable.webpubsub.azure.v1} and
 * {@code json.webpubsub.azure.v1};</li>
 * <li>the access token is checked before the upgrade (HS256 with the access key, {@code aud} naming this endpoint and
 * hub, {@code exp}, {@code nbf}); otherwise {@code 401} and no WebSocket;</li>
 * <li>a {@code connected} message with {@code userId} and {@code connectionId} (and a {@code reconnectionToken} on
 * the reliable subprotocol); the token's {@code webpubsub.group}s joined on connect;</li>
 * <li>{@code joinGroup}, {@code leaveGroup} and {@code sendToGroup} (with {@code noEcho} and the data types
 * {@code json}, {@code text} and {@code binary}), checked against the token's roles, answered with acks whose errors
 * are named {@code Forbidden} and {@code Duplicate}; group messages numbered with {@code sequenceId} on the
 * reliable subprotocol, whose {@code sequenceAck} is accepted; {@code ping} answered with {@code pong};
 * {@code event} acknowledged and dropped, there being no upstream;</li>
 * <li>a frame that does not match the subprotocol declines the client: a {@code disconnected} message, then close
 * code 1008. A request to recover a dropped connection is declined the same way, and the client starts afresh.</li>
 * </ul>
 */
@NullMarked
package io.github.webpubsub.sample.devhub;

import org.jspecify.annotations.NullMarked;
