// Cabildo: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  var STORE = "cabildo-a11y";
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { window.localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function apply(state) {
    root.classList.toggle("high-contrast", !!state.contrast);
    root.style.fontSize = state.scale ? state.scale + "%" : "";
    document.querySelectorAll('[data-a11y="contrast"]').forEach(function (b) {
      b.setAttribute("aria-pressed", state.contrast ? "true" : "false");
    });
  }

  var state = load();
  apply(state);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-a11y]");
    if (!button) { return; }
    var action = button.getAttribute("data-a11y");
    var scale = state.scale || 100;
    if (action === "contrast") { state.contrast = !state.contrast; }
    if (action === "larger") { state.scale = Math.min(scale + 10, 150); }
    if (action === "smaller") { state.scale = Math.max(scale - 10, 80); }
    save(state);
    apply(state);
  });

  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
