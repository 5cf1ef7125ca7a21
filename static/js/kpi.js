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
