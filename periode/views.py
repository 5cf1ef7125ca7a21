"""The periode pages of the admin kepegawaian: periodes and their windows, dispensasi."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import pastikan_admin_kepegawaian
from periode.forms import DispensasiForm, PeriodeForm
from periode.models import Dispensasi, Periode, today_local
from periode.services import PeriodeError, beri_dispensasi, simpan_periode


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
            hasil = simpan_periode(form.cleaned_data, oleh=request.user, periode=periode)
        except PeriodeError as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, str(error))
        else:
            messages.success(request, f"Periode {hasil.tahun} disimpan.")
            return redirect("periode:periode_daftar")
    return render(request, "periode/periode_form.html", {"form": form, "periode": periode})


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
    daftar = Dispensasi.objects.select_related(
        "periode", "pegawai", "unit_kerja", "diberikan_oleh"
    ).order_by("-dibuat")[:200]
    return render(
        request, "periode/dispensasi.html", {"form": form, "daftar": daftar}, status=status
    )


@login_required
@require_GET
def dispensasi_daftar(request):
    pastikan_admin_kepegawaian(request.user)
    periode = Periode.objects.berjalan()
    return _halaman_dispensasi(request, DispensasiForm(initial={"periode": periode}))


@login_required
@require_POST
def dispensasi_tambah(request):
    pastikan_admin_kepegawaian(request.user)
    form = DispensasiForm(request.POST)
    if not form.is_valid():
        return _halaman_dispensasi(request, form)
    data = form.cleaned_data
    try:
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
    messages.success(request, f"{dispensasi} disimpan dan tercatat di log audit.")
    return redirect("periode:dispensasi_daftar")
