// SKP drafting page: no silent loss of typed text, searchable intervensi list, focus after
// htmx swaps. Forms marked data-jaga are watched; data-kotor marks a form with unsaved input.
(() => {
  const KOTOR = "data-kotor";
  const formKotor = (kecuali) =>
    [...document.querySelectorAll(`form[data-jaga][${KOTOR}]`)].filter((f) => f !== kecuali);

  // A field's form is its `form` attribute's when it has one (a conversation's reply box sits
  // in a stored card, its form outside: skp/_percakapan_formulir.html), else the one around it.
  document.addEventListener("input", (event) => {
    const form = event.target.form || event.target.closest("form");
    if (form?.matches("[data-jaga]") && !event.target.matches("[data-saring]")) form.setAttribute(KOTOR, "");
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
    const edit = root.querySelector(
      "form[data-fokus-awal] :is(select, textarea, input:not([type=hidden]))",
    );
    // Not when the user already went into the new form (a click or Tab before the settle):
    // their cursor stays where they put it, and their typing goes where they typed.
    if (edit && !root.contains(document.activeElement)) edit.focus();
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

// The messages of an editor action (#skp-pesan, at the top of the editor) are shown beside
// what caused them: the card, list item or section the pressed button sits in; when that is
// gone (deleted), where it was (after the card before it), else the nearest enclosing one
// still on the page. At the top they were off-screen and the action seemed to do nothing.
// Each message is role="alert" (_partials/messages.html), announced when it appears.
(() => {
  let asal = [];
  document.addEventListener("htmx:beforeRequest", (event) => {
    const pemicu = event.detail.requestConfig?.triggeringEvent?.submitter || event.detail.elt;
    // The next action's answer replaces the last one's message, wherever it stood.
    document.querySelectorAll(".skp-pesan-lokal").forEach((el) => el.remove());
    asal = [];
    for (let el = pemicu; el && el.id !== "skp-editor"; el = el.parentElement) {
      if (el.id && el.matches("article, section, li, .lampiran-daftar")) {
        asal.push({ id: el.id, sebelum: el.previousElementSibling?.id });
      }
    }
  });
  const letakkan = (kotak) => {
    for (const { id, sebelum } of asal) {
      const jangkar = document.getElementById(id);
      if (jangkar) {
        // Inside a list item or under a section's heading; before a card or a list.
        const judul = jangkar.matches("section") && jangkar.querySelector(":scope > h2, :scope > h3");
        if (judul) judul.after(kotak);
        else if (jangkar.matches("li")) jangkar.prepend(kotak);
        else jangkar.before(kotak);
        return true;
      }
      const tetangga = sebelum && document.getElementById(sebelum);
      if (tetangga) {
        tetangga.after(kotak);
        return true;
      }
    }
    return false;
  };
  // After every part of the answer settled (the messages come out of band, before the
  // part the focus goes to): beside the card that has the focus now (a new RK, the card of
  // a deleted IKI; its section's heading may be thousands of pixels above it), else where
  // the pressed button stood.
  document.addEventListener("htmx:afterSettle", () => {
    setTimeout(() => {
      const pesan = document.querySelectorAll("#skp-pesan .alert");
      if (!pesan.length || !asal.length) return;
      const kotak = document.createElement("div");
      kotak.className = "skp-pesan-lokal";
      kotak.append(...pesan);
      const kartu = document.activeElement?.closest("#skp-editor article");
      if (kartu) {
        kartu.before(kotak);
        kotak.scrollIntoView({ block: "nearest" });
      } else if (letakkan(kotak)) kotak.scrollIntoView({ block: "nearest" });
      else document.getElementById("skp-pesan").append(...kotak.children);
    }, 0);
  });
})();
