// Matriks peran-hasil: focus the cell editor after htmx swaps it in (confirmations of
// destructive posts, `data-konfirmasi`, are handled for every page in app.js).

document.addEventListener("htmx:afterSwap", (event) => {
  const field = event.detail.target.querySelector(".sel-form textarea");
  if (field) field.focus();
});

// Escape in an open cell editor works like "Batal".
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const form = event.target.closest && event.target.closest(".sel-form");
  const batal = form && form.querySelector("a[hx-get]");
  if (batal) batal.click();
});

// A cell's editor: writing a peran hasil says the member has a part in this result, so the
// N/A mark goes (it would only be refused on saving: "Sel N/A tidak boleh berisi …").
document.addEventListener("input", (event) => {
  const form = event.target.closest(".sel-form");
  if (!form || !event.target.matches("textarea, input[type=text]") || !event.target.value.trim()) {
    return;
  }
  const na = form.querySelector("input[type=checkbox][name$='is_na']");
  if (na) na.checked = false;
});
