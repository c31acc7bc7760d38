// Drives the local hub with Microsoft's official packages only, as an application and its browsers would use them
// with the service: @azure/web-pubsub (the server SDK, with the hub's connection string) mints the Client Access URLs
// and calls the REST API; @azure/web-pubsub-client connects with those URLs.
//
// Usage: node official-packages-check.mjs, with
//   WEBPUBSUB_CONNECTION_STRING   the hub's connection string, the port in the endpoint (the JS SDK ignores Port=)
//   WEBPUBSUB_URL_EXPIRED         a Client Access URL for hub chat whose token expired
//   WEBPUBSUB_URL_WRONG_KEY       a Client Access URL for hub chat signed with another key
//   WEBPUBSUB_WRONG_KEY           another access key, for a server SDK the hub must refuse
// Exits 0 when every check passed, 1 with a message naming the failed check otherwise. The Java test then checks what
// the hub kept of the event sent here.

import { WebPubSubClient, WebPubSubJsonProtocol } from "@azure/web-pubsub-client";
import { WebPubSubServiceClient } from "@azure/web-pubsub";
import WebSocket from "ws";

const STEP_TIMEOUT_MS = 10_000;
const TOTAL_TIMEOUT_MS = 90_000;
const HUB = "chat";

function required(variable) {
  const value = process.env[variable];
  if (!value) {
    throw new Error(`${variable} is not set (see the usage at the top of this script)`);
  }
  return value;
}

const connectionString = required("WEBPUBSUB_CONNECTION_STRING");
const service = new WebPubSubServiceClient(connectionString, HUB, { allowInsecureConnection: true });

let passed = 0;
function ok(check) {
  passed++;
  console.log(`ok ${passed} - ${check}`);
}

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Queues the events of one kind (or a part of each), so that a check can wait for the next one. */
function queue(client, event, part = (args) => args) {
  const received = [];
  const waiting = [];
  client.on(event, (eventArgs) => {
    const args = part(eventArgs);
    const next = waiting.shift();
    if (next) {
      next(args);
    } else {
      received.push(args);
    }
  });
  return (what) => withTimeout(
    received.length > 0 ? Promise.resolve(received.shift()) : new Promise((resolve) => waiting.push(resolve)),
    what,
  );
}

/** A client whose URLs come from the server SDK, as an application's negotiate endpoint would hand them out. */
function newClient(userId, tokenOptions = {}, clientOptions = {}) {
  const client = new WebPubSubClient({
    getClientAccessUrl: async () => (await service.getClientAccessToken({ userId, ...tokenOptions })).url,
  }, clientOptions);
  client.nextGroupMessage = queue(client, "group-message", (args) => args.message);
  client.nextServerMessage = queue(client, "server-message", (args) => args.message);
  client.nextDisconnected = queue(client, "disconnected");
  client.connectedEvent = new Promise((resolve) => client.on("connected", resolve));
  return client;
}

async function expectRefused(url, what) {
  const client = new WebPubSubClient(url, { autoReconnect: false });
  try {
    await withTimeout(client.start(), `the refusal of ${what}`);
  } catch (error) {
    assert(/\b401\b/.test(String(error?.message)), `${what} was refused, but not with 401: ${error?.message}`);
    return;
  } finally {
    client.stop();
  }
  throw new Error(`${what} was accepted`);
}

async function main() {
  const alice = newClient("alice", { roles: ["webpubsub.joinLeaveGroups.room-*", "webpubsub.sendToGroup.room-1"] });
  const bob = newClient("bob", { groups: ["news"] }, { protocol: WebPubSubJsonProtocol() });
  const carol = newClient("carol");
  let plain;
  try {
    await withTimeout(Promise.all([alice.start(), bob.start(), carol.start()]), "the clients to start");
    const [aliceConnected, bobConnected, carolConnected] = await withTimeout(
      Promise.all([alice.connectedEvent, bob.connectedEvent, carol.connectedEvent]), "the connected events");
    assert(aliceConnected.userId === "alice" && bobConnected.userId === "bob", "clients connected as themselves");
    ok("clients connected (reliable and plain JSON subprotocols) with URLs the server SDK signed");

    await withTimeout(alice.joinGroup("room-1"), "alice joining room-1 (a wildcard role)");
    const ack = await withTimeout(alice.sendToGroup("room-1", { hello: "room" }, "json"), "the ack of alice's message");
    assert(ack.isDuplicated === false, "the ack is not a duplicate");
    const echo = await alice.nextGroupMessage("alice's echo");
    assert(echo.fromUserId === "alice" && echo.group === "room-1" && echo.data.hello === "room",
      `alice got ${JSON.stringify(echo)}`);
    assert(Number.isInteger(echo.sequenceId), "numbered on the reliable subprotocol");
    ok("alice joined room-1 with a wildcard role and got her own group message back");

    let forbidden;
    try {
      await withTimeout(alice.joinGroup("lobby"), "the refusal of alice joining lobby");
    } catch (error) {
      forbidden = error;
    }
    assert(forbidden?.name === "SendMessageError" && forbidden.errorDetail?.name === "Forbidden",
      `alice got ${forbidden?.name} ${JSON.stringify(forbidden?.errorDetail)} instead of a Forbidden ack`);
    ok("alice, without a role for lobby, was refused with the error Forbidden");

    await withTimeout(alice.sendEvent("js-event", { from: "the official client" }, "json"), "the ack of alice's event");
    ok("alice sent an event, acknowledged");

    await service.sendToAll({ broadcast: true });
    await service.sendToUser("alice", "only alice", { contentType: "text/plain" });
    await service.group("news").sendToAll("news flash", { contentType: "text/plain" });
    await service.sendToConnection(carolConnected.connectionId, new Uint8Array([0, 1, 255]).buffer);
    const aliceBroadcast = await alice.nextServerMessage("the broadcast at alice");
    assert(aliceBroadcast.dataType === "json" && aliceBroadcast.data.broadcast === true,
      `alice got ${JSON.stringify(aliceBroadcast)}`);
    const aliceOnly = await alice.nextServerMessage("the message to user alice");
    assert(aliceOnly.dataType === "text" && aliceOnly.data === "only alice", `alice got ${JSON.stringify(aliceOnly)}`);
    await bob.nextServerMessage("the broadcast at bob");
    const news = await bob.nextServerMessage("the news at bob");
    assert(news.data === "news flash", `bob got ${JSON.stringify(news)}`);
    await carol.nextServerMessage("the broadcast at carol");
    const binary = await carol.nextServerMessage("the bytes to carol's connection");
    assert(binary.dataType === "binary" && Buffer.from(binary.data).equals(Buffer.from([0, 1, 255])),
      `carol got ${JSON.stringify(binary)}`);
    ok("the server SDK sent to all, to a user, to a group and to a connection, as JSON, text and binary");

    assert(await service.userExists("bob"), "bob exists");
    assert(!(await service.userExists("nobody")), "nobody does not exist");
    assert(await service.groupExists("news"), "news exists");
    assert(await service.connectionExists(carolConnected.connectionId), "carol's connection exists");
    await service.group("team").addUser("carol");
    await service.group("team").addConnection(bobConnected.connectionId);
    await service.group("team").sendToAll("team talk", { contentType: "text/plain" });
    assert((await carol.nextServerMessage("team talk at carol")).data === "team talk", "carol got team talk");
    assert((await bob.nextServerMessage("team talk at bob")).data === "team talk", "bob got team talk");
    await service.group("team").removeUser("carol");
    await service.group("team").removeConnection(bobConnected.connectionId);
    assert(!(await service.groupExists("team")), "team is gone with its last member");
    ok("the server SDK managed group membership and saw users, groups and connections exist");

    await service.grantPermission(carolConnected.connectionId, "joinLeaveGroup", { targetName: "vip" });
    assert(await service.hasPermission(carolConnected.connectionId, "joinLeaveGroup", { targetName: "vip" }),
      "carol has the granted permission");
    await withTimeout(carol.joinGroup("vip"), "carol joining vip with the granted permission");
    await service.revokePermission(carolConnected.connectionId, "joinLeaveGroup", { targetName: "vip" });
    assert(!(await service.hasPermission(carolConnected.connectionId, "joinLeaveGroup", { targetName: "vip" })),
      "carol's permission was revoked");
    ok("the server SDK granted, checked and revoked a permission, and carol joined with it");

    // A dropped network connection: the client recovers it (same connection, nothing lost) instead of starting anew.
    const socket = alice._wsClient?._socket;
    assert(typeof socket?.terminate === "function", "the client's internals changed: cannot drop alice's socket");
    let disconnected = false;
    alice.on("disconnected", () => { disconnected = true; });
    socket.terminate();
    await service.sendToUser("alice", "while you were away", { contentType: "text/plain" });
    const missed = await alice.nextServerMessage("the message sent while alice's socket was down");
    assert(missed.data === "while you were away", `alice got ${JSON.stringify(missed)}`);
    assert(!disconnected, "alice was disconnected instead of recovering");
    assert(await service.connectionExists(aliceConnected.connectionId), "alice kept her connection id");
    ok("alice's dropped socket was recovered with awps_reconnection_token, and she got what was sent meanwhile");

    plain = new WebSocket((await service.getClientAccessToken({ userId: "dave" })).url);
    const plainFrames = [];
    const plainFrame = new Promise((resolve) => plain.on("message", (data, isBinary) => {
      plainFrames.push({ data, isBinary });
      resolve();
    }));
    await withTimeout(new Promise((resolve, reject) => { plain.on("open", resolve); plain.on("error", reject); }),
      "dave's plain WebSocket to open");
    // A plain client hears no "connected" message: the hub registers it just after the upgrade, so wait for that.
    await withTimeout((async () => { while (!(await service.userExists("dave"))) { await sleep(20); } })(),
      "dave's connection to be registered");
    await service.sendToUser("dave", "bare text", { contentType: "text/plain" });
    await withTimeout(plainFrame, "dave's plain frame");
    assert(!plainFrames[0].isBinary && plainFrames[0].data.toString() === "bare text",
      `dave got ${JSON.stringify(plainFrames[0])}`);
    plain.send("hello from a plain socket");
    ok("a plain WebSocket client (no subprotocol) got a bare text frame and sent one");

    await service.closeConnection(bobConnected.connectionId, { reason: "bye bob" });
    const bobGone = await bob.nextDisconnected("bob's disconnected event");
    assert(bobGone.message?.message === "bye bob", `bob was told ${JSON.stringify(bobGone.message)}`);
    ok("the server SDK closed bob's connection, and bob was told why");

    await expectRefused(required("WEBPUBSUB_URL_EXPIRED"), "an expired token");
    await expectRefused(required("WEBPUBSUB_URL_WRONG_KEY"), "a token signed with another key");
    ok("expired and wrongly signed tokens were refused with 401");

    const endpoint = connectionString.match(/Endpoint=([^;]+)/i)[1];
    const intruder = new WebPubSubServiceClient(`Endpoint=${endpoint};AccessKey=${required("WEBPUBSUB_WRONG_KEY")};`,
      HUB, { allowInsecureConnection: true });
    let refused;
    try {
      await intruder.sendToAll("no");
    } catch (error) {
      refused = error;
    }
    assert(refused?.statusCode === 401, `a REST call with another key got ${refused?.statusCode ?? "through"}`);
    ok("a REST call signed with another key was refused with 401");
  } finally {
    alice.stop();
    bob.stop();
    carol.stop();
    plain?.close();
  }
}

const watchdog = setTimeout(() => fail(`the checks did not finish within ${TOTAL_TIMEOUT_MS} ms`), TOTAL_TIMEOUT_MS);
main().then(
  () => {
    clearTimeout(watchdog);
    console.log(`All ${passed} checks passed.`);
    process.exit(0);
  },
  (error) => fail(`${error?.message ?? error} (after ${passed} passed checks)`),
);
