// DaaS UI behaviour, loaded as a module on every page. Event listeners only: the CSP forbids inline handlers.

// A password input marked data-reveal gets a Show/Hide button beside it.
function addRevealButtons(root) {
  for (const input of root.querySelectorAll("input[data-reveal]:not([data-reveal-ready])")) {
    input.setAttribute("data-reveal-ready", "");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Show";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    // data-reveal="NAME" names what the button shows, for a screen reader and among many rows.
    const what = input.dataset.reveal;
    if (what) button.setAttribute("aria-label", `Show ${what}`);
    button.addEventListener("click", () => {
      const shown = input.type === "password";
      input.type = shown ? "text" : "password";
      button.textContent = shown ? "Hide" : "Show";
      if (what) button.setAttribute("aria-label", `${shown ? "Hide" : "Show"} ${what}`);
      button.setAttribute("aria-pressed", String(shown));
    });
    input.after(button);
  }
}

addRevealButtons(document);
// Content htmx swaps in gets the same treatment.
document.addEventListener("htmx:load", (event) => addRevealButtons(event.target));

// A <pre data-src> follows an app's log: the API's server-sent events (the tail first, then each
// new line). data-state says where it stands: connecting, following, ended (the container
// stopped) or retrying. A dropped stream is opened again from a fresh tail, not appended twice.
const maxLogLines = 5000;

function followLogs(pre) {
  const tail = document.getElementById("log-tail");
  let source = null;
  let retry = null;

  const open = () => {
    clearTimeout(retry);
    source?.close();
    pre.textContent = "";
    pre.dataset.state = "connecting";
    const url = `${pre.dataset.src}?follow=true&tail=${encodeURIComponent(tail?.value ?? "100")}`;
    source = new EventSource(url);
    // The API sends a ready event at once: following from then on, even while the app is silent.
    source.addEventListener("ready", () => { pre.dataset.state = "following"; });
    source.addEventListener("message", (event) => append(event.data));
    source.addEventListener("end", () => {
      source.close();
      pre.dataset.state = "ended";
      append("(the container stopped; reload to follow its next one)");
    });
    source.addEventListener("error", async () => {
      if (pre.dataset.state === "ended") return;
      source.close();
      const wasFollowing = pre.dataset.state === "following";
      pre.dataset.state = "retrying";
      let delay = 3000;
      if (!wasFollowing) {
        // Refused before it began: ask once why (EventSource does not say), instead of retrying blindly.
        try {
          const answer = await fetch(`${pre.dataset.src}?tail=1`, { headers: { Accept: "application/problem+json" } });
          if (answer.status === 401) {
            location.reload(); // the session ended: the page itself goes to the sign-in form
            return;
          }
          if (!answer.ok) {
            const problem = await answer.json().catch(() => null);
            pre.textContent = problem?.detail ?? `The log cannot be read (HTTP ${answer.status}).`;
            if (answer.status === 404) {
              pre.dataset.state = "unavailable";
              return;
            }
            delay = 10000; // e.g. no running instance yet: look again now and then
          }
        } catch {
          // DaaS unreachable: retry as usual
        }
      }
      retry = setTimeout(open, delay);
    });
  };

  const append = (line) => {
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.append(line + "\n");
    while (pre.childNodes.length > maxLogLines) pre.firstChild.remove();
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  };

  tail?.addEventListener("change", open);
  open();
}

for (const pre of document.querySelectorAll("pre[data-src]")) followLogs(pre);

// A panel polls itself (hx-trigger="every …"): the poll waits while the user is inside it (focus on
// one of its buttons or links, or a "why it failed" opened), so a swap neither throws the keyboard
// focus back to the page's start nor closes what they are reading.
document.addEventListener("htmx:beforeRequest", (event) => {
  const panel = event.detail.elt;
  const active = document.activeElement;
  if ((active && active !== document.body && panel.contains(active)) || panel.querySelector("details[open]")) {
    event.preventDefault();
  }
});
