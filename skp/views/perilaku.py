"""Perilaku Kerja pages: the pejabat penilai writes one value's Ekspektasi Khusus Pimpinan in
place on the SKP page (htmx swaps only that value's row; without JS the same URL is a small
page of its own and a plain form post), and the admin kepegawaian keeps the presets. HTTP
only: who may write and when is skp/perilaku.py, the writes skp/services/perilaku.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import pastikan_admin_kepegawaian
from skp.access import get_skp_for_viewer, supervisi_skp
from skp.berakhlak import PERILAKU_KERJA
from skp.exceptions import KonflikIsian, SkpError
from skp.forms import EkspektasiForm, PresetEkspektasiForm
from skp.models import PresetEkspektasi, Skp
from skp.perilaku import bagian_perilaku, is_pejabat_penilai, nilai_nomor
from skp.services import perilaku as services
from skp.services.drafting import IsianError
from skp.services.workflow import TidakBerwenang

# --- Ekspektasi Khusus Pimpinan ----------------------------------------------------------------


def _muat(request, pk: int, nomor: int):
    """The SKP (404 out of the viewer rule, or without Perilaku Kerja: the part does not
    exist there), its current supervision and the value numbered `nomor` (404 if none)."""
    skp = get_skp_for_viewer(request.user, pk, Skp.objects.select_related("pegawai", "periode"))
    nilai = nilai_nomor(nomor)
    if nilai is None or not skp.profil.perilaku_kerja:
        raise Http404("Bagian ini tidak ada pada SKP ini.")
    return skp, supervisi_skp(skp), nilai


def _alamat_skp(skp: Skp, nomor: int) -> str:
    return f"{reverse('skp:detail', args=[skp.pk])}#perilaku-{nomor}"


def _baris(request, skp, supervisi, nomor: int):
    """The section as the viewer sees it and the row of value `nomor` in it."""
    bagian = bagian_perilaku(skp, request.user, supervisi)
    return bagian, bagian.baris[nomor - 1]


def _form_awal(b, preset_pk) -> EkspektasiForm:
    """The edit form with the current text, or a preset's (?preset=, the no-JS picker)."""
    teks = b.teks
    if preset_pk and preset_pk.isascii() and preset_pk.isdigit():
        preset = PresetEkspektasi.objects.filter(pk=int(preset_pk), nilai=b.nilai.kode).first()
        teks = preset.teks if preset else teks
    revisi = b.ekspektasi.revisi if b.ekspektasi else 0
    return EkspektasiForm(
        initial={"teks": teks, "revisi": revisi}, prefix=f"perilaku-{b.nilai.nomor}", nilai=b.nilai
    )


def _tampil(request, skp, bagian, b, *, status: int = 200, fokus: bool = False):
    """htmx: the value's row (with its form while `b.form` is set); else the form's own page."""
    if b.form is not None:
        b.presets = list(
            PresetEkspektasi.objects.filter(nilai=b.nilai.kode).order_by("urutan", "pk")
        )
    konteks = {
        "skp": skp,
        "perilaku": bagian,
        "b": b,
        "fokus_baris": fokus,
        "alamat_skp": _alamat_skp(skp, b.nilai.nomor),
    }
    if request.htmx:
        return render(request, "skp/_perilaku_baris.html", konteks, status=status)
    return render(request, "skp/perilaku_ubah.html", konteks, status=status)


@login_required
@require_GET
def perilaku_baris(request, pk: int, nomor: int):
    """One value's row as the SKP page shows it (the edit form's "Batal" under htmx); without
    htmx, the SKP page at that row."""
    skp, supervisi, nilai = _muat(request, pk, nomor)
    if not request.htmx:
        return redirect(_alamat_skp(skp, nilai.nomor))
    bagian, b = _baris(request, skp, supervisi, nilai.nomor)
    return _tampil(request, skp, bagian, b)


@login_required
@require_http_methods(["GET", "POST"])
def perilaku_ubah(request, pk: int, nomor: int):
    """The pejabat penilai writes the expectation of one value: GET opens the form, POST
    saves it. Readers who are not the pejabat penilai get 403; a state or window that
    forbids writing is shown with its reason (409)."""
    skp, supervisi, nilai = _muat(request, pk, nomor)
    if not is_pejabat_penilai(skp, request.user, supervisi):
        raise PermissionDenied(
            "Hanya pejabat penilai kinerja SKP ini yang dapat menulis ekspektasi."
        )
    bagian, b = _baris(request, skp, supervisi, nilai.nomor)
    if not bagian.bisa_tulis:
        b.pesan = bagian.alasan
        return _tampil(request, skp, bagian, b, status=409)
    if request.method == "GET":
        b.form = _form_awal(b, request.GET.get("preset"))
        return _tampil(request, skp, bagian, b)
    form = EkspektasiForm(request.POST, prefix=f"perilaku-{nilai.nomor}", nilai=nilai)
    if not form.is_valid():
        b.form = form
        return _tampil(request, skp, bagian, b)
    try:
        services.tulis_ekspektasi(
            skp,
            oleh=request.user,
            nilai=nilai.kode,
            teks=form.cleaned_data["teks"],
            revisi=form.cleaned_data["revisi"],
        )
    except TidakBerwenang as error:
        raise PermissionDenied(str(error)) from error
    except KonflikIsian as error:
        bagian, b = _baris(request, skp, supervisi, nilai.nomor)
        b.form = _form_awal(b, None)
        b.form.konflik = str(error)
        if form.cleaned_data["teks"]:
            b.form.isian_anda = [(form["teks"].label, form.cleaned_data["teks"])]
        return _tampil(request, skp, bagian, b, status=409)
    except IsianError as error:
        form.add_error("teks", str(error))
        b.form = form
        return _tampil(request, skp, bagian, b)
    except SkpError as error:
        # The SKP was submitted or the window closed meanwhile: the row as it is now, and why.
        skp = Skp.objects.select_related("pegawai", "periode").get(pk=skp.pk)
        bagian, b = _baris(request, skp, supervisi, nilai.nomor)
        b.pesan = str(error)
        return _tampil(request, skp, bagian, b, status=409)
    if not request.htmx:
        messages.success(request, f"Ekspektasi «{nilai.nama}» disimpan.")
        return redirect(_alamat_skp(skp, nilai.nomor))
    bagian, b = _baris(request, skp, supervisi, nilai.nomor)
    b.tersimpan = True
    return _tampil(request, skp, bagian, b, fokus=True)


# --- Presets (admin kepegawaian) ----------------------------------------------------------------


def _halaman_preset(request, form=None, status: int = 200):
    per_nilai = {n.kode: [] for n in PERILAKU_KERJA}
    for preset in PresetEkspektasi.objects.select_related("diubah_oleh").order_by("urutan", "pk"):
        per_nilai[preset.nilai].append(preset)
    kelompok = [(n, per_nilai[n.kode]) for n in PERILAKU_KERJA]
    return render(
        request,
        "skp/perilaku_preset.html",
        {
            "kelompok": kelompok,
            "form": form or PresetEkspektasiForm(initial={"nilai": request.GET.get("nilai", "")}),
        },
        status=status,
    )


@login_required
@require_GET
def preset_daftar(request):
    pastikan_admin_kepegawaian(request.user)
    return _halaman_preset(request)


@login_required
@require_POST
def preset_tambah(request):
    pastikan_admin_kepegawaian(request.user)
    form = PresetEkspektasiForm(request.POST)
    if not form.is_valid():
        return _halaman_preset(request, form)
    try:
        preset = services.tambah_preset(oleh=request.user, **form.cleaned_data)
    except IsianError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return _halaman_preset(request, form)
    messages.success(request, f"Preset ekspektasi «{preset.get_nilai_display()}» ditambahkan.")
    return redirect(f"{reverse('skp:preset_perilaku')}#nilai-{preset.nilai}")


@login_required
@require_http_methods(["GET", "POST"])
def preset_ubah(request, preset_pk: int):
    pastikan_admin_kepegawaian(request.user)
    preset = get_object_or_404(PresetEkspektasi, pk=preset_pk)
    form = PresetEkspektasiForm(
        request.POST or None, initial={"nilai": preset.nilai, "teks": preset.teks}
    )
    if request.method == "POST" and form.is_valid():
        try:
            berubah = services.ubah_preset(preset, oleh=request.user, **form.cleaned_data)
        except IsianError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            if berubah:
                messages.success(request, "Preset ekspektasi disimpan.")
            return redirect(f"{reverse('skp:preset_perilaku')}#preset-{preset.pk}")
    return render(request, "skp/perilaku_preset_ubah.html", {"form": form, "preset": preset})


@login_required
@require_POST
def preset_hapus(request, preset_pk: int):
    pastikan_admin_kepegawaian(request.user)
    preset = get_object_or_404(PresetEkspektasi, pk=preset_pk)
    services.hapus_preset(preset, oleh=request.user)
    messages.success(
        request,
        f"Preset ekspektasi «{preset.get_nilai_display()}» dihapus. Ekspektasi yang sudah "
        "ditulis dari preset ini tidak berubah.",
    )
    return redirect(f"{reverse('skp:preset_perilaku')}#nilai-{preset.nilai}")


@login_required
@require_POST
def preset_pindah(request, preset_pk: int):
    pastikan_admin_kepegawaian(request.user)
    preset = get_object_or_404(PresetEkspektasi, pk=preset_pk)
    try:
        services.pindahkan_preset(preset, oleh=request.user, arah=request.POST.get("arah", ""))
    except SkpError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('skp:preset_perilaku')}#preset-{preset.pk}")
