"""Pegawai list, detail and edit, supervision per periode, the unit tree (admin only)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import (
    get_pegawai_for_account_change,
    get_pegawai_for_admin,
    pastikan_admin_kepegawaian,
)
from accounts.dua_faktor import punya_dua_faktor, wajib_dua_faktor
from accounts.formatting import kalimat
from accounts.forms import CariPegawaiField, PegawaiForm
from accounts.models import Pegawai, RiwayatPegawai, StatusKepegawaian, UnitKerja
from accounts.services import KepegawaianError, ubah_pegawai
from accounts.services.akun import buat_kata_sandi_sementara
from accounts.services.dua_faktor import atur_ulang_dua_faktor
from accounts.services.riwayat import STATUS_TANPA_AKSES, RiwayatError, ubah_status_kepegawaian
from periode.access import get_periode_for_admin
from periode.forms import (
    MutasiForm,
    PegawaiFilterForm,
    StatusPegawaiForm,
    SupervisiForm,
    TambahPegawaiForm,
)
from periode.models import Periode, Supervisi, today_local
from periode.services import (
    catat_mutasi_pegawai,
    tambah_pegawai_baru,
    tetapkan_supervisi,
)

PER_HALAMAN = 50
HASIL_CARI = 20
_NAMA_FIELD = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")


@login_required
@require_GET
def pegawai_daftar(request):
    pastikan_admin_kepegawaian(request.user)
    paths = UnitKerja.objects.paths()
    form = PegawaiFilterForm(request.GET or None, unit_paths=paths)
    periode = Periode.objects.berjalan()
    qs = Pegawai.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        periode = data["periode"] or periode
        qs = qs.cari(data["q"])
        if data["unit"]:
            qs = qs.filter(unit_kerja_id__in=UnitKerja.objects.subtree_ids([data["unit"]]))
        if data["status"]:
            qs = qs.filter(status_kepegawaian=data["status"])
        if data["jenis_jabatan"]:
            qs = qs.filter(jenis_jabatan=data["jenis_jabatan"])
    halaman = Paginator(qs.untuk_daftar(periode), PER_HALAMAN).get_page(request.GET.get("hal"))
    for pegawai in halaman:
        pegawai.unit_jalur = paths.get(pegawai.unit_kerja_id, "")
        supervisi = getattr(pegawai, "supervisi_periode", [])
        pegawai.supervisi_tampil = supervisi[0] if supervisi else None
        pegawai.bisa_kelola_akun = request.user.can_manage_account(pegawai)
    query = request.GET.copy()
    query.pop("hal", None)
    return render(
        request,
        "periode/pegawai_daftar.html",
        {
            "form": form,
            "halaman": halaman,
            "periode": periode,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def pegawai_detail(request, nip):
    pegawai = get_pegawai_for_admin(request.user, nip)
    supervisi = (
        Supervisi.objects.filter(pegawai=pegawai)
        .select_related("periode", "atasan_langsung", "atasan_penilai")
        .order_by("-periode__tahun")
    )
    tanpa_relasi = Periode.objects.exclude(supervisi__pegawai=pegawai)
    return render(
        request,
        "periode/pegawai_detail.html",
        {
            "pegawai": pegawai,
            "bisa_kelola_akun": request.user.can_manage_account(pegawai),
            "punya_dua_faktor": punya_dua_faktor(pegawai),
            "akun_sendiri": pegawai.pk == request.user.pk and not request.user.is_superuser,
            "unit_jalur": UnitKerja.objects.nama_berjenjang(pegawai.unit_kerja_id),
            "supervisi": supervisi,
            "periode_tanpa_relasi": tanpa_relasi,
            "riwayat": RiwayatPegawai.objects.filter(pegawai=pegawai).select_related(
                "dicatat_oleh"
            ),
            "bisa_mutasi": pegawai.status_kepegawaian == StatusKepegawaian.AKTIF,
            "bawahan": Supervisi.objects.filter(
                atasan_langsung=pegawai, periode=Periode.objects.berjalan()
            )
            .select_related("pegawai")
            .order_by("pegawai__nama"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_ubah(request, nip):
    pegawai = get_pegawai_for_account_change(request.user, nip)
    paths = UnitKerja.objects.paths()
    form = PegawaiForm(request.POST or None, instance=pegawai, unit_paths=paths)
    if request.method == "POST" and form.is_valid():
        # The ModelForm already put the values on `pegawai`; the service reloads and compares.
        berubah = ubah_pegawai(pegawai, oleh=request.user, **form.cleaned_data)
        if berubah:
            messages.success(request, f"Data {pegawai.nama_lengkap} disimpan.")
        else:
            messages.info(request, "Tidak ada perubahan.")
        return redirect("kepegawaian:pegawai_detail", nip=pegawai.nip)
    return render(
        request,
        "periode/pegawai_ubah.html",
        {"pegawai": pegawai, "form": form, "unit_jalur": paths.get(pegawai.unit_kerja_id, "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervisi_ubah(request, nip, tahun):
    # Who validates an account is part of it: an admin does not pick her own validator.
    pegawai = get_pegawai_for_account_change(request.user, nip)
    periode = get_periode_for_admin(request.user, tahun)
    sekarang = (
        Supervisi.objects.filter(pegawai=pegawai, periode=periode)
        .select_related("atasan_langsung", "atasan_penilai")
        .first()
    )
    initial = {
        "atasan_langsung": sekarang.atasan_langsung if sekarang else None,
        "atasan_penilai": sekarang.atasan_penilai if sekarang else None,
    }
    form = SupervisiForm(request.POST or None, initial=initial, pegawai=pegawai, periode=periode)
    if request.method == "POST" and form.is_valid():
        try:
            tetapkan_supervisi(pegawai, periode, oleh=request.user, **form.cleaned_data)
        except KepegawaianError as error:
            form.add_error("atasan_langsung", str(error))
        else:
            messages.success(
                request, f"Atasan {pegawai.nama_lengkap} periode {periode.tahun} disimpan."
            )
            return redirect("kepegawaian:pegawai_detail", nip=pegawai.nip)
    return render(
        request,
        "periode/supervisi_ubah.html",
        {
            "pegawai": pegawai,
            "periode": periode,
            "form": form,
            "sekarang": sekarang,
        },
    )


@login_required
@require_GET
def unit_daftar(request):
    """The unit tree, depth first, with kepala, koordinator and head counts (3 queries)."""
    pastikan_admin_kepegawaian(request.user)
    units = list(
        UnitKerja.objects.select_related("kepala", "koordinator", "sub_koordinator")
        .annotate(jumlah_pegawai=Count("pegawai"))
        .order_by("nama")
    )
    anak: dict[int | None, list[UnitKerja]] = {}
    for unit in units:
        anak.setdefault(unit.induk_id, []).append(unit)
    pohon = []
    stack = [(unit, 0) for unit in reversed(anak.get(None, []))]
    while stack:
        unit, tingkat = stack.pop()
        unit.tingkat = tingkat
        unit.jumlah_sub = len(anak.get(unit.pk, []))
        pohon.append(unit)
        stack.extend((sub, tingkat + 1) for sub in reversed(anak.get(unit.pk, [])))
    return render(request, "periode/unit_daftar.html", {"pohon": pohon})


# The password made by the POST waits in the session for the one GET that shows it.
_KATA_SANDI_SESI = "kata_sandi_sementara"


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_kata_sandi(request, nip):
    """Hand the pegawai a temporary password, to be changed at their next login. POST makes
    it and redirects; the GET shows it once (never in a message or a log) and forgets it, so a
    reload neither shows it again nor silently makes a new one."""
    pegawai = get_pegawai_for_account_change(request.user, nip)
    if request.method == "POST":
        try:
            kata_sandi = buat_kata_sandi_sementara(pegawai, oleh=request.user)
        except KepegawaianError as error:
            messages.error(request, str(error))
            return redirect("kepegawaian:pegawai_detail", nip=pegawai.nip)
        request.session[_KATA_SANDI_SESI] = {"nip": pegawai.nip, "kata_sandi": kata_sandi}
        return redirect("kepegawaian:pegawai_kata_sandi", nip=pegawai.nip)
    simpanan = request.session.get(_KATA_SANDI_SESI) or {}
    kata_sandi = None
    if simpanan.get("nip") == pegawai.nip:
        kata_sandi = simpanan["kata_sandi"]
        del request.session[_KATA_SANDI_SESI]
    response = render(
        request, "periode/pegawai_kata_sandi.html", {"pegawai": pegawai, "kata_sandi": kata_sandi}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def pegawai_dua_faktor_reset(request, nip):
    """A lost phone: remove the pegawai's authenticator app and recovery codes (audited)."""
    pegawai = get_pegawai_for_account_change(request.user, nip)
    try:
        atur_ulang_dua_faktor(pegawai, oleh=request.user)
    except KepegawaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Verifikasi dua langkah {pegawai.nama_lengkap} diatur ulang. Ia masuk berikutnya "
            "dengan kata sandi saja"
            + (
                ", lalu wajib memasang aplikasi autentikator lagi."
                if wajib_dua_faktor(pegawai)
                else "."
            ),
        )
    return redirect("kepegawaian:pegawai_detail", nip=pegawai.nip)


@login_required
@require_GET
def pegawai_cari(request):
    """The admin's pegawai search boxes (`CariPegawaiField`)."""
    pastikan_admin_kepegawaian(request.user)
    return opsi_cari_pegawai(request)


def opsi_cari_pegawai(request):
    """The options of a pegawai search box's datalist (`CariPegawaiField`): active pegawai
    matching a name or NIP (`?untuk=<field>&<field>=<text>`), with their unit's full path.
    Every search view answers with it; the view decides who may search."""
    untuk = request.GET.get("untuk", "")
    teks = request.GET.get(untuk, "") if _NAMA_FIELD.match(untuk) else ""
    teks = teks[:100].split("—")[0].strip()
    pegawai = []
    if len(teks) >= 2:
        pegawai = list(
            Pegawai.objects.aktif()
            .pegawai_sungguhan()
            .cari(teks)
            .only("nip", "nama", "gelar_depan", "gelar_belakang", "unit_kerja_id")
            .order_by("nama", "nip")[:HASIL_CARI]
        )
    paths = UnitKerja.objects.paths() if pegawai else {}
    opsi = [(CariPegawaiField.tampil(p), paths.get(p.unit_kerja_id, "")) for p in pegawai]
    return render(request, "periode/_unit_opsi_pegawai.html", {"opsi": opsi})


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_tambah(request):
    """Add one pegawai by a form, with the import's rules and the running periode's atasan."""
    pastikan_admin_kepegawaian(request.user)
    paths = UnitKerja.objects.paths()
    form = TambahPegawaiForm(request.POST or None, unit_paths=paths)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        atasan = {nama: data.pop(nama) for nama in ("atasan_langsung", "atasan_penilai")}
        try:
            pegawai, supervisi = tambah_pegawai_baru(oleh=request.user, **atasan, **data)
        except KepegawaianError as error:
            form.add_error("atasan_langsung" if atasan["atasan_langsung"] else None, str(error))
        else:
            atasan_teks = (
                f" Atasan langsungnya pada periode {supervisi.periode.tahun}: "
                f"{kalimat(supervisi.atasan_langsung.nama_lengkap)}"
                if supervisi and supervisi.atasan_langsung
                else " Atasannya belum diatur."
            )
            messages.success(
                request,
                f"{pegawai.nama_lengkap} ditambahkan.{atasan_teks} Akun belum dapat dipakai "
                "masuk sampai Anda membuat kata sandi sementaranya (Aktifkan akun).",
            )
            return redirect("kepegawaian:pegawai_detail", nip=pegawai.nip)
    return render(
        request,
        "periode/pegawai_tambah.html",
        {"form": form, "periode": Periode.objects.berjalan()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_mutasi(request, nip):
    """Record a move to another unit or jabatan from a date; the running periode's atasan
    follow (chosen, or by the new unit's tree)."""
    pegawai = get_pegawai_for_account_change(request.user, nip)
    paths = UnitKerja.objects.paths()
    form = MutasiForm(
        request.POST or None,
        pegawai=pegawai,
        unit_paths=paths,
        initial={
            "tanggal_berlaku": today_local(),
            "unit_kerja": pegawai.unit_kerja_id,
            "jabatan": pegawai.jabatan,
            "jenis_jabatan": pegawai.jenis_jabatan,
            "jenjang": pegawai.jenjang,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            riwayat, supervisi = catat_mutasi_pegawai(
                pegawai, oleh=request.user, **form.cleaned_data
            )
        except RiwayatError as error:
            form.add_error(error.field, str(error))
        except KepegawaianError as error:
            form.add_error(None, str(error))
        else:
            ikut = (
                f" Atasan langsung periode {supervisi.periode.tahun}: "
                f"{supervisi.atasan_langsung.nama_lengkap}."
                if supervisi and supervisi.atasan_langsung
                else " Tanggal berlakunya di luar periode berjalan: atasan periode tidak diubah."
            )
            messages.success(request, f"Mutasi {pegawai.nama_lengkap} dicatat.{ikut}")
            for pesan in _masih_memimpin(riwayat.pegawai):
                messages.warning(request, pesan)
            return redirect("kepegawaian:pegawai_detail", nip=pegawai.nip)
    periode = Periode.objects.berjalan()
    sekarang = (
        Supervisi.objects.filter(pegawai=pegawai, periode=periode)
        .select_related("atasan_langsung", "atasan_penilai")
        .first()
    )
    return render(
        request,
        "periode/pegawai_mutasi.html",
        {
            "pegawai": pegawai,
            "form": form,
            "periode": periode,
            "sekarang": sekarang,
            "unit_jalur": paths.get(pegawai.unit_kerja_id, ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pegawai_status(request, nip):
    """Change the status kepegawaian (deactivate, or make Aktif again) from a date."""
    pegawai = get_pegawai_for_account_change(request.user, nip)
    form = StatusPegawaiForm(
        request.POST or None,
        pegawai=pegawai,
        initial={"tanggal_berlaku": today_local(), "boleh_masuk": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            riwayat = ubah_status_kepegawaian(
                pegawai, oleh=request.user, hari_ini=today_local(), **form.cleaned_data
            )
        except RiwayatError as error:
            form.add_error(error.field, str(error))
        except KepegawaianError as error:
            form.add_error(None, str(error))
        else:
            pegawai = riwayat.pegawai
            messages.success(
                request,
                f"Status {pegawai.nama_lengkap} kini {pegawai.get_status_kepegawaian_display()}"
                f"{'' if pegawai.is_active else '; akunnya tidak dapat dipakai masuk'}.",
            )
            for pesan in _tindak_lanjut_status(pegawai):
                messages.warning(request, pesan)
            return redirect("kepegawaian:pegawai_detail", nip=pegawai.nip)
    return render(
        request,
        "periode/pegawai_status.html",
        {
            "pegawai": pegawai,
            "form": form,
            "tanpa_akses": [StatusKepegawaian(s).label for s in STATUS_TANPA_AKSES],
            "tindak_lanjut": _tindak_lanjut_status(pegawai, calon=True),
        },
    )


def _masih_memimpin(pegawai: Pegawai) -> list[str]:
    """The units a pegawai who moved or stopped still heads: a kepala is set on the unit, not
    by the person's own unit, so it stays until the admin names a new one."""
    unit = list(UnitKerja.objects.filter(kepala=pegawai).values_list("nama", flat=True))
    if not unit:
        return []
    return [
        f"{pegawai.nama_lengkap} masih tercatat sebagai kepala {', '.join(unit)}. Bila tidak "
        "lagi memimpinnya, tetapkan kepala baru pada halaman Unit kerja."
    ]


def _tindak_lanjut_status(pegawai: Pegawai, *, calon: bool = False) -> list[str]:
    """What an admin must settle when a pegawai stops being Aktif: the units they head and
    whom they supervise in the running periode (nothing moves by itself: who takes over is a
    choice)."""
    if (pegawai.status_kepegawaian == StatusKepegawaian.AKTIF) != calon:
        return []
    pesan = _masih_memimpin(pegawai)
    periode = Periode.objects.berjalan()
    if periode is not None:
        jumlah = Supervisi.objects.filter(periode=periode, atasan_langsung=pegawai).count()
        if jumlah:
            pesan.append(
                f"{jumlah} pegawai beratasan langsung {pegawai.nama_lengkap} pada periode "
                f"{periode.tahun}. Atur atasan baru mereka (atau ganti kepala unit, yang "
                "memindahkan atasan mereka sekaligus)."
            )
    return pesan
