"""The Lampiran SKP (PermenPANRB 6/2022) on the SKP page: add, edit, delete and move an item,
add items from the presets, open a list's form; and the admin kepegawaian's presets page.

Like the RK cards (skp/views/drafting.py), every action works as a plain form post
(POST-redirect-GET) and, for htmx, swaps only the list it changed, the messages riding along
out of band. A refusal because the SKP can no longer be changed (submitted meanwhile, window
closed) answers 409 with the whole editor, which then shows why; a second tab's stale edit
answers 409 with the current content in the form."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import pastikan_admin_kepegawaian
from accounts.models import AuditLog
from skp.exceptions import KonflikIsian, SkpError
from skp.forms import (
    ButirLampiranForm,
    ButirLampiranUbahForm,
    PilihPresetLampiranForm,
    PresetLampiranForm,
    PresetLampiranUbahForm,
)
from skp.models import ButirLampiran, JenisLampiran, PresetLampiran, Skp
from skp.rules import can_edit
from skp.services import lampiran as services
from skp.services.drafting import IsianError
from skp.tautan import url_baris
from skp.views import drafting as halaman_skp
from skp.views.halaman_lampiran import Terbuka, susun_halaman_lampiran

# --- Loading --------------------------------------------------------------------------------


def _skp(request, pk: int) -> Skp:
    """The SKP if the user may read it (else 404) and it has a Lampiran (8/2021 has none: 404)."""
    skp = halaman_skp._muat_skp(request, pk)
    if not skp.profil.lampiran:
        raise Http404("SKP ini tidak memiliki Lampiran.")
    return skp


def _skp_milik(request, pk: int) -> Skp:
    """As `_skp`, for a change: a reader who is not the owner → 403. The state and the window
    are the service's business."""
    skp = _skp(request, pk)
    if skp.pegawai_id != request.user.pk:
        raise PermissionDenied("Hanya pemilik SKP yang dapat mengubah lampirannya.")
    return skp


def _jenis(jenis: str) -> str:
    if jenis not in JenisLampiran.values:
        raise Http404
    return jenis


def _butir(request, skp: Skp, butir_pk: int, dikirim=None):
    """The item of this SKP, or the answer to give when it is not there: said so when it was
    deleted from this SKP (another tab, a double click), else 404 (the audit log knows what was
    deleted from which SKP, so this reveals nothing of other SKPs). `dikirim`: the form this
    tab sent, whose typed text is given back to copy."""
    butir = ButirLampiran.objects.filter(pk=butir_pk, skp=skp).first()
    if butir is not None:
        return butir, None
    if not AuditLog.objects.filter(
        aksi="skp.lampiran.hapus", objek_id=str(butir_pk), data__skp=skp.pk
    ).exists():
        raise Http404
    return None, _sudah_hilang(request, skp, "Butir lampiran ini sudah dihapus", dikirim)


# --- Answers --------------------------------------------------------------------------------


def _daftar(
    request,
    skp: Skp,
    jenis: str,
    *,
    bound: tuple | None = None,
    terbuka: Terbuka | None = None,
    fokus: str = "",
    status: int = 200,
):
    """The htmx answer: the one list (HX-Retarget names it); after a POST the messages out of
    band too."""
    halaman = susun_halaman_lampiran(
        skp, bisa_edit=can_edit(skp, request.user), terbuka=terbuka, bound=bound
    )
    daftar = halaman.untuk(jenis)
    daftar.fokus = fokus
    response = render(
        request,
        "skp/_lampiran_potongan.html",
        {
            "skp": skp,
            "lampiran": halaman,
            "d": daftar,
            "detail_url": url_baris("skp:detail", skp.pk),
            "perubahan": request.method == "POST",
        },
        status=status,
    )
    response["HX-Retarget"] = f"#lampiran-{jenis}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _selesai(request, skp: Skp, jenis: str, fokus: str):
    if request.htmx:
        return _daftar(request, skp, jenis, fokus=fokus)
    return redirect(f"{url_baris('skp:detail', skp.pk)}#{fokus}")


def _isian_salah(request, skp: Skp, jenis: str, bound: tuple, status: int = 200):
    """The form back beside its list with the message and what was typed (nothing written)."""
    if request.htmx:
        return _daftar(request, skp, jenis, bound=bound, status=status)
    return halaman_skp._tampil(request, skp, bound, status=status)


def _ditolak(request, skp: Skp, error: SkpError):
    """The SKP cannot be changed now (submitted meanwhile, window closed): the whole editor,
    which says why, with 409."""
    messages.error(request, str(error))
    return halaman_skp._tampil(request, skp, status=409)


def _sudah_hilang(request, skp: Skp, apa: str, dikirim=None):
    """Said so, as for an RK or IKI (`halaman_skp._sudah_hilang`): the text this tab typed into
    `dikirim` (its bound form) comes back to copy, above the SKP as it is now."""
    pesan = (
        f"{apa} di tab atau perangkat lain, sehingga perubahan Anda tidak disimpan. Halaman "
        "menampilkan isi lampiran terbaru."
    )
    isian = halaman_skp.isian_tidak_disimpan(dikirim) if dikirim is not None else []
    if isian:
        hilang = SimpleNamespace(konflik=pesan, isian_anda=isian)
        return halaman_skp._tampil(request, skp, status=409, hilang=hilang)
    messages.error(request, pesan)
    if request.htmx:
        return halaman_skp._tampil(request, skp, status=409)
    return redirect(f"{url_baris('skp:detail', skp.pk)}#lampiran-skp")


def _galat_ke_form(form, error: IsianError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


# --- The SKP's items --------------------------------------------------------------------------


@login_required
@require_GET
def lampiran_daftar(request, pk: int, jenis: str):
    """One list, with the form `?ubah=<butir>`, `?tambah=1` or `?preset=1` opened (htmx); a
    plain GET goes to the SKP page with the same form open."""
    skp = _skp(request, pk)
    jenis = _jenis(jenis)
    ubah = halaman_skp._angka(request.GET.get("ubah"))
    terbuka = Terbuka(
        ubah=ubah,
        tambah=jenis if request.GET.get("tambah") else None,
        preset=jenis if request.GET.get("preset") else None,
    )
    if not request.htmx:
        url = url_baris("skp:detail", skp.pk)
        if terbuka.ubah:
            return redirect(f"{url}?ubah_lampiran={terbuka.ubah}#lampiran-butir-{terbuka.ubah}")
        if terbuka.tambah:
            return redirect(f"{url}?tambah_lampiran={jenis}#tambah-lampiran-{jenis}")
        if terbuka.preset:
            return redirect(f"{url}?preset_lampiran={jenis}#preset-lampiran-{jenis}")
        return redirect(f"{url}#lampiran-{jenis}")
    fokus = ""
    if terbuka.ubah:
        fokus = f"lampiran-butir-{terbuka.ubah}"
    elif terbuka.tambah:
        fokus = f"tambah-lampiran-{jenis}"
    elif terbuka.preset:
        fokus = f"preset-lampiran-{jenis}"
    else:  # "Batal": the keyboard goes back to the list
        fokus = f"lampiran-{jenis}"
    return _daftar(request, skp, jenis, terbuka=terbuka, fokus=fokus)


@login_required
@require_POST
def lampiran_tambah(request, pk: int, jenis: str):
    skp = _skp_milik(request, pk)
    jenis = _jenis(jenis)
    form = ButirLampiranForm(request.POST, prefix=f"lampiran-{jenis}")
    bound = ("lampiran_baru", jenis, form)
    if not form.is_valid():
        return _isian_salah(request, skp, jenis, bound)
    try:
        butir = services.tambah_butir_lampiran(
            skp,
            oleh=request.user,
            jenis=jenis,
            teks=form.cleaned_data["teks"],
            kunci_kirim=form.cleaned_data["kunci_kirim"],
        )
    except IsianError as error:
        _galat_ke_form(form, error)
        return _isian_salah(request, skp, jenis, bound)
    except SkpError as error:
        return _ditolak(request, skp, error)
    messages.success(request, f"Butir {JenisLampiran(jenis).label} ditambahkan.")
    return _selesai(request, skp, jenis, f"lampiran-butir-{butir.pk}")


@login_required
@require_POST
def lampiran_ubah(request, pk: int, butir_pk: int):
    skp = _skp_milik(request, pk)
    form = ButirLampiranUbahForm(request.POST, prefix=f"lampiran-{butir_pk}")
    butir, hilang = _butir(request, skp, butir_pk, dikirim=form)
    if hilang:
        return hilang
    bound = ("lampiran_ubah", butir.pk, form)
    if not form.is_valid():
        return _isian_salah(request, skp, butir.jenis, bound)
    try:
        services.ubah_butir_lampiran(
            butir,
            oleh=request.user,
            teks=form.cleaned_data["teks"],
            revisi=form.cleaned_data["revisi"],
        )
    except KonflikIsian as error:
        # The current content in the form, what this tab typed beneath it to copy.
        butir.refresh_from_db()
        baru = ButirLampiranUbahForm.untuk(butir, prefix=f"lampiran-{butir.pk}")
        baru.konflik = str(error)
        baru.isian_anda = [(form["teks"].label, form.cleaned_data["teks"])]
        return _isian_salah(
            request, skp, butir.jenis, ("lampiran_ubah", butir.pk, baru), status=409
        )
    except services.ButirHilang:
        return _sudah_hilang(request, skp, "Butir lampiran ini sudah dihapus", form)
    except IsianError as error:
        _galat_ke_form(form, error)
        return _isian_salah(request, skp, butir.jenis, bound)
    except SkpError as error:
        return _ditolak(request, skp, error)
    messages.success(request, f"Butir {JenisLampiran(butir.jenis).label} disimpan.")
    return _selesai(request, skp, butir.jenis, f"lampiran-butir-{butir.pk}")


@login_required
@require_POST
def lampiran_hapus(request, pk: int, butir_pk: int):
    skp = _skp_milik(request, pk)
    butir, hilang = _butir(request, skp, butir_pk)
    if hilang:
        return hilang
    try:
        services.hapus_butir_lampiran(butir, oleh=request.user)
    except services.ButirHilang:
        return _sudah_hilang(request, skp, "Butir lampiran ini sudah dihapus")
    except SkpError as error:
        return _ditolak(request, skp, error)
    messages.success(request, f"Butir {JenisLampiran(butir.jenis).label} dihapus.")
    return _selesai(request, skp, butir.jenis, f"lampiran-{butir.jenis}")


@login_required
@require_POST
def lampiran_pindah(request, pk: int, butir_pk: int):
    skp = _skp_milik(request, pk)
    butir, hilang = _butir(request, skp, butir_pk)
    if hilang:
        return hilang
    try:
        services.pindahkan_butir_lampiran(butir, oleh=request.user, arah=request.POST.get("arah"))
    except services.ButirHilang:
        return _sudah_hilang(request, skp, "Butir lampiran ini sudah dihapus")
    except SkpError as error:
        return _ditolak(request, skp, error)
    return _selesai(request, skp, butir.jenis, f"lampiran-butir-{butir.pk}")


@login_required
@require_POST
def lampiran_preset(request, pk: int, jenis: str):
    """Add the presets ticked in a list's picker."""
    skp = _skp_milik(request, pk)
    jenis = _jenis(jenis)
    presets = list(PresetLampiran.objects.filter(jenis=jenis).order_by("urutan", "pk"))
    form = PilihPresetLampiranForm(request.POST, presets=presets, prefix=f"preset-{jenis}")
    bound = ("lampiran_preset", jenis, form)
    if not form.is_valid():
        return _isian_salah(request, skp, jenis, bound)
    judul = JenisLampiran(jenis).label
    try:
        butir = services.tambah_butir_dari_preset(
            skp, oleh=request.user, jenis=jenis, preset_ids=form.cleaned_data["preset"]
        )
    except IsianError as error:
        _galat_ke_form(form, error)
        return _isian_salah(request, skp, jenis, bound)
    except SkpError as error:
        return _ditolak(request, skp, error)
    if butir:
        messages.success(request, f"{len(butir)} butir {judul} ditambahkan dari preset.")
        return _selesai(request, skp, jenis, f"lampiran-butir-{butir[0].pk}")
    messages.info(
        request, f"Preset yang dipilih sudah ada di daftar {judul}; tidak ada yang ditambahkan."
    )
    return _selesai(request, skp, jenis, f"lampiran-{jenis}")


# --- The presets (admin kepegawaian) ----------------------------------------------------------


def _halaman_preset(request, form=None, status: int = 200):
    presets = list(PresetLampiran.objects.order_by("jenis", "urutan", "pk"))
    daftar = []
    for jenis in JenisLampiran:
        isi = [p for p in presets if p.jenis == jenis.value]
        for i, p in enumerate(isi):
            p.pertama, p.terakhir = i == 0, i == len(isi) - 1
        daftar.append((jenis, isi))
    return render(
        request,
        "skp/preset_lampiran.html",
        {"daftar": daftar, "form": form or PresetLampiranForm()},
        status=status,
    )


def _preset(request, pk: int):
    pastikan_admin_kepegawaian(request.user)
    preset = PresetLampiran.objects.filter(pk=pk).first()
    if preset is not None:
        return preset, None
    if not AuditLog.objects.filter(aksi="skp.preset_lampiran.hapus", objek_id=str(pk)).exists():
        raise Http404
    messages.error(request, "Preset ini sudah dihapus di tab atau perangkat lain.")
    return None, redirect("skp:preset_lampiran")


@login_required
@require_GET
def preset_lampiran(request):
    """The presets of the three lists; those marked isian awal start every new SKP's lists."""
    pastikan_admin_kepegawaian(request.user)
    return _halaman_preset(request)


@login_required
@require_POST
def preset_lampiran_tambah(request):
    pastikan_admin_kepegawaian(request.user)
    form = PresetLampiranForm(request.POST)
    if not form.is_valid():
        return _halaman_preset(request, form)
    data = form.cleaned_data
    try:
        preset = services.tambah_preset_lampiran(
            oleh=request.user,
            jenis=data["jenis"],
            teks=data["teks"],
            is_bawaan=data["is_bawaan"],
            kunci_kirim=data["kunci_kirim"],
        )
    except SkpError as error:
        _galat_ke_form(form, error)
        return _halaman_preset(request, form)
    messages.success(request, f"Preset {preset.get_jenis_display()} ditambahkan.")
    return redirect(f"{reverse('skp:preset_lampiran')}#preset-{preset.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def preset_lampiran_ubah(request, pk: int):
    preset, hilang = _preset(request, pk)
    if hilang:
        return hilang
    status = 200
    if request.method == "GET":
        form = PresetLampiranUbahForm.untuk(preset)
    else:
        form = PresetLampiranUbahForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.ubah_preset_lampiran(
                    preset,
                    oleh=request.user,
                    teks=data["teks"],
                    is_bawaan=data["is_bawaan"],
                    revisi=data["revisi"],
                )
            except KonflikIsian as error:
                preset.refresh_from_db()
                baru = PresetLampiranUbahForm.untuk(preset)
                baru.konflik = str(error)
                baru.isian_anda = [(form["teks"].label, data["teks"])]
                form, status = baru, 409
            except services.ButirHilang as error:
                messages.error(request, str(error))
                return redirect("skp:preset_lampiran")
            except SkpError as error:
                _galat_ke_form(form, error)
            else:
                messages.success(request, f"Preset {preset.get_jenis_display()} disimpan.")
                return redirect(f"{reverse('skp:preset_lampiran')}#preset-{preset.pk}")
    return render(
        request, "skp/preset_lampiran_ubah.html", {"preset": preset, "form": form}, status=status
    )


@login_required
@require_POST
def preset_lampiran_hapus(request, pk: int):
    preset, hilang = _preset(request, pk)
    if hilang:
        return hilang
    try:
        services.hapus_preset_lampiran(preset, oleh=request.user)
    except SkpError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Preset {preset.get_jenis_display()} dihapus. SKP yang sudah memakainya tetap "
            "menyimpan butirnya.",
        )
    return redirect(f"{reverse('skp:preset_lampiran')}#preset-{preset.jenis}")


@login_required
@require_POST
def preset_lampiran_pindah(request, pk: int):
    preset, hilang = _preset(request, pk)
    if hilang:
        return hilang
    try:
        services.pindahkan_preset_lampiran(preset, oleh=request.user, arah=request.POST.get("arah"))
    except SkpError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('skp:preset_lampiran')}#preset-{preset.pk}")
