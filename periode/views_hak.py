"""Who is an admin kepegawaian: the superuser grants and revokes the role here instead of in
the Django admin (issue 16 i). Superuser only; every change is audited by the service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.access import pastikan_superuser
from accounts.forms import HakAdminForm
from accounts.models import Pegawai, UnitKerja
from accounts.services import KepegawaianError
from accounts.services.akun import atur_admin_kepegawaian


def _halaman(request, form, status=200):
    paths = UnitKerja.objects.paths()
    pemegang = list(
        Pegawai.objects.filter(Q(is_admin_kepegawaian=True) | Q(is_superuser=True)).order_by(
            "-is_superuser", "nama", "nip"
        )
    )
    for p in pemegang:
        p.unit_jalur = paths.get(p.unit_kerja_id, "")
    return render(
        request,
        "periode/hak_admin.html",
        {
            "form": form,
            "admin": [p for p in pemegang if not p.is_superuser],
            "superuser": [p for p in pemegang if p.is_superuser],
        },
        status=status,
    )


@login_required
@require_GET
def hak_admin(request):
    pastikan_superuser(request.user)
    return _halaman(request, HakAdminForm(initial={"aksi": "beri"}))


@login_required
@require_POST
def hak_admin_ubah(request):
    pastikan_superuser(request.user)
    form = HakAdminForm(request.POST)
    if not form.is_valid():
        return _halaman(request, form)
    pegawai, jadikan = form.cleaned_data["pegawai"], form.cleaned_data["aksi"] == "beri"
    try:
        berubah = atur_admin_kepegawaian(pegawai, oleh=request.user, jadikan=jadikan)
    except KepegawaianError as error:
        form.add_error("pegawai", str(error))
        return _halaman(request, form)
    nama = pegawai.nama_lengkap
    if not berubah:
        messages.info(
            request,
            f"{nama} sudah admin kepegawaian."
            if jadikan
            else f"{nama} memang bukan admin kepegawaian.",
        )
    elif jadikan:
        messages.success(
            request,
            f"{nama} kini admin kepegawaian dan tercatat di log audit. Menu Kepegawaian muncul "
            "baginya paling lambat satu menit lagi.",
        )
    else:
        messages.success(
            request,
            f"Peran admin kepegawaian {nama} dicabut dan tercatat di log audit; halaman "
            "kepegawaian langsung tertutup baginya.",
        )
    return redirect("kepegawaian:hak_admin")
