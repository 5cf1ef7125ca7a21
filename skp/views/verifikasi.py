"""The public page that checks a printed Form SKP by its code (skp/verifikasi.py): no login,
no link to it inside the app (the print carries it). It states the pegawai's name, the
periode, the status, the approved version's dates and whether the print is of that version;
nothing else. An unknown code and a forged one get the same answer, 404."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from skp.forms import KodeVerifikasiForm
from skp.verifikasi import BATAS_MASUKAN, kelompokkan, periksa_kode, rapikan_kode


def _halaman(request, context: dict, status: int = 200):
    response = render(request, "skp/verifikasi.html", context, status=status)
    # Whom an SKP belongs to, read by whoever holds the paper: kept by no cache, indexed by no
    # search engine, and the code in the address is sent to no other site.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def verifikasi(request):
    """The form to type a code into; a well-formed code goes to its own page."""
    if "kode" not in request.GET:
        return _halaman(request, {"form": KodeVerifikasiForm()})
    form = KodeVerifikasiForm(request.GET)
    if not form.is_valid():
        return _halaman(request, {"form": form}, status=400)
    return redirect("skp:verifikasi_kode", kode=form.cleaned_data["kode"])


@require_safe
def verifikasi_kode(request, kode: str):
    """What the code on a print says (the QR code's address)."""
    hasil = periksa_kode(kode)
    # The form below the answer holds what was asked, cut short if it was long junk.
    rapi = rapikan_kode(kode)
    awal = kelompokkan(rapi) if rapi else kode[:BATAS_MASUKAN]
    context = {
        "hasil": hasil,
        "is_tidak_dikenal": hasil is None,
        "form": KodeVerifikasiForm(initial={"kode": awal}),
    }
    return _halaman(request, context, status=200 if hasil else 404)
