// What every page of the sample shares: calls to the application's own API, with the CSRF token Spring Security
// asks for, the signed-in user in the top bar, and signing out.

/** The CSRF token that Spring Security keeps in the XSRF-TOKEN cookie; sent back in the X-XSRF-TOKEN header. */
function csrfToken() {
  const cookie = document.cookie.split("; ").find((entry) => entry.startsWith("XSRF-TOKEN="));
  return cookie ? decodeURIComponent(cookie.substring("XSRF-TOKEN=".length)) : "";
}

/**
 * Calls the application. X-Requested-With tells Spring Security that a script asks: an expired session is then
 * answered 401 (no password dialog), and the page goes to the login page.
 */
export async function callApi(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" };
  if (method !== "GET") {
    headers["X-XSRF-TOKEN"] = csrfToken();
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
    credentials: "same-origin",
  });
  if (response.status === 401) {
    window.location.assign("/login");
    throw new Error("Signed out: going to the login page");
  }
  return response;
}

/** Shows who is signed in, and the administrators' links to administrators. */
export async function showSignedInUser() {
  const response = await callApi("/api/me");
  if (!response.ok) {
    throw new Error(`/api/me answered ${response.status}`);
  }
  const user = await response.json();
  document.getElementById("user-name").textContent = user.name;
  document.querySelectorAll("[data-admin-only]").forEach((element) => {
    element.hidden = !user.admin;
  });
  return user;
}

document.getElementById("sign-out")?.addEventListener("click", async () => {
  await fetch("/logout", { method: "POST", headers: { "X-XSRF-TOKEN": csrfToken() }, credentials: "same-origin" });
  window.location.assign("/login?logout");
});
