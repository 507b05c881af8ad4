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
    button.addEventListener("click", () => {
      const shown = input.type === "password";
      input.type = shown ? "text" : "password";
      button.textContent = shown ? "Hide" : "Show";
      button.setAttribute("aria-pressed", String(shown));
    });
    input.after(button);
  }
}

addRevealButtons(document);
// Content htmx swaps in gets the same treatment.
document.addEventListener("htmx:load", (event) => addRevealButtons(event.target));
