"""The periode pages of the admin kepegawaian: periodes and their windows, dispensasi."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import pastikan_admin_kepegawaian
from accounts.formatting import tanggal_panjang
from accounts.models import UnitKerja
from periode.forms import DispensasiForm, PeriodeForm
from periode.models import Dispensasi, Periode, TahapJendela, today_local
from periode.services import (
    PeriodeError,
    beri_dispensasi,
    beri_dispensasi_dengan_validasi_atasan,
    cabut_dispensasi,
    penyusunan_melewati_validasi,
    simpan_periode,
    validasi_mengikuti_terpotong,
)


@login_required
@require_GET
def periode_daftar(request):
    pastikan_admin_kepegawaian(request.user)
    today = today_local()
    daftar_periode = list(Periode.objects.order_by("-tahun"))
    for p in daftar_periode:
        p.penyusunan_terbuka = p.is_penyusunan_open(today)
        p.validasi_terbuka = p.is_validasi_open(today)
    return render(request, "periode/periode_daftar.html", {"daftar_periode": daftar_periode})


def _periode_form(request, periode: Periode | None):
    if periode is None:
        tahun = today_local().year
        if Periode.objects.filter(tahun=tahun).exists():
            tahun += 1
        initial = {
            "tahun": tahun,
            "tanggal_mulai": f"{tahun}-01-01",
            "tanggal_selesai": f"{tahun}-12-31",
        }
        # The institution decided its alur once: a new periode proposes the latest one's.
        terakhir = Periode.objects.order_by("-tahun").first()
        if terakhir is not None:
            initial["alur_persetujuan"] = terakhir.alur_persetujuan
        form = PeriodeForm(request.POST or None, initial=initial)
    else:
        form = PeriodeForm(request.POST or None, instance=periode)
    if request.method == "POST" and form.is_valid():
        try:
            hasil = simpan_periode(
                form.cleaned_data,
                oleh=request.user,
                periode=periode,
                konfirmasi_persingkat=form.cleaned_data["konfirmasi_persingkat"],
            )
        except PeriodeError as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, f"Periode {hasil.tahun} disimpan.")
            return redirect("periode:periode_daftar")
    # The "Saya paham" box appears once the service asked for it, and stays while it is ticked.
    perlu_konfirmasi = bool(
        form.is_bound
        and (form["konfirmasi_persingkat"].errors or form["konfirmasi_persingkat"].value())
    )
    return render(
        request,
        "periode/periode_form.html",
        {"form": form, "periode": periode, "perlu_konfirmasi": perlu_konfirmasi},
    )


@login_required
@require_http_methods(["GET", "POST"])
def periode_tambah(request):
    pastikan_admin_kepegawaian(request.user)
    return _periode_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def periode_ubah(request, pk: int):
    pastikan_admin_kepegawaian(request.user)
    # A fresh instance for the form: a failed validation must not leave half-set fields.
    return _periode_form(request, get_object_or_404(Periode, pk=pk))


def _halaman_dispensasi(request, form, status=200):
    today = today_local()
    daftar = list(
        Dispensasi.objects.select_related(
            "periode", "pegawai", "diberikan_oleh", "mengikuti__pegawai", "mengikuti__unit_kerja"
        )
        .annotate(jumlah_pengikut=Count("pengikut"))
        .order_by("-dibuat")[:200]
    )
    for d in daftar:
        d.unit_jalur = form.unit_paths.get(d.unit_kerja_id or d.pegawai.unit_kerja_id, "")
        # Withdrawing is offered while the dispensasi still runs (cabut_dispensasi's rule).
        d.bisa_dicabut = d.berlaku_sampai >= today
    return render(
        request, "periode/dispensasi.html", {"form": form, "daftar": daftar}, status=status
    )


def _sasaran(dispensasi: Dispensasi) -> str:
    if dispensasi.pegawai_id:
        return dispensasi.pegawai.nama_lengkap
    return f"unit {UnitKerja.objects.nama_berjenjang(dispensasi.unit_kerja_id)}"


@login_required
@require_GET
def dispensasi_daftar(request):
    pastikan_admin_kepegawaian(request.user)
    periode = Periode.objects.berjalan()
    form = DispensasiForm(initial={"periode": periode}, unit_paths=UnitKerja.objects.paths())
    return _halaman_dispensasi(request, form)


@login_required
@require_POST
def dispensasi_tambah(request):
    pastikan_admin_kepegawaian(request.user)
    form = DispensasiForm(request.POST, unit_paths=UnitKerja.objects.paths())
    if not form.is_valid():
        return _halaman_dispensasi(request, form)
    data = form.cleaned_data
    try:
        ikut_validasi = (
            data["tahap"] == TahapJendela.PENYUSUNAN and data["perpanjang_validasi_atasan"]
        )
        if ikut_validasi:
            dispensasi, *untuk_atasan = beri_dispensasi_dengan_validasi_atasan(
                data["periode"],
                oleh=request.user,
                pegawai=data["nip"],
                unit_kerja=data["unit_kerja"],
                berlaku_sampai=data["berlaku_sampai"],
                alasan=data["alasan"],
            )
        else:
            untuk_atasan = []
            dispensasi = beri_dispensasi(
                data["periode"],
                oleh=request.user,
                tahap=data["tahap"],
                berlaku_sampai=data["berlaku_sampai"],
                alasan=data["alasan"],
                pegawai=data["nip"],
                unit_kerja=data["unit_kerja"],
            )
    except PeriodeError as exc:
        form.add_error(None, str(exc))
        return _halaman_dispensasi(request, form)
    messages.success(
        request,
        f"Dispensasi {dispensasi.get_tahap_display().lower()} untuk {_sasaran(dispensasi)} "
        f"sampai {tanggal_panjang(dispensasi.berlaku_sampai)} disimpan dan tercatat di log "
        "audit.",
    )
    periode, sampai = dispensasi.periode, dispensasi.berlaku_sampai
    if dispensasi.unit_kerja_id and untuk_atasan:
        # A unit's atasan in one message (a faculty has dozens), every name in it.
        messages.success(
            request,
            f"Masa validasi {len(untuk_atasan)} atasan yang memvalidasi SKP pegawai unit ini "
            f"diperpanjang sampai {tanggal_panjang(untuk_atasan[0].berlaku_sampai)}: "
            f"{'; '.join(d.pegawai.nama_lengkap for d in untuk_atasan)}.",
        )
    for d in [] if dispensasi.unit_kerja_id else untuk_atasan:
        messages.success(
            request,
            f"Masa validasi {d.pegawai.nama_lengkap} diperpanjang sampai "
            f"{tanggal_panjang(d.berlaku_sampai)} agar SKP ini dapat divalidasi.",
        )
    if untuk_atasan and validasi_mengikuti_terpotong(periode, sampai):
        messages.warning(
            request,
            f"Perpanjangan masa validasi berhenti pada akhir periode {periode.tahun} "
            f"({tanggal_panjang(periode.tanggal_selesai)}): atasan mendapat kurang dari "
            f"{(periode.validasi_selesai - periode.penyusunan_selesai).days} hari sesudah batas "
            "penyusunan yang baru, jeda yang diberikan periode ini.",
        )
    if (
        dispensasi.tahap == TahapJendela.PENYUSUNAN
        and not ikut_validasi
        and penyusunan_melewati_validasi(periode, sampai)
    ):
        messages.warning(
            request,
            f"Batas penyusunan yang baru ({tanggal_panjang(sampai)}) tidak sebelum penutupan "
            f"validasi ({tanggal_panjang(periode.validasi_selesai)}): SKP yang diajukan pada "
            "hari-hari itu tidak dapat divalidasi kecuali masa validasi atasannya juga "
            "diperpanjang. Beri dispensasi validasi bagi atasan tersebut, atau cabut dispensasi "
            "ini lalu beri lagi dengan kotak perpanjangan validasi dicentang.",
        )
    return redirect("periode:dispensasi_daftar")


@login_required
@require_POST
def dispensasi_cabut(request, pk: int):
    pastikan_admin_kepegawaian(request.user)
    dispensasi = get_object_or_404(Dispensasi, pk=pk)
    try:
        pengikut = cabut_dispensasi(dispensasi, oleh=request.user)
    except PeriodeError as exc:
        messages.error(request, str(exc))
    else:
        ikut = (
            f" Dispensasi validasi yang mengikutinya untuk "
            f"{', '.join(d.pegawai.nama_lengkap for d in pengikut)} ikut dicabut."
            if pengikut
            else ""
        )
        messages.success(
            request,
            f"Dispensasi {dispensasi.get_tahap_display().lower()} untuk {_sasaran(dispensasi)} "
            f"dicabut dan tercatat di log audit.{ikut}",
        )
    return redirect("periode:dispensasi_daftar")
