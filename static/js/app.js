// Our own scripts; no inline scripts in templates (a strict CSP comes with the security pass).
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// A form, or the button that sends it, with data-konfirmasi="…" asks before it is sent
// (destructive or irreversible posts).
document.addEventListener("submit", (event) => {
  const pesan = event.submitter?.dataset.konfirmasi || event.target.dataset?.konfirmasi;
  if (pesan && !window.confirm(pesan)) event.preventDefault();
});
