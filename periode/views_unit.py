"""The unit tree editor (admin kepegawaian): create, rename and move, delete when empty, set
the leaders with the supervision rows that follow a new kepala."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import get_unit_for_admin, pastikan_admin_kepegawaian
from accounts.models import KepalaSementara, Pegawai, UnitKerja
from accounts.services.unit import (
    UnitKerjaError,
    buat_unit_kerja,
    gabungkan_unit_kerja,
    hapus_unit_kerja,
    pemakaian_unit,
    ubah_unit_kerja,
)
from periode.forms_unit import PUNCAK, GabungUnitForm, PimpinanUnitForm, UnitForm
from periode.models import Periode
from periode.pimpinan_unit import ganti_pimpinan_unit, supervisi_yang_mengikuti, versi_pimpinan


def tampil_nama(pegawai: Pegawai | None) -> str:
    return f"{pegawai.nama_lengkap} ({pegawai.nip})" if pegawai is not None else ""


def _tolak(form, error: UnitKerjaError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def unit_tambah(request):
    pastikan_admin_kepegawaian(request.user)
    form = UnitForm(request.POST or None, initial={"induk": request.GET.get("induk", "")})
    if request.method == "POST" and form.is_valid():
        try:
            unit = buat_unit_kerja(
                form.cleaned_data["nama"], induk=form.cleaned_data["induk"], oleh=request.user
            )
        except UnitKerjaError as error:
            _tolak(form, error)
        else:
            messages.success(request, f"Unit {unit.nama} dibuat.")
            return redirect("kepegawaian:unit_daftar")
    return render(request, "periode/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_ubah(request, pk):
    unit = get_unit_for_admin(request.user, pk)
    form = UnitForm(
        request.POST or None,
        unit=unit,
        initial={"nama": unit.nama, "induk": str(unit.induk_id or PUNCAK)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            berubah = ubah_unit_kerja(
                unit,
                nama=form.cleaned_data["nama"],
                induk=form.cleaned_data["induk"],
                oleh=request.user,
            )
        except UnitKerjaError as error:
            _tolak(form, error)
        else:
            if berubah:
                messages.success(request, f"Unit {form.cleaned_data['nama']} disimpan.")
            else:
                messages.info(request, "Tidak ada yang berubah.")
            return redirect("kepegawaian:unit_daftar")
    return render(
        request,
        "periode/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "jalur": UnitKerja.objects.paths().get(unit.pk, unit.nama),
            "terpakai": pemakaian_unit(unit),
        },
    )


@login_required
@require_POST
def unit_hapus(request, pk):
    unit = get_unit_for_admin(request.user, pk)
    try:
        hapus_unit_kerja(unit, oleh=request.user)
    except UnitKerjaError as error:
        messages.error(request, str(error))
        return redirect("kepegawaian:unit_ubah", pk=unit.pk)
    messages.success(request, f"Unit {unit.nama} dihapus.")
    return redirect("kepegawaian:unit_daftar")


@login_required
@require_http_methods(["GET", "POST"])
def unit_gabung(request, pk):
    """Merge a unit into another: everything in it moves, then it is deleted."""
    unit = get_unit_for_admin(request.user, pk)
    form = GabungUnitForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        ke = form.cleaned_data["ke"]
        try:
            pindah = gabungkan_unit_kerja(unit, ke=ke, oleh=request.user)
        except UnitKerjaError as error:
            _tolak(form, error)
        else:
            isi = ", ".join(f"{jumlah} {nama}" for nama, jumlah in pindah.items())
            messages.success(
                request,
                f"{unit.nama} digabungkan ke {ke.nama}{f' ({isi} dipindahkan)' if isi else ''}.",
            )
            return redirect("kepegawaian:unit_daftar")
    return render(
        request,
        "periode/unit_gabung.html",
        {
            "form": form,
            "unit": unit,
            "jalur": UnitKerja.objects.paths().get(unit.pk, unit.nama),
            "terpakai": pemakaian_unit(unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_pimpinan(request, pk):
    """GET: the form. POST: what would change (leaders, and the supervision rows of the
    running periode that follow a new kepala); POST with `konfirmasi`: apply it."""
    unit = get_unit_for_admin(request.user, pk)
    tampil = PimpinanUnitForm.tampil
    form = PimpinanUnitForm(
        request.POST or None,
        initial={
            "kepala": tampil(unit.kepala),
            "koordinator": tampil(unit.koordinator),
            "sub_koordinator": tampil(unit.sub_koordinator),
            "kepala_sementara": unit.kepala_sementara,
        },
    )
    periode = Periode.objects.berjalan()
    konteks = {
        "form": form,
        "unit": unit,
        "periode": periode,
        "jalur": UnitKerja.objects.paths().get(unit.pk, unit.nama),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("konfirmasi") == "1":
            try:
                berubah, jumlah = ganti_pimpinan_unit(
                    unit,
                    oleh=request.user,
                    periode=periode,
                    versi=request.POST.get("versi", ""),
                    **data,
                )
            except UnitKerjaError as error:
                _tolak(form, error)
            else:
                if berubah:
                    ikut = (
                        f" Atasan {jumlah} pegawai pada periode {periode.tahun} diperbarui."
                        if jumlah
                        else ""
                    )
                    messages.success(request, f"Pimpinan {unit.nama} disimpan.{ikut}")
                else:
                    messages.info(request, "Tidak ada yang berubah.")
                return redirect("kepegawaian:unit_daftar")
        else:
            konteks["perubahan"] = [
                (form.fields[nama].label, tampil_nama(getattr(unit, nama)), tampil_nama(data[nama]))
                for nama in ("kepala", "koordinator", "sub_koordinator")
                if getattr(unit, nama) != data[nama]
            ]
            if unit.kepala_sementara != data["kepala_sementara"]:
                label = dict(KepalaSementara.choices)
                konteks["perubahan"].append(
                    (
                        form.fields["kepala_sementara"].label,
                        label[unit.kepala_sementara],
                        label[data["kepala_sementara"]],
                    )
                )
            konteks["versi"] = versi_pimpinan(unit)
            konteks["ikut"] = supervisi_yang_mengikuti(
                unit, data["kepala"], periode, oleh=request.user
            )
            konteks["nilai"] = {
                nama: tampil(nilai) if isinstance(nilai, Pegawai) or nilai is None else nilai
                for nama, nilai in data.items()
            }
            return render(request, "periode/unit_pimpinan_konfirmasi.html", konteks)
    return render(request, "periode/unit_pimpinan.html", konteks)
