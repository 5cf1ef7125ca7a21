// Our own scripts; no inline scripts in templates (a strict CSP comes with the security pass).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// A form, or the button that sends it, with data-konfirmasi="…" asks before it is sent
// (destructive or irreversible posts). An htmx form is sent by htmx, which has asked already
// (htmx:confirm, skp.js) by the time the submit event reaches the document: asking again here
// would be a second prompt whose "Batal" comes too late to stop anything.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (window.htmx && form.hasAttribute("hx-post")) return;
  const pesan = event.submitter?.dataset.konfirmasi || form.dataset?.konfirmasi;
  if (pesan && !window.confirm(pesan)) event.preventDefault();
});
