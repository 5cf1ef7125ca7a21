"""Accounts in bulk: the admin kepegawaian activates many imported accounts at once and gets
their temporary passwords once, as a PDF of slips to cut and hand out."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import pastikan_admin_kepegawaian
from accounts.forms import AktivasiMassalForm, AktivasiMassalKirimForm
from accounts.models import Pegawai, UnitKerja
from accounts.services import KepegawaianError
from accounts.services.akun import (
    MAKS_AKUN_PER_BATCH,
    BatchSudahDibuat,
    aktifkan_akun_massal,
    batch_dengan_kunci,
    sasaran_aktivasi,
)
from accounts.slip import pdf_slip_akun

# Set by the slip download, read by the page that sent it (static/js/app.js): the batch of
# this one-time key is made, so the page moves on to what was done instead of offering the
# same accounts again. Holds the key only, never a password.
COOKIE_SLIP = "slip_akun_selesai"


def _batch_selesai(request) -> dict | None:
    """The batch this admin made with the key in `?batch=`: who got a slip, for the page
    shown after the download."""
    audit = batch_dengan_kunci(request.GET.get("batch", ""))
    if audit is None or audit.aktor_id != request.user.pk:
        return None
    nips = audit.data.get("nip", [])
    akun = sorted(
        Pegawai.objects.filter(nip__in=nips).only("nip", "nama", "gelar_depan", "gelar_belakang"),
        key=lambda p: (p.nama.casefold(), p.nip),
    )
    return {"audit": audit, "akun": akun}


def _halaman(request, form, paths, *, status=200, batch_lalu=None, selesai=None):
    """The choice, and when it is valid, who the batch would activate with a fresh one-time
    key for the confirming POST; every row ticked, or as the admin left them."""
    sasaran = None
    dipilih = None
    if isinstance(form, AktivasiMassalKirimForm) and form.is_valid():
        dipilih = form.hanya_nip()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        sasaran = sasaran_aktivasi(
            request.user,
            unit_ids=[data["unit"]] if data["unit"] else [],
            nips=data["nip"],
            atur_ulang_berkata_sandi=data["atur_ulang"],
        )
        for pegawai in sasaran.akun:
            pegawai.unit_jalur = paths.get(pegawai.unit_kerja_id, "")
    response = render(
        request,
        "periode/pegawai_akun_massal.html",
        {
            "form": form,
            "sasaran": sasaran,
            "kunci": secrets.token_urlsafe(16),
            "maks": MAKS_AKUN_PER_BATCH,
            "batch_lalu": batch_lalu,
            "dipilih": set(dipilih) if dipilih is not None else None,
            "selesai": selesai,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def akun_massal(request):
    pastikan_admin_kepegawaian(request.user)
    paths = UnitKerja.objects.paths()
    pilihan = request.GET.copy()
    pilihan.pop("batch", None)
    form = AktivasiMassalForm(pilihan or None, unit_paths=paths, maks_nip=MAKS_AKUN_PER_BATCH)
    return _halaman(request, form, paths, selesai=_batch_selesai(request))


@login_required
@require_POST
def akun_massal_slip(request):
    """Activate the confirmed batch and answer with its slips, the only place its passwords
    ever appear. The PDF is rendered after the commit (no PDF work inside the transaction)."""
    pastikan_admin_kepegawaian(request.user)
    paths = UnitKerja.objects.paths()
    form = AktivasiMassalKirimForm(request.POST, unit_paths=paths, maks_nip=MAKS_AKUN_PER_BATCH)
    if not form.is_valid():
        return _halaman(request, form, paths)
    data = form.cleaned_data
    try:
        hasil = aktifkan_akun_massal(
            request.user,
            kunci=data["kunci"],
            unit_ids=[data["unit"]] if data["unit"] else [],
            nips=data["nip"],
            atur_ulang_berkata_sandi=data["atur_ulang"],
            hanya_nip=form.hanya_nip(),
        )
    except BatchSudahDibuat as error:
        # The same accounts again, resetting their passwords, under a new key: only when the
        # admin confirms it, since it voids the slips of the first batch.
        ulang = AktivasiMassalForm(
            {"nip": error.audit.data.get("nip", []), "atur_ulang": "on"},
            unit_paths=paths,
            maks_nip=MAKS_AKUN_PER_BATCH,
        )
        return _halaman(request, ulang, paths, status=409, batch_lalu=error.audit)
    except KepegawaianError as error:
        messages.error(request, str(error))
        return _halaman(request, form, paths)
    response = HttpResponse(pdf_slip_akun(hasil, unit_paths=paths), content_type="application/pdf")
    nama = f"slip-akun-{timezone.localtime():%Y%m%d-%H%M}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    response.set_cookie(
        COOKIE_SLIP,
        data["kunci"],
        max_age=600,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
