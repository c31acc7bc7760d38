// Drives the sample with Microsoft's official client, @azure/web-pubsub-client, as an API client would: each user's
// Client Access URL comes from the sample's /negotiate endpoint with HTTP Basic. Checks what the client sees: start,
// join a group, send and receive group messages (reliable and plain JSON subprotocols, with and without echo),
// recovery of a dropped connection, the groups and roles /negotiate grants by the user's authorities,
// the Forbidden error for a send without the role, and refusal of expired and forged tokens.
//
// Usage: node official-client-check.mjs, with
//   WEBPUBSUB_NEGOTIATE_URL                             the sample's endpoint, such as http://localhost:8080/negotiate
//   WEBPUBSUB_USER_ALICE, WEBPUBSUB_USER_BOB, WEBPUBSUB_USER_ADMIN   name:password of the sample's users
//   WEBPUBSUB_URL_EXPIRED                               a Client Access URL whose token expired (negotiate never
//                                                       gives one)
// Exits 0 when every check passed, 1 with a message naming the failed check otherwise.

import { WebPubSubClient, WebPubSubJsonProtocol } from "@azure/web-pubsub-client";

const STEP_TIMEOUT_MS = 10_000;
const TOTAL_TIMEOUT_MS = 90_000;
const GROUP = "lobby";

function required(variable) {
  const value = process.env[variable];
  if (!value) {
    throw new Error(`${variable} is not set (see the usage at the top of this script)`);
  }
  return value;
}

/** How many URLs each user was given by /negotiate. */
const negotiations = new Map();

/**
 * Returns a Client Access URL for one of the script's users. This is the one place that knows where URLs come from.
 *   alice, bob: ROLE_USER, may join, leave and send to `lobby` and their own `user-<name>` group, which they join
 *               on connect
 *   admin:      ROLE_ADMIN, may join and send to any group
 *   expired:    a token whose exp has passed
 */
async function clientAccessUrl(user) {
  if (user === "expired") {
    return required("WEBPUBSUB_URL_EXPIRED");
  }
  const credentials = Buffer.from(required(`WEBPUBSUB_USER_${user.toUpperCase()}`)).toString("base64");
  const response = await fetch(required("WEBPUBSUB_NEGOTIATE_URL"), {
    headers: { Authorization: `Basic ${credentials}`, Accept: "application/json" },
  });
  if (response.status !== 200) {
    throw new Error(`/negotiate answered ${user} with ${response.status}: ${await response.text()}`);
  }
  if (response.headers.get("cache-control") !== "no-store") {
    throw new Error(`/negotiate answered with Cache-Control: ${response.headers.get("cache-control")}`);
  }
  const body = await response.json();
  negotiations.set(user, (negotiations.get(user) ?? 0) + 1);
  return body.url;
}

/** The same URL with one character of the token's signature changed: a token the hub must refuse. */
function forged(url) {
  const parsed = new URL(url);
  const [header, payload, signature] = parsed.searchParams.get("access_token").split(".");
  const first = signature[0] === "A" ? "B" : "A";
  parsed.searchParams.set("access_token", `${header}.${payload}.${first}${signature.slice(1)}`);
  return parsed.toString();
}

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

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms waiting for ${what}`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A client whose group messages are queued, so that a check can wait for the next one. */
function newClient(user, options = {}) {
  const client = new WebPubSubClient({ getClientAccessUrl: () => clientAccessUrl(user) }, options);
  const received = [];
  const waiting = [];
  client.on("group-message", (event) => {
    const next = waiting.shift();
    if (next) {
      next(event.message);
    } else {
      received.push(event.message);
    }
  });
  client.nextGroupMessage = (what) =>
    withTimeout(
      received.length > 0 ? Promise.resolve(received.shift()) : new Promise((resolve) => waiting.push(resolve)),
      what,
    );
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
  const alice = newClient("alice"); // json.reliable.webpubsub.azure.v1, the client's default
  const bob = newClient("bob", { protocol: WebPubSubJsonProtocol() });
  const admin = newClient("admin");
  try {
    await withTimeout(Promise.all([alice.start(), bob.start()]), "alice and bob to start");
    const [aliceConnected, bobConnected] = await withTimeout(
      Promise.all([alice.connectedEvent, bob.connectedEvent]),
      "the connected events",
    );
    assert(aliceConnected.userId === "alice", `alice connected as ${aliceConnected.userId}`);
    assert(bobConnected.userId === "bob", `bob connected as ${bobConnected.userId}`);
    assert(aliceConnected.connectionId && aliceConnected.connectionId !== bobConnected.connectionId,
      "connections have distinct connection ids");
    ok("alice (reliable JSON subprotocol) and bob (JSON subprotocol) connected with URLs from /negotiate, as themselves");

    await withTimeout(Promise.all([alice.joinGroup(GROUP), bob.joinGroup(GROUP)]), `joining ${GROUP}`);
    ok(`alice and bob joined ${GROUP}`);

    const greeting = { text: "Hello from alice", nonce: Math.random() };
    const ack = await withTimeout(alice.sendToGroup(GROUP, greeting, "json"), "the ack of alice's message");
    assert(ack.isDuplicated === false, "the ack is not a duplicate");
    const atBob = await bob.nextGroupMessage("alice's message at bob");
    assert(atBob.group === GROUP && atBob.fromUserId === "alice" && atBob.dataType === "json",
      `bob got ${JSON.stringify(atBob)}`);
    assert(JSON.stringify(atBob.data) === JSON.stringify(greeting), `bob got data ${JSON.stringify(atBob.data)}`);
    assert(atBob.sequenceId === undefined, "no sequenceId on the JSON subprotocol");
    const echo = await alice.nextGroupMessage("the echo of alice's message");
    assert(JSON.stringify(echo.data) === JSON.stringify(greeting) && echo.fromUserId === "alice", "alice got her echo");
    assert(Number.isInteger(echo.sequenceId) && echo.sequenceId >= 1, `sequenceId on the reliable subprotocol: ${echo.sequenceId}`);
    ok("alice sent a JSON message to lobby; bob and alice's echo received it, sender and data intact");

    await withTimeout(bob.sendToGroup(GROUP, "Hi alice, from bob", "text", { noEcho: true }), "the ack of bob's message");
    const atAlice = await alice.nextGroupMessage("bob's message at alice");
    assert(atAlice.fromUserId === "bob" && atAlice.dataType === "text" && atAlice.data === "Hi alice, from bob",
      `alice got ${JSON.stringify(atAlice)}`);
    assert(atAlice.sequenceId === echo.sequenceId + 1, `sequenceIds increase: ${echo.sequenceId}, ${atAlice.sequenceId}`);
    await withTimeout(bob.sendToGroup(GROUP, "marker", "text"), "the ack of bob's marker");
    const atBobNext = await bob.nextGroupMessage("bob's marker");
    assert(atBobNext.data === "marker", `with noEcho bob did not get his own message back, got ${JSON.stringify(atBobNext)}`);
    await alice.nextGroupMessage("bob's marker at alice");
    ok("bob sent a text message with noEcho; alice received it, bob did not");

    // A dropped network connection: the client recovers it with its reconnection token, keeps its connection and its
    // groups, and gets what was sent meanwhile, without asking /negotiate again.
    const socket = alice._wsClient?._socket;
    assert(typeof socket?.terminate === "function", "the client's internals changed: cannot drop alice's socket");
    const negotiatedBefore = negotiations.get("alice");
    let disconnected = false;
    alice.on("disconnected", () => { disconnected = true; });
    socket.terminate();
    await withTimeout(bob.sendToGroup(GROUP, "welcome back", "text"), "the ack of bob's welcome");
    const welcome = await alice.nextGroupMessage("bob's welcome at the recovered alice");
    assert(welcome.data === "welcome back", `alice got ${JSON.stringify(welcome)}`);
    assert(welcome.sequenceId === atAlice.sequenceId + 2, `numbering goes on: ${atAlice.sequenceId}, ${welcome.sequenceId}`);
    assert(!disconnected, "alice was disconnected instead of recovering her connection");
    assert(negotiations.get("alice") === negotiatedBefore, "alice needed no fresh URL to recover");
    await bob.nextGroupMessage("bob's welcome at bob");
    ok("after a dropped socket alice recovered her connection, still in lobby, and got what was sent meanwhile");

    // ROLE_ADMIN may send to any group; ROLE_USER joins user-<name> on connect, from the token.
    await withTimeout(admin.start(), "admin to start");
    await withTimeout(admin.sendToGroup("user-alice", "Just for you, alice", "text"), "the ack of admin's message");
    const direct = await alice.nextGroupMessage("admin's message to user-alice");
    assert(direct.group === "user-alice" && direct.fromUserId === "admin" && direct.data === "Just for you, alice",
      `alice got ${JSON.stringify(direct)}`);
    ok("admin sent to user-alice, a group alice joined on connect as her token says, and she received it");

    let forbidden;
    try {
      await withTimeout(alice.sendToGroup("user-bob", "not allowed", "text"), "the refusal of alice's message to user-bob");
    } catch (error) {
      forbidden = error;
    }
    assert(forbidden, "alice, without the role to send to user-bob, could send to it");
    assert(forbidden.name === "SendMessageError" && forbidden.errorDetail?.name === "Forbidden",
      `alice got ${forbidden.name} ${JSON.stringify(forbidden.errorDetail)} instead of a Forbidden ack`);
    ok("alice, without the role to send to user-bob, was refused with the error Forbidden");

    await expectRefused(await clientAccessUrl("expired"), "an expired token");
    ok("an expired token was refused with 401");
    await expectRefused(forged(await clientAccessUrl("alice")), "a token with an altered signature");
    ok("a wrongly signed token was refused with 401");
  } finally {
    alice.stop();
    bob.stop();
    admin.stop();
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
