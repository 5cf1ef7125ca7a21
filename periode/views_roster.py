"""Roster import (upload → preview → confirm), export and the template download."""

import datetime
from pathlib import Path
import secrets
import tempfile
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import pastikan_admin_kepegawaian
from accounts.models import UnitKerja
from accounts.services import catat_audit
from periode.access import get_periode_for_admin
from periode.forms import UnggahRosterForm
from periode.models import Periode
from periode.roster import INDUK_BARU, ekspor_roster, impor_roster, periksa_roster, tulis_templat

SESI = "roster_impor"
# Parents chosen in a preview for unit names that start at no existing unit, kept for the
# session so that a re-upload of the corrected file needs no second choice (the preview
# shows them again, preselected).
SESI_INDUK = "roster_induk"
MAKS_PERUBAHAN_TAMPIL = 500
MAKS_INDUK = 200  # parent choices the session keeps
UMUR_BERKAS_DETIK = 24 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def folder_unggahan() -> Path:
    """Uploaded rosters wait here between preview and confirm, named by a random token."""
    folder = Path(tempfile.gettempdir()) / "skp-roster"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _bersihkan_lama(folder: Path) -> None:
    batas = time.time() - UMUR_BERKAS_DETIK
    for berkas in folder.glob("*.xlsx"):
        if berkas.stat().st_mtime < batas:
            berkas.unlink(missing_ok=True)


def _unggahan(request, token: str) -> tuple[dict, Path]:
    """The upload the session knows by this token, else 404 (tokens are never guessed)."""
    pastikan_admin_kepegawaian(request.user)
    data = request.session.get(SESI, {}).get(token)
    path = folder_unggahan() / f"{token}.xlsx"
    if not data or not token.isalnum() or not path.is_file():
        raise Http404("Unggahan tidak ditemukan atau sudah kedaluwarsa.")
    return data, path


@login_required
@require_http_methods(["GET", "POST"])
def roster_impor(request):
    pastikan_admin_kepegawaian(request.user)
    form = UnggahRosterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        folder = folder_unggahan()
        _bersihkan_lama(folder)
        token = secrets.token_hex(16)
        with (folder / f"{token}.xlsx").open("wb") as tujuan:
            for potongan in form.cleaned_data["berkas"].chunks():
                tujuan.write(potongan)
        unggahan = request.session.get(SESI, {})
        unggahan[token] = {
            "nama_file": Path(form.cleaned_data["berkas"].name).name[:200],
            "periode": form.cleaned_data["periode"].pk,
        }
        request.session[SESI] = unggahan
        return redirect("kepegawaian:roster_pratinjau", token=token)
    return render(
        request,
        "periode/roster_impor.html",
        {
            "form": form,
            "ada_periode": Periode.objects.exists(),
        },
    )


@login_required
@require_GET
def roster_pratinjau(request, token):
    data, path = _unggahan(request, token)
    periode = Periode.objects.filter(pk=data["periode"]).first()
    if periode is None:
        raise Http404("Periode tidak ditemukan.")
    with path.open("rb") as berkas:
        hasil = periksa_roster(
            berkas,
            periode=periode,
            nama_file=data["nama_file"],
            oleh=request.user,
            induk=_induk(request),
        )
    # Rows that clear something come first, so the list cut at MAKS_PERUBAHAN_TAMPIL never
    # hides one (the sort is stable: row order within each group).
    perubahan = sorted(hasil.perubahan, key=lambda p: not p.dikosongkan)
    return render(
        request,
        "periode/roster_pratinjau.html",
        {
            "hasil": hasil,
            "token": token,
            "perubahan": perubahan[:MAKS_PERUBAHAN_TAMPIL],
            "perubahan_lain": max(len(hasil.perubahan) - MAKS_PERUBAHAN_TAMPIL, 0),
            **_pilihan_induk(hasil),
        },
    )


def _induk(request) -> dict[str, int]:
    return request.session.get(SESI_INDUK, {})


def _pilihan_induk(hasil) -> dict:
    """The parent picker of the preview: one select per unplaced unit name."""
    if not hasil.unit_tanpa_induk:
        return {}
    unit = [
        {"kunci": kunci, "nama": nama, "baris": baris, "dipilih": hasil.induk_dipilih.get(kunci)}
        for kunci, (nama, baris) in hasil.unit_tanpa_induk.items()
    ]
    jalur = sorted(UnitKerja.objects.paths().items(), key=lambda item: item[1].lower())
    return {
        "unit_tanpa_induk": unit,
        "jalur_unit": jalur,
        # Units the same file creates may be chosen too (a new jurusan under a new fakultas).
        "jalur_baru": hasil.unit_baru_di_berkas,
        "induk_lengkap": all(u["dipilih"] for u in unit),
    }


@login_required
@require_POST
def roster_induk(request, token):
    """Remember the parents chosen in the preview, then show the preview again."""
    _unggahan(request, token)
    induk = _induk(request)
    for kunci, pk in zip(request.POST.getlist("nama"), request.POST.getlist("induk"), strict=False):
        if pk.isascii() and pk.isdigit():
            induk[kunci[:200]] = int(pk)  # a unit gone or never offered is dropped by the import
        elif pk.startswith(INDUK_BARU):
            induk[kunci[:200]] = pk[:1000]  # a unit of the file; one it does not create: dropped
        else:
            induk.pop(kunci, None)
    request.session[SESI_INDUK] = dict(list(induk.items())[-MAKS_INDUK:])
    return redirect("kepegawaian:roster_pratinjau", token=token)


def _lupakan(request, token: str, path: Path) -> None:
    path.unlink(missing_ok=True)
    unggahan = request.session.get(SESI, {})
    unggahan.pop(token, None)
    request.session[SESI] = unggahan


@login_required
@require_POST
def roster_terapkan(request, token):
    data, path = _unggahan(request, token)
    periode = Periode.objects.filter(pk=data["periode"]).first()
    if periode is None:
        raise Http404("Periode tidak ditemukan.")
    with path.open("rb") as berkas:
        # Checked again: the roster in the database may have changed since the preview.
        hasil = impor_roster(
            berkas,
            periode=periode,
            oleh=request.user,
            nama_file=data["nama_file"],
            sidik=request.POST.get("sidik", ""),
            induk=_induk(request),
        )
    if hasil.berubah_sejak_pratinjau:
        messages.warning(
            request,
            "Data pegawai di sistem berubah sejak pratinjau ini dibuat, "
            "sehingga tidak ada yang disimpan. Periksa pratinjau terbaru di bawah, "
            "lalu terapkan bila sudah sesuai.",
        )
        return redirect("kepegawaian:roster_pratinjau", token=token)
    if not hasil.diterapkan:
        messages.error(
            request,
            "Data di sistem berubah sejak pratinjau dan file kini bermasalah; "
            "tidak ada yang disimpan. Perbaiki masalah di bawah lalu unggah ulang.",
        )
        return redirect("kepegawaian:roster_pratinjau", token=token)
    _lupakan(request, token, path)
    messages.success(request, f"Impor {data['nama_file']} selesai: {hasil.ringkasan()}")
    return redirect("kepegawaian:pegawai_daftar")


@login_required
@require_POST
def roster_batal(request, token):
    _, path = _unggahan(request, token)
    _lupakan(request, token, path)
    messages.info(request, "Unggahan dibatalkan; tidak ada yang disimpan.")
    return redirect("kepegawaian:roster_impor")


def _xlsx_response(nama: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@login_required
@require_GET
def roster_ekspor(request, tahun):
    periode = get_periode_for_admin(request.user, tahun)
    response = _xlsx_response(f"pegawai-{periode.tahun}-{datetime.date.today():%Y%m%d}.xlsx")
    ekspor_roster(response, periode=periode)
    catat_audit(
        "roster.ekspor",
        aktor=request.user,
        objek=periode,
        ringkasan=f"Daftar pegawai periode {periode.tahun} diunduh.",
    )
    return response


@login_required
@require_GET
def roster_templat(request):
    pastikan_admin_kepegawaian(request.user)
    response = _xlsx_response("templat-daftar-pegawai.xlsx")
    tulis_templat(response)
    return response
