// The Client URL Generator page: sends the form to the admin-only API, shows the URL, what its token holds (decoded
// here, from the token itself) and how long it has left.
import { callApi, showSignedInUser } from "./session.js";

const $ = (id) => document.getElementById(id);
let countdownTimer = null;

function splitList(text) {
  return text.split(",").map((item) => item.trim()).filter((item) => item.length > 0);
}

function requestedRoles() {
  const roles = [...document.querySelectorAll('input[name="role"]:checked')].map((box) => box.value);
  const group = $("role-group").value.trim();
  if (group) {
    if ($("role-join-group").checked) {
      roles.push(`webpubsub.joinLeaveGroup.${group}`);
    }
    if ($("role-send-group").checked) {
      roles.push(`webpubsub.sendToGroup.${group}`);
    }
  }
  return roles.concat(splitList($("extra-roles").value));
}

/** Decodes one base64url part of a JWT into an object. */
function decodePart(part) {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function formatRemaining(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function startCountdown(exp) {
  clearInterval(countdownTimer);
  const countdown = $("countdown");
  const at = new Date(exp * 1000).toLocaleTimeString();
  const tick = () => {
    const left = Math.max(0, Math.round(exp - Date.now() / 1000));
    countdown.classList.toggle("expired", left === 0);
    countdown.textContent = left === 0 ? `Expired at ${at}` : `Expires in ${formatRemaining(left)}`;
    countdown.title = `The token expires at ${at}`;
    if (left === 0) {
      clearInterval(countdownTimer);
    }
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

function showProblem(text) {
  $("problem").textContent = text;
  $("problem").hidden = false;
}

function showResult(generated) {
  const [header, claims] = generated.token.split(".").slice(0, 2).map(decodePart);
  $("url").value = generated.url;
  $("token-header").textContent = JSON.stringify(header, null, 2);
  $("token-claims").textContent = JSON.stringify(claims, null, 2);
  $("socketio-details").hidden = generated.protocol !== "socketio";
  $("socketio-endpoint").textContent = generated.endpoint;
  $("socketio-path").textContent = generated.path;
  $("placeholder").hidden = true;
  $("result").hidden = false;
  startCountdown(claims.exp);
}

async function generate(event) {
  event.preventDefault();
  $("problem").hidden = true;
  const minutes = $("lifetime").value.trim();
  const request = {
    hub: $("hub").value.trim(),
    userId: $("user-id").value,
    roles: requestedRoles(),
    groups: splitList($("groups").value),
    lifetime: minutes ? `PT${minutes}M` : null,
    protocol: $("protocol").value,
  };
  $("generate").disabled = true;
  try {
    const response = await callApi("/generator/api/client-url", { method: "POST", body: request });
    const body = await response.json();
    if (!response.ok) {
      showProblem(body.detail ?? `The generator answered ${response.status}`);
      return;
    }
    showResult(body);
  } catch (error) {
    showProblem(`The URL could not be generated: ${error.message}`);
  } finally {
    $("generate").disabled = false;
  }
}

async function copyUrl() {
  const url = $("url");
  try {
    await navigator.clipboard.writeText(url.value);
  } catch {
    url.select();
    document.execCommand("copy");
  }
  $("copy").textContent = "Copied";
  setTimeout(() => {
    $("copy").textContent = "Copy";
  }, 1500);
}

async function loadDefaults() {
  const response = await callApi("/generator/api/defaults");
  const defaults = await response.json();
  $("hub").value = defaults.hub ?? "";
  $("hub").placeholder = defaults.hub ? "" : "required: no default hub";
  const maxMinutes = Math.floor(defaults.maxLifetimeSeconds / 60);
  $("lifetime").value = Math.max(1, Math.round(defaults.lifetimeSeconds / 60));
  $("lifetime").max = maxMinutes;
  $("lifetime-hint").textContent = `At most ${maxMinutes} (webpubsub.token.max-lifetime).`;
}

$("generator").addEventListener("submit", generate);
$("copy").addEventListener("click", copyUrl);
showSignedInUser().catch((error) => showProblem(`Could not tell who is signed in: ${error.message}`));
loadDefaults().catch((error) => showProblem(`Could not load the defaults: ${error.message}`));
