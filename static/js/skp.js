// SKP drafting page: no silent loss of typed text, searchable intervensi list, focus after
// htmx swaps. Forms marked data-jaga are watched; data-kotor marks a form with unsaved input.
(() => {
  const KOTOR = "data-kotor";
  const formKotor = (kecuali) =>
    [...document.querySelectorAll(`form[data-jaga][${KOTOR}]`)].filter((f) => f !== kecuali);

  document.addEventListener("input", (event) => {
    const form = event.target.closest("form[data-jaga]");
    if (form && !event.target.matches("[data-saring]")) form.setAttribute(KOTOR, "");
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-jaga]");
    if (form && !form.hasAttribute("hx-post")) form.removeAttribute(KOTOR);
  });
  window.addEventListener("beforeunload", (event) => {
    if (formKotor(null).length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Before any htmx request: confirm deletions (data-konfirmasi on the button or its form),
  // and warn when other typed text could be lost by the swap.
  document.addEventListener("htmx:confirm", (event) => {
    const elt = event.detail.elt;
    const form = elt.closest("form");
    const pesan = [];
    const tombol = event.detail.triggeringEvent?.submitter;
    const konfirmasi = tombol?.dataset.konfirmasi || (form || elt).dataset.konfirmasi;
    if (konfirmasi) pesan.push(konfirmasi);
    if (formKotor(form).length) pesan.push("Isian lain yang belum disimpan akan hilang. Lanjutkan?");
    if (!pesan.length) return;
    event.preventDefault();
    if (window.confirm(pesan.join("\n\n"))) event.detail.issueRequest(true);
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt.closest("form[data-jaga]");
    if (form) form.removeAttribute(KOTOR);
  });
  document.addEventListener("htmx:responseError", () => {
    window.alert("Perubahan gagal dikirim. Muat ulang halaman lalu coba lagi.");
  });

  // Searchable choice of the atasan's rencana kinerja.
  document.addEventListener("input", (event) => {
    const box = event.target.closest("[data-saring]");
    if (!box) return;
    const list = document.getElementById(box.dataset.saring);
    const kata = box.value.trim().toLowerCase();
    for (const item of list.querySelectorAll("[data-teks]")) {
      item.classList.toggle("d-none", kata !== "" && !item.textContent.toLowerCase().includes(kata));
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("[data-saring]")) event.preventDefault();
  });

  // Focus: the first invalid field, else the element the server named, else an edit form.
  const fokus = (root) => {
    const invalid = root.querySelector(".is-invalid, .invalid-feedback.d-block");
    if (invalid) {
      const field = invalid.matches("input, textarea, select")
        ? invalid
        : invalid.closest("fieldset, form")?.querySelector("input:not([type=hidden]), textarea");
      (field || invalid).focus();
      return;
    }
    // The swapped part names it: the editor region, or the one card or section that changed.
    const nama = root.dataset?.fokus;
    const target = nama && document.getElementById(nama);
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "nearest" });
      return;
    }
    const edit = root.querySelector("form[data-fokus-awal] textarea, form[data-fokus-awal] input:not([type=hidden])");
    if (edit) edit.focus();
    for (const form of root.querySelectorAll(`form[data-jaga][${KOTOR}]`)) {
      form.closest("details")?.setAttribute("open", "");
    }
  };
  document.addEventListener("htmx:afterSettle", (event) => fokus(event.detail.elt));
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector(".is-invalid");
    if (form) fokus(document);
  });
})();

// A 409 (the item changed in another tab first, or was deleted there) carries the card (or
// the editor) with the current content and the reason, HX-Retarget naming where it goes: swap
// it in like a success instead of the generic failure alert.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
