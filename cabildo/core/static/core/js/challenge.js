// Cabildo: configures the ALTCHA widget of public forms (cabildo/core/challenge.py).
// Loaded as a module after the widget's module: the PBKDF2 worker is a same-origin file
// (strict CSP, no blob: workers) and the widget's texts come from Cabildo's catalogue.
const box = document.querySelector("[data-challenge]");
const altcha = globalThis.$altcha;
if (box && altcha) {
  const worker = box.dataset.worker;
  altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(worker));
  const strings = document.getElementById("altcha-strings");
  if (strings) {
    altcha.i18n.set("cabildo", JSON.parse(strings.textContent));
  }
}
