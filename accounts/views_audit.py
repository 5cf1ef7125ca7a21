"""The audit log page for the admin kepegawaian: read-only, filtered, paged, exported."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import pastikan_admin_kepegawaian
from accounts.audit import siapkan_baris, tulis_audit
from accounts.forms import AuditFilterForm
from accounts.models import AuditLog
from accounts.services import catat_audit

PER_HALAMAN = 50
# An export past this many rows is refused: the admin narrows the filter instead (a whole
# year at 30,000 staff is hundreds of thousands of rows, minutes of openpyxl).
MAKS_EKSPOR = 50_000


def _saring(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}


def _log_penanda(nilai: str | None):
    """The row a page starts from (`sebelum`/`sesudah` in the address), or None."""
    if not nilai or not nilai.isdigit():
        return None
    return AuditLog.objects.filter(pk=int(nilai)).only("pk", "waktu").first()


@login_required
@require_GET
def audit_daftar(request):
    pastikan_admin_kepegawaian(request.user)
    form = AuditFilterForm(request.GET or None)
    baris, lebih_lama, lebih_baru = [], None, None
    if not form.is_bound or form.is_valid():
        qs = AuditLog.objects.untuk_halaman(**(_saring(form) if form.is_bound else {}))
        # Keyset pages: no COUNT and no OFFSET over a log of hundreds of thousands of rows.
        if penanda := _log_penanda(request.GET.get("sesudah")):
            baris = list(qs.lebih_baru_dari(penanda)[: PER_HALAMAN + 1])
            lebih_baru = baris[PER_HALAMAN - 1] if len(baris) > PER_HALAMAN else None
            baris = baris[:PER_HALAMAN][::-1]
            lebih_lama = baris[-1] if baris else None
        else:
            if penanda := _log_penanda(request.GET.get("sebelum")):
                qs = qs.lebih_lama_dari(penanda)
            baris = list(qs[: PER_HALAMAN + 1])
            lebih_lama = baris[PER_HALAMAN - 1] if len(baris) > PER_HALAMAN else None
            baris = baris[:PER_HALAMAN]
            lebih_baru = baris[0] if penanda and baris else None
    query = request.GET.copy()
    for kunci in ("sebelum", "sesudah"):
        query.pop(kunci, None)
    return render(
        request,
        "accounts/audit_daftar.html",
        {
            "form": form,
            "baris": siapkan_baris(baris),
            "lebih_lama": lebih_lama,
            "lebih_baru": lebih_baru,
            "is_halaman_pertama": "sebelum" not in request.GET and "sesudah" not in request.GET,
            "query": query.urlencode(),
            "ada_filter": any(request.GET.get(nama) for nama in form.fields),
            "per_halaman": PER_HALAMAN,
        },
    )


@login_required
@require_GET
def audit_ekspor(request):
    pastikan_admin_kepegawaian(request.user)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Filter belum benar; perbaiki filter lalu ekspor lagi.")
        return redirect(f"{reverse('audit:daftar')}?{request.GET.urlencode()}")
    saring = _saring(form) if form.is_bound else {}
    qs = AuditLog.objects.untuk_halaman(**saring)
    if qs[MAKS_EKSPOR : MAKS_EKSPOR + 1].exists():
        messages.error(
            request,
            f"Hasil filter lebih dari {MAKS_EKSPOR:,} baris; persempit filter (mis. rentang "
            "tanggal atau aksi) lalu ekspor lagi.".replace(",", "."),
        )
        return redirect(f"{reverse('audit:daftar')}?{request.GET.urlencode()}")
    out = io.BytesIO()
    tulis_audit(qs[:MAKS_EKSPOR].iterator(chunk_size=2000), out)
    catat_audit(
        "audit.ekspor",
        aktor=request.user,
        ringkasan="Log audit diunduh sebagai .xlsx.",
        filter={k: str(v) for k, v in saring.items()},
    )
    nama = f"log_audit_{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response
