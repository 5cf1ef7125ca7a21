"""Accounts in bulk: the admin kepegawaian activates many imported accounts at once and gets
their temporary passwords once, as a PDF of slips to cut and hand out."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import pastikan_admin_kepegawaian
from accounts.forms import AktivasiMassalForm, AktivasiMassalKirimForm
from accounts.models import UnitKerja
from accounts.services import KepegawaianError
from accounts.services.akun import (
    MAKS_AKUN_PER_BATCH,
    BatchSudahDibuat,
    aktifkan_akun_massal,
    sasaran_aktivasi,
)
from accounts.slip import pdf_slip_akun


def _halaman(request, form, paths, *, status=200, batch_lalu=None):
    """The choice, and when it is valid, who the batch would activate with a fresh one-time
    key for the confirming POST."""
    sasaran = None
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
    form = AktivasiMassalForm(request.GET or None, unit_paths=paths, maks_nip=MAKS_AKUN_PER_BATCH)
    return _halaman(request, form, paths)


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
    return response
