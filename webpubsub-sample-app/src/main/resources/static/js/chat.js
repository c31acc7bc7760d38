// The chat page: a plain browser WebSocket speaking Web PubSub's JSON subprotocol, no client library.
//
// 1. GET /negotiate answers the signed-in user with a Client Access URL (the session cookie authenticates the call).
// 2. new WebSocket(url, "json.webpubsub.azure.v1"): the service (or the local hub) checks the token
//    and says "connected" with our user id.
// 3. joinGroup lobby, then sendToGroup lobby for each message; everyone in lobby, us included, receives it.
// 4. When the socket closes, negotiate again (the old token may have expired) and reconnect, waiting longer each try.
import { callApi, showSignedInUser } from "./session.js";

const SUBPROTOCOL = "json.webpubsub.azure.v1";
const GROUP = "lobby";
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10000, 30000];

const elements = {
  state: document.getElementById("connection-state"),
  messages: document.getElementById("messages"),
  noMessages: document.getElementById("no-messages"),
  composer: document.getElementById("composer"),
  input: document.getElementById("message"),
  send: document.getElementById("send"),
  user: document.getElementById("detail-user"),
  hub: document.getElementById("detail-hub"),
  endpoint: document.getElementById("detail-endpoint"),
  subprotocol: document.getElementById("detail-subprotocol"),
  connection: document.getElementById("detail-connection"),
  expires: document.getElementById("detail-expires"),
};

let socket = null;
let userId = null;
let failedAttempts = 0;
let nextAckId = 1;
const pendingAcks = new Map();

function setState(state, text) {
  elements.state.className = `status ${state}`;
  elements.state.textContent = text;
}

function setComposerEnabled(enabled) {
  elements.input.disabled = !enabled;
  elements.send.disabled = !enabled;
}

function append(item) {
  elements.noMessages.hidden = true;
  const atBottom = elements.messages.scrollHeight - elements.messages.scrollTop - elements.messages.clientHeight < 40;
  elements.messages.append(item);
  if (atBottom) {
    elements.messages.scrollTop = elements.messages.scrollHeight;
  }
}

function notice(text, isError = false) {
  const item = document.createElement("li");
  item.className = isError ? "notice error" : "notice";
  item.textContent = text;
  append(item);
}

/** What a group message says, whatever its data type. */
function messageText(message) {
  if (message.dataType === "text") {
    return String(message.data);
  }
  if (message.dataType === "json") {
    return typeof message.data?.text === "string" ? message.data.text : JSON.stringify(message.data);
  }
  return `(${message.dataType} data)`;
}

function showMessage(message) {
  const item = document.createElement("li");
  item.className = message.fromUserId && message.fromUserId === userId ? "message mine" : "message";
  item.dataset.from = message.fromUserId ?? "";
  const meta = document.createElement("div");
  meta.className = "meta";
  const sender = document.createElement("span");
  sender.className = "sender";
  sender.textContent = message.fromUserId ?? "anonymous";
  meta.append(sender);
  if (message.group !== GROUP) {
    const group = document.createElement("span");
    group.textContent = `to ${message.group}`;
    meta.append(group);
  }
  const time = document.createElement("time");
  const now = new Date();
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  meta.append(time);
  const text = document.createElement("div");
  text.className = "text";
  text.textContent = messageText(message);
  item.append(meta, text);
  append(item);
}

function sendFrame(frame, onAck) {
  const ackId = nextAckId++;
  pendingAcks.set(ackId, onAck);
  socket.send(JSON.stringify({ ...frame, ackId }));
}

function showAccess(access) {
  const url = new URL(access.url);
  elements.hub.textContent = decodeURIComponent(url.pathname.split("/").pop());
  elements.endpoint.textContent = `${url.protocol}//${url.host}`;
  elements.subprotocol.textContent = SUBPROTOCOL;
  elements.expires.textContent = new Date(access.expiresAt).toLocaleString();
}

function receive(message) {
  switch (message.type) {
    case "system":
      if (message.event === "connected") {
        userId = message.userId;
        elements.user.textContent = userId ?? "(anonymous)";
        elements.connection.textContent = message.connectionId;
        setState("connecting", `Joining ${GROUP}…`);
        sendFrame({ type: "joinGroup", group: GROUP }, (ack) => {
          if (ack.success || ack.error?.name === "Duplicate") {
            failedAttempts = 0;
            setState("connected", "Connected");
            setComposerEnabled(true);
            notice(`You joined ${GROUP} as ${userId}.`);
          } else {
            setState("disconnected", `Not allowed in ${GROUP}`);
            notice(`Could not join ${GROUP}: ${ack.error?.name} ${ack.error?.message ?? ""}`, true);
          }
        });
      } else if (message.event === "disconnected") {
        notice(`Disconnected by the service: ${message.message ?? "no reason given"}`, true);
      }
      break;
    case "ack": {
      const onAck = pendingAcks.get(message.ackId);
      pendingAcks.delete(message.ackId);
      onAck?.(message);
      break;
    }
    case "message":
      if (message.from === "group") {
        showMessage(message);
      }
      break;
    default:
      break;
  }
}

function reconnectLater(reason) {
  const delay = RETRY_DELAYS_MS[Math.min(failedAttempts, RETRY_DELAYS_MS.length - 1)];
  failedAttempts++;
  setComposerEnabled(false);
  setState("disconnected", `Reconnecting in ${Math.round(delay / 1000)} s`);
  notice(`${reason}. Reconnecting in ${Math.round(delay / 1000)} s.`, true);
  setTimeout(connect, delay);
}

async function connect() {
  setState("connecting", "Connecting…");
  let access;
  try {
    const response = await callApi("/negotiate");
    if (!response.ok) {
      throw new Error(`/negotiate answered ${response.status}`);
    }
    access = await response.json();
  } catch (error) {
    reconnectLater(`No Client Access URL (${error.message})`);
    return;
  }
  showAccess(access);
  const ws = new WebSocket(access.url, SUBPROTOCOL);
  socket = ws;
  nextAckId = 1;
  pendingAcks.clear();
  ws.addEventListener("message", (event) => receive(JSON.parse(event.data)));
  ws.addEventListener("close", (event) => {
    if (socket !== ws) {
      return;
    }
    socket = null;
    elements.connection.textContent = "–";
    reconnectLater(`The connection closed (code ${event.code}${event.reason ? `: ${event.reason}` : ""})`);
  });
}

elements.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = elements.input.value.trim();
  if (!text || !socket || socket.readyState !== WebSocket.OPEN) {
    return;
  }
  sendFrame({ type: "sendToGroup", group: GROUP, dataType: "text", data: text }, (ack) => {
    if (!ack.success && ack.error?.name !== "Duplicate") {
      notice(`Not sent: ${ack.error?.name} ${ack.error?.message ?? ""}`, true);
    }
  });
  elements.input.value = "";
  elements.input.focus();
});

showSignedInUser().catch((error) => notice(`Could not tell who is signed in: ${error.message}`, true));
connect();
