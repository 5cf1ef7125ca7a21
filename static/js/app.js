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

// A preset link (data-preset-isi, data-preset-ke="<textarea id>") fills that textarea in place
// instead of opening the form with the preset (what it does without JS). Typed text is
// replaced only after asking.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-preset-isi]");
  const kotak = link && document.getElementById(link.dataset.presetKe);
  if (!kotak) return;
  event.preventDefault();
  const isi = link.dataset.presetIsi;
  if (kotak.value.trim() && kotak.value !== isi && !window.confirm("Ganti isian dengan teks preset ini?")) return;
  kotak.value = isi;
  kotak.dispatchEvent(new Event("input", { bubbles: true }));
  link.closest("details")?.removeAttribute("open");
  kotak.focus();
});

// A select whose long options are cut at a word (data-teks-utuh, skp.forms.PilihanRingkas)
// shows the chosen option's full text (its title) beneath it.
const tampilTeksUtuh = (select) => {
  let keterangan = select.parentElement.querySelector(".teks-utuh");
  if (!keterangan) {
    keterangan = document.createElement("div");
    keterangan.className = "form-text teks-utuh";
    keterangan.setAttribute("aria-live", "polite");
    select.insertAdjacentElement("afterend", keterangan);
  }
  keterangan.textContent = select.selectedOptions[0]?.title || "";
};
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-teks-utuh]")) tampilTeksUtuh(event.target);
});
document.querySelectorAll("select[data-teks-utuh]").forEach(tampilTeksUtuh);

// A table that scrolls sideways inside its box (a phone, 400 % zoom) must be reachable by
// keyboard to be scrolled (WCAG 2.1.1): such a box joins the tab order while it scrolls.
(() => {
  const tabelGeser = () => {
    for (const kotak of document.querySelectorAll(".table-responsive")) {
      const geser = kotak.scrollWidth > kotak.clientWidth + 1;
      if (geser && !kotak.hasAttribute("tabindex")) {
        kotak.setAttribute("tabindex", "0");
        kotak.dataset.geser = "";
      } else if (!geser && kotak.dataset.geser !== undefined) {
        kotak.removeAttribute("tabindex");
        delete kotak.dataset.geser;
      }
    }
  };
  let tunda;
  const nanti = () => {
    clearTimeout(tunda);
    tunda = setTimeout(tabelGeser, 150);
  };
  document.addEventListener("DOMContentLoaded", tabelGeser);
  document.addEventListener("htmx:afterSettle", nanti);
  window.addEventListener("resize", nanti);
})();

// A page sent back with an error in a form (posted without htmx: a validator's note, the
// kembalikan note): the first field in error takes the focus and the eye, instead of the
// top of a long page where nothing seems to have happened.
window.addEventListener("load", () => {
  const salah = document.querySelector("form .is-invalid");
  if (!salah || salah.closest("[data-jaga]")) return; // the editor's own forms: skp.js
  const field = salah.matches("input, textarea, select")
    ? salah
    : salah.closest("fieldset, form")?.querySelector("input:not([type=hidden]), textarea, select");
  (field || salah).focus({ preventScroll: true });
  (field || salah).scrollIntoView({ block: "center" });
});

// A page opened at a conversation (`#komentar-N`: after writing a comment or a reply, or
// from the list of open comments) gives it the focus as well as the eye: a screen reader
// and the keyboard continue from the comment, not from the top of a long page.
window.addEventListener("load", () => {
  const sasaran = /^#komentar-\d+$/.test(location.hash) && document.getElementById(location.hash.slice(1));
  if (!sasaran || document.querySelector("form .is-invalid")) return;
  if (!sasaran.hasAttribute("tabindex")) sasaran.setAttribute("tabindex", "-1");
  sasaran.focus({ preventScroll: true });
  sasaran.scrollIntoView({ block: "start" });
});

// The bulk activation page (periode/pegawai_akun_massal.html): how many rows are ticked, and
// once the slip download has started (its answer sets a cookie with the batch's one-time
// key), the page moves on to what was done instead of still offering the same accounts.
(() => {
  const hitung = (form) => {
    const n = document.querySelectorAll(`input[name=pilih][form="${form.id}"]:checked`).length;
    form.querySelectorAll("[data-jumlah-pilih]").forEach((el) => { el.textContent = n; });
  };
  document.addEventListener("change", (event) => {
    const kotak = event.target.closest("input[name=pilih][form]");
    const form = kotak && document.getElementById(kotak.getAttribute("form"));
    if (form?.matches("[data-pilih-akun]")) hitung(form);
  });
  const COOKIE = "slip_akun_selesai";
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || !form.matches?.("form[data-slip-kunci]")) return;
    const kunci = form.dataset.slipKunci;
    form.querySelector("[data-slip-tunggu]")?.removeAttribute("hidden");
    const mulai = Date.now();
    const tunggu = setInterval(() => {
      const ada = document.cookie.split("; ").includes(`${COOKIE}=${kunci}`);
      if (ada) {
        clearInterval(tunggu);
        document.cookie = `${COOKIE}=; Max-Age=0; path=/; SameSite=Strict`;
        location.assign(form.dataset.slipSelesai);
      } else if (Date.now() - mulai > 5 * 60 * 1000) clearInterval(tunggu);
    }, 400);
  });
})();

// A page that reports a finished batch takes the focus there (announced, in view).
window.addEventListener("load", () => document.getElementById("batch-selesai")?.focus());
