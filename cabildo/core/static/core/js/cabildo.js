// Cabildo: small progressive enhancements. Everything works without JavaScript.
(function () {
  "use strict";
  var STORE = "cabildo-a11y";
  var MIN_SIZE = -2;
  var MAX_SIZE = 4;
  var root = document.documentElement;

  root.classList.add("js");

  function load() {
    try {
      var state = JSON.parse(window.localStorage.getItem(STORE)) || {};
      return {
        contrast: !!state.contrast,
        size: Math.max(MIN_SIZE, Math.min(MAX_SIZE, parseInt(state.size, 10) || 0))
      };
    } catch (e) {
      return { contrast: false, size: 0 };
    }
  }
  function save(state) {
    try { window.localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function apply(state) {
    root.classList.toggle("high-contrast", state.contrast);
    if (state.size) {
      root.setAttribute("data-text-size", String(state.size));
    } else {
      root.removeAttribute("data-text-size");
    }
    document.querySelectorAll('[data-a11y="contrast"]').forEach(function (button) {
      button.setAttribute("aria-pressed", state.contrast ? "true" : "false");
    });
    document.querySelectorAll('[data-a11y="smaller"]').forEach(function (button) {
      button.setAttribute("aria-disabled", state.size <= MIN_SIZE ? "true" : "false");
    });
    document.querySelectorAll('[data-a11y="larger"]').forEach(function (button) {
      button.setAttribute("aria-disabled", state.size >= MAX_SIZE ? "true" : "false");
    });
  }

  var state = load();
  apply(state);

  // Accessibility bar: native buttons, so Enter and Space work out of the box.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-a11y]");
    if (!button) { return; }
    var action = button.getAttribute("data-a11y");
    if (action === "contrast") { state.contrast = !state.contrast; }
    if (action === "larger") { state.size = Math.min(state.size + 1, MAX_SIZE); }
    if (action === "smaller") { state.size = Math.max(state.size - 1, MIN_SIZE); }
    if (action === "reset") { state.size = 0; }
    save(state);
    apply(state);
  });

  // Collapsible navigation on small screens (shown expanded when JavaScript is off).
  function setupNavToggle() {
    var toggle = document.querySelector("[data-nav-toggle]");
    if (!toggle) { return; }
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!panel) { return; }
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        panel.classList.remove("is-open");
        toggle.focus();
      }
    });
  }

  // A wide table scrolls inside its .table-responsive wrapper: make that region reachable and
  // scrollable with the keyboard, named by the table's caption (WCAG 2.1.1, 1.4.10).
  var regionCount = 0;
  function setupScrollRegions() {
    var wrappers = document.querySelectorAll(".table-responsive");
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      if (!scrolls) {
        if (wrapper.dataset.scrollRegion) {
          wrapper.removeAttribute("tabindex");
          wrapper.removeAttribute("role");
          delete wrapper.dataset.scrollRegion;
        }
        return;
      }
      if (wrapper.dataset.scrollRegion) { return; }
      wrapper.dataset.scrollRegion = "1";
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      var caption = wrapper.querySelector("caption");
      if (caption) {
        if (!caption.id) { regionCount += 1; caption.id = "tabla-desplazable-" + regionCount; }
        wrapper.setAttribute("aria-labelledby", caption.id);
      } else if (!wrapper.hasAttribute("aria-label")) {
        wrapper.setAttribute("aria-label", document.documentElement.lang === "en" ? "Table" : "Tabla");
      }
    });
  }

  // Fields that apply only when a box is ticked, or when a choice has one of the values in
  // data-show-values (the guardian of a minor): shown with it.
  function setupConditionalFields() {
    var dependents = document.querySelectorAll("[data-show-if]");
    Array.prototype.forEach.call(dependents, function (field) {
      var form = field.form;
      var control = form && form.elements[field.getAttribute("data-show-if")];
      var container = field.closest(".mb-3") || field;
      if (!control || !control.type) { return; }
      var values = (field.getAttribute("data-show-values") || "").split(" ");
      var applies = function () {
        return control.type === "checkbox" ? control.checked : values.indexOf(control.value) >= 0;
      };
      var sync = function () { container.classList.toggle("d-none", !applies()); };
      control.addEventListener("change", sync);
      sync();
    });
  }

  // Open the collapsed section (<details>) that holds the element the address points to.
  function openTarget() {
    if (!window.location.hash) { return; }
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }

  function ready() {
    apply(state);
    setupNavToggle();
    setupScrollRegions();
    window.addEventListener("resize", setupScrollRegions);
    setupConditionalFields();
    openTarget();
    window.addEventListener("hashchange", openTarget);
    // Move focus to an error summary so screen readers announce it.
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
