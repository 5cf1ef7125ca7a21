"""SKP drafting pages: my SKPs, the SKP page (view and edit), RK/IKI actions, uraian tugas,
periode admin. Every action works as a plain form post (POST-redirect-GET) and, for htmx, swaps
only what it changed: the RK's card, or its section when the order or the count changed (the
messages, the count of open problems and the status panel ride along out of band); the whole
editor region (`#skp-editor`) when more changed."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.links import tautan_kembali, url_halaman
from accounts.models import AuditLog, Pegawai, UnitKerja
from periode.jendela import batas_akhir, batas_akhir_tampilan, jendela_terbuka
from periode.models import Periode, Supervisi, TahapJendela, today_local
from skp.access import get_skp_for_viewer, supervisi_skp
from skp.cetak import Formulir
from skp.dokumen import nama_unit_berjenjang, susun_dokumen
from skp.exceptions import KonflikIsian, SkpError
from skp.forms import (
    SATUAN_UMUM,
    IndikatorForm,
    IndikatorUbahForm,
    ModelFormSkpForm,
    PendekatanForm,
    RencanaKinerjaBaruForm,
    RencanaKinerjaForm,
    UraianTugasForm,
)
from skp.models import (
    Indikator,
    JenisRencanaKinerja,
    Pendekatan,
    RencanaKinerja,
    Skp,
    SkpTransisi,
    StatusSkp,
)
from skp.perilaku import bagian_perilaku
from skp.profil import profil_untuk
from skp.rules import alasan_tidak_dapat_diedit
from skp.services import drafting as services
from skp.services.komentar import hak_percakapan
from skp.services.matriks import terima_usulan_matriks, tutup_kabar_matriks
from skp.services.uraian_tugas import can_edit_uraian_tugas, simpan_uraian_tugas
from skp.tautan import url_baris
from skp.validasi import Tinjauan, susun_tinjauan
from skp.views.halaman_lampiran import Terbuka, susun_halaman_lampiran, versi_bagian_lampiran
from skp.views.komentar import siapkan_percakapan
from skp.workflow import panel_aksi

# --- My SKPs --------------------------------------------------------------------------------


@login_required
@require_GET
def daftar(request):
    """My SKPs by periode, with a button to start the current one while its window is open."""
    semua = list(
        Skp.objects.filter(pegawai=request.user)
        .select_related("periode")
        .order_by("-periode__tahun", "-pk")
    )
    periode = Periode.objects.berjalan()
    mulai = None
    mutasi = None
    if periode and any(s.periode_id == periode.pk for s in semua):
        mutasi = Skp.objects.mutasi_tertunda(request.user, periode)
    if periode and (mutasi or not any(s.periode_id == periode.pk for s in semua)):
        today = today_local()
        mulai = {
            "mutasi": mutasi,
            "periode": periode,
            "terbuka": jendela_terbuka(periode, TahapJendela.PENYUSUNAN, request.user, today),
            "belum_dibuka": today < periode.penyusunan_mulai,
            "sampai": batas_akhir(periode, TahapJendela.PENYUSUNAN, request.user),
            "profil": profil_untuk(periode.profil_regulasi),
            "pendekatan": Pendekatan.choices,
        }
    return render(request, "skp/daftar.html", {"daftar_skp": semua, "mulai": mulai})


@login_required
@require_POST
def mulai(request):
    periode = get_object_or_404(Periode, pk=_angka(request.POST.get("periode")) or 0)
    try:
        skp = services.mulai_skp(
            request.user,
            periode,
            oleh=request.user,
            pendekatan=request.POST.get("pendekatan") or Pendekatan.KUANTITATIF,
            jabatan_baru=request.POST.get("jabatan_baru") == "1",
        )
    except SkpError as error:
        messages.error(request, str(error))
        return redirect("skp:daftar")
    return redirect("skp:detail", pk=skp.pk)


# --- The SKP page ---------------------------------------------------------------------------


def _muat_skp(request, pk: int) -> Skp:
    return get_skp_for_viewer(
        request.user,
        pk,
        Skp.objects.select_related("pegawai__uraian_tugas", "periode"),
    )


def _skp_milik(request, pk: int) -> Skp:
    """The SKP for a content change: out of scope → 404, a viewer who is not the owner → 403.
    The window and state are the service's business."""
    skp = _muat_skp(request, pk)
    if skp.pegawai_id != request.user.pk:
        raise PermissionDenied("Hanya pemilik SKP yang dapat mengubah isinya.")
    return skp


def _angka(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _tempel_komentar(skp: Skp, dokumen) -> Tinjauan | None:
    """The validators' comments placed beside each RK and IKI of the editor (`baris.komentar_validator`,
    `iki.komentar_validator`), in one query. A never-submitted SKP has none (no query then),
    unless it holds a penugasan: its assigner comments on that RK in any state (§10)."""
    penugasan = any(b.rk.pemberi_tugas_id for b in (*dokumen.utama, *dokumen.tambahan))
    if skp.diajukan_pada is None and not penugasan:
        return None
    tinjauan = susun_tinjauan(dokumen)
    siapkan_percakapan(tinjauan)
    for baris_tinjau in (*tinjauan.utama, *tinjauan.tambahan):
        baris_tinjau.baris.komentar_validator = baris_tinjau.komentar
        baris_tinjau.baris.versi_percakapan = baris_tinjau.versi_percakapan
        for iki_tinjau in baris_tinjau.indikator:
            iki_tinjau.iki.komentar_validator = iki_tinjau.komentar
    return tinjauan


def _pengembalian_terakhir(skp: Skp) -> SkpTransisi | None:
    """The latest return (who, when, the note) while the SKP is Dikembalikan (one query)."""
    if skp.status != StatusSkp.DIKEMBALIKAN:
        return None
    return (
        SkpTransisi.objects.filter(skp=skp, ke=StatusSkp.DIKEMBALIKAN)
        .select_related("aktor")
        .order_by("-waktu", "-pk")
        .first()
    )


def _versi_kartu(skp: Skp, baris, hak) -> str:
    """The version of an RK card without a form open, the key of its stored HTML (the `kartu`
    cache, templates/skp/_bagian.html). The SKP's revisi carries everything of the SKP: every
    change of its RK and IKI, their order, the form model and the state bump it (skp/revisi.py).
    Four things live outside it: the matriks notice, set and dismissed without a revisi (it is
    not content); the text of the intervened RK, which belongs to the atasan's SKP and bumps
    that RK's own revisi; the periode's profile, whose words the card speaks; and the
    conversations on the RK and its IKI (a reply or a resolved mark is no transition), whose
    version comes from the comments the page loaded (`baris.versi_percakapan`), with what the
    reader may do with them (`hak`).
    Buttons are not decided here: the cards are shown only while the page is editable, read
    fresh, and their place (first, last) is part of the SKP's revisi."""
    rk = baris.rk
    kabar = rk.kabar_matriks_pada.timestamp() if rk.kabar_matriks_pada else ""
    atasan = rk.intervensi  # select_related (halaman_skp): no query
    profil = skp.periode.profil_regulasi  # its words; it may change while no SKP was submitted
    percakapan = baris.versi_percakapan
    if percakapan and hak is not None:
        percakapan += f"/{int(hak.boleh_balas)}{int(hak.boleh_selesai)}"
    return (
        f"{skp.pk}.{skp.revisi}.{profil}.{rk.pk}.{kabar}.{rk.intervensi_id}."
        f"{atasan.revisi if atasan else ''}.{percakapan}"
    )


def _konteks(request, skp: Skp, bound: tuple | None = None, fokus: str = "") -> dict:
    """Everything the page shows, in a fixed number of queries whatever the number of RK and
    IKI: own RK (1), their IKI (1), the supervision (1, fresh: it decides which buttons the
    page offers), the intervensi choices while an RK form is open (1). The unit names and the
    dispensasi date it only shows come from the worker's short memory (≤ 30 s)."""
    alasan = alasan_tidak_dapat_diedit(skp, request.user)
    bisa_edit = not alasan
    istilah = skp.profil.istilah
    # In the model's order (jenis, urutan, pk), sorted here rather than by ORDER BY: Django
    # hashes every selected column of an ordered query (tickets #34631, #35102), and this one
    # selects each RK with the RK it intervenes; an SKP has a few dozen RK at most.
    milik = sorted(
        skp.rencana_kinerja.halaman_skp().order_by(), key=lambda rk: (rk.jenis, rk.urutan, rk.pk)
    )
    prefetch_related_objects(
        milik, Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "pk"))
    )
    supervisi = supervisi_skp(skp, dengan_atasan=False)
    # The page's live header may name units from the worker's memory (at most 30 s old); the
    # snapshot taken at submission reads them fresh.
    nama_unit = nama_unit_berjenjang(UnitKerja.objects.pohon_tampilan())
    dokumen = susun_dokumen(skp, rencana=milik, supervisi=supervisi, nama_unit=nama_unit)
    tinjauan = _tempel_komentar(skp, dokumen)
    hak = hak_percakapan(skp, request.user, supervisi) if tinjauan else None
    jenis_bound, kunci_bound, form_bound = bound or (None, None, None)
    ubah_rk = _angka(request.GET.get("ubah_rk")) if bisa_edit else None
    ubah_iki = _angka(request.GET.get("ubah_iki")) if bisa_edit else None
    tambah_iki = _angka(request.GET.get("tambah_iki")) if bisa_edit else None
    masalah = 0
    for bagian in (dokumen.utama, dokumen.tambahan):
        for i, baris in enumerate(bagian):
            rk = baris.rk
            baris.pertama, baris.terakhir = i == 0, i == len(bagian) - 1
            baris.peringatan = services.peringatan_rencana_kinerja(rk.teks)
            baris.masalah = services.masalah_rencana_kinerja(rk, skp=skp)
            masalah += len(baris.masalah)
            for iki in baris.indikator:
                # An absent attribute costs the template engine a dir() (~20 µs): set it.
                if not hasattr(iki, "komentar_validator"):
                    iki.komentar_validator = None
                iki.peringatan = services.peringatan_indikator(
                    iki.teks, iki.target_teks, aspek=iki.aspek, is_jpt=skp.is_jpt
                )
                iki.form_ubah = None
                if bisa_edit:
                    iki.url_pindah = url_baris("skp:iki_pindah", skp.pk, iki.pk)
                    iki.url_hapus = url_baris("skp:iki_hapus", skp.pk, iki.pk)
                if jenis_bound == "iki_ubah" and kunci_bound == iki.pk:
                    iki.form_ubah = form_bound
                elif ubah_iki == iki.pk:
                    iki.form_ubah = IndikatorUbahForm.untuk(iki, prefix=f"iki-{iki.pk}")
            if not bisa_edit:
                continue
            baris.url_pindah = url_baris("skp:rk_pindah", skp.pk, rk.pk)
            baris.url_hapus = url_baris("skp:rk_hapus", skp.pk, rk.pk)
            # The add-IKI form is built only when asked for (?tambah_iki=, by link or htmx):
            # rendering one per RK cost over a third of the page's time on deadline day.
            if jenis_bound == "iki_baru" and kunci_bound == rk.pk:
                baris.form_iki = form_bound
            elif tambah_iki == rk.pk:
                baris.form_iki = IndikatorForm(prefix=f"iki-baru-{rk.pk}")
            else:
                baris.form_iki = None
            baris.form_ubah = None
            if jenis_bound == "rk_ubah" and kunci_bound == rk.pk:
                baris.form_ubah = form_bound
            elif ubah_rk == rk.pk:
                baris.form_ubah = RencanaKinerjaForm.untuk(rk, prefix=f"rk-{rk.pk}", skp=skp)
            terbuka = baris.form_ubah or baris.form_iki or any(i.form_ubah for i in baris.indikator)
            baris.versi_kartu = None if terbuka else _versi_kartu(skp, baris, hak)
    # Add-RK forms only where they are wanted: asked for (?tambah_rk=), re-shown with an
    # error, or the first Kinerja Utama of an empty section.
    form_rk_baru = dict.fromkeys(JenisRencanaKinerja.values)
    if bisa_edit:
        tambah_rk = request.GET.get("tambah_rk")
        for jenis in JenisRencanaKinerja.values:
            if jenis_bound == "rk_baru" and kunci_bound == jenis:
                form_rk_baru[jenis] = form_bound
            elif tambah_rk == jenis or (jenis == JenisRencanaKinerja.UTAMA and not dokumen.utama):
                form_rk_baru[jenis] = RencanaKinerjaBaruForm(prefix=f"rk-{jenis}", skp=skp)
    detail_url = url_baris("skp:detail", skp.pk)
    # The atasan's RK to choose from, only when an RK form is on the page (one query).
    pilihan = []
    ada_form_rk = any(form_rk_baru.values()) or any(
        baris.form_ubah for baris in (*dokumen.utama, *dokumen.tambahan) if bisa_edit
    )
    if ada_form_rk and not skp.is_jpt:
        pilihan = sorted(
            RencanaKinerja.objects.pilihan_intervensi(skp),
            key=lambda rk: (rk.jenis != JenisRencanaKinerja.UTAMA, rk.urutan, rk.pk),
        )
    uraian = getattr(skp.pegawai, "uraian_tugas", None)  # select_related: no query
    terbuka = Terbuka.dari_halaman(request.GET)
    return {
        "skp": skp,
        "istilah": istilah,
        "dokumen": dokumen,
        "formulir": Formulir(dokumen),  # the form table's column widths (read when shown)
        "bisa_edit": bisa_edit,
        "alasan": alasan,
        "is_pemilik": skp.pegawai_id == request.user.pk,
        "pilihan": pilihan,
        "form_rk_baru": form_rk_baru,
        "jumlah_masalah": masalah,
        "kosong": not milik,
        # The copy is offered to an empty SKP whose pegawai has an earlier one (one query).
        "ada_sebelumnya": bisa_edit and not milik and services.skp_sebelumnya(skp).exists(),
        "jumlah_rk": len(milik),
        "uraian": uraian,
        "form_model": (
            ModelFormSkpForm(initial={"model_form": skp.model_form})
            if request.user.can_manage_kepegawaian and skp.is_editable_status
            else None
        ),
        "panel": panel_aksi(skp, request.user, supervisi),
        "perilaku": bagian_perilaku(skp, request.user, supervisi),  # 6/2022: ≤ 1 query
        "tinjauan": tinjauan,
        "hak_percakapan": hak,
        "kembali_percakapan": "detail",
        "pengembalian": _pengembalian_terakhir(skp),
        "batas_penyusunan": batas_akhir_tampilan(skp.periode, TahapJendela.PENYUSUNAN, skp.pegawai),
        "fokus": fokus,
        "sebagian": bool(request.htmx),
        "detail_url": detail_url,
        "tautan_skp": {
            "daftar": url_halaman("skp:daftar"),
            "pdf": url_baris("skp:pdf", skp.pk),
            "xlsx": url_baris("skp:xlsx", skp.pk),
            "uraian_tugas": url_baris("skp:uraian_tugas", skp.pegawai_id),
        },
        "satuan_umum": SATUAN_UMUM,
        "pratinjau": request.GET.get("pratinjau") == "1",
        # Read when the editor shows it (one query under 6/2022; none for a card's answer, nor
        # while the section's stored HTML is current: `versi_lampiran`).
        "lampiran": SimpleLazyObject(
            lambda: susun_halaman_lampiran(skp, bisa_edit=bisa_edit, terbuka=terbuka, bound=bound)
        ),
        "versi_lampiran": versi_bagian_lampiran(
            skp, bisa_edit=bisa_edit, terbuka=terbuka, bound=bound
        ),
    }


def _tampil(
    request,
    skp: Skp,
    bound: tuple | None = None,
    fokus: str = "",
    status: int = 200,
    potongan: tuple | None = None,
    hilang=None,
):
    """The whole page; for htmx the part `potongan` names (`_potongan`), else the editor.
    `hilang`: the reason and typed text of a save refused because its item is gone, shown at
    the editor's top (`_sudah_hilang`)."""
    konteks = _konteks(request, skp, bound, fokus)
    konteks["isian_hilang"] = hilang
    if request.htmx and konteks["pratinjau"]:
        # the official-form preview, fetched when opened
        return render(request, "skp/_dokumen.html", konteks, status=status)
    if not request.htmx:
        return render(request, "skp/detail.html", konteks, status=status)
    bagian = _potongan(konteks, potongan) if konteks["bisa_edit"] and potongan else None
    if bagian is None:
        response = render(request, "skp/_editor.html", konteks, status=status)
        response["HX-Retarget"] = "#skp-editor"
    else:
        konteks.update(bagian, perubahan=request.method == "POST")
        response = render(request, "skp/_potongan.html", konteks, status=status)
        response["HX-Retarget"] = bagian["sasaran"]
    response["HX-Reswap"] = "outerHTML"
    return response


def _potongan(konteks: dict, potongan: tuple) -> dict | None:
    """What an htmx answer swaps: ("kartu", rk_pk[, jenis it had]) the RK's card, ("iki", pk)
    the card of that IKI's RK, ("bagian", jenis) a section. None (the whole editor) when the
    part is not on the page or would leave another part stale: a card that changed section;
    a section of an SKP with at most one RK (the empty-SKP notice comes or goes)."""
    apa, kunci, *semula = potongan
    dokumen = konteks["dokumen"]
    if apa == "bagian":
        if kunci not in JenisRencanaKinerja.values or konteks["jumlah_rk"] <= 1:
            return None
        return {"potongan": "bagian", "bagian": kunci, "sasaran": f"#bagian-{kunci}"}
    for jenis, daftar in (
        (JenisRencanaKinerja.UTAMA, dokumen.utama),
        (JenisRencanaKinerja.TAMBAHAN, dokumen.tambahan),
    ):
        for baris in daftar:
            if apa == "kartu":
                cocok = baris.rk.pk == kunci
            else:
                cocok = any(iki.pk == kunci for iki in baris.indikator)
            if not cocok:
                continue
            if semula and semula[0] != jenis:
                return None
            return {
                "potongan": "kartu",
                "baris": baris,
                "bagian": jenis,
                "sasaran": f"#rk-{baris.rk.pk}",
            }
    return None


def _potongan_diminta(request) -> tuple | None:
    """The part an htmx GET opens: a card with a form (?ubah_rk=, ?tambah_iki=, ?ubah_iki=),
    a card closed again (?kartu=), a section with its add form (?tambah_rk=)."""
    for nama, apa in (
        ("ubah_rk", "kartu"),
        ("tambah_iki", "kartu"),
        ("kartu", "kartu"),
        ("ubah_iki", "iki"),
    ):
        pk = _angka(request.GET.get(nama))
        if pk:
            return (apa, pk)
    if request.GET.get("tambah_rk"):
        return ("bagian", request.GET["tambah_rk"])
    return None


def _selesai(request, skp: Skp, fokus: str = "", potongan: tuple | None = None):
    """After a successful change: htmx gets what changed, a plain post a redirect."""
    if request.htmx:
        return _tampil(request, skp, fokus=fokus, potongan=potongan)
    url = reverse("skp:detail", args=[skp.pk])
    return redirect(f"{url}#{fokus}" if fokus else url)


def _gagal(request, skp: Skp, error: SkpError, form=None, bound=None, potongan=None):
    """A rule was broken: show it beside the field (typed values kept) or as a message (with
    the whole editor: the refusal may mean the SKP changed under the page)."""
    field = getattr(error, "field", None)
    if form is not None and bound is not None:
        form.add_error(field if field in form.fields else None, str(error))
        return _tampil(request, skp, bound, potongan=potongan)
    messages.error(request, str(error))
    return _selesai(request, skp)


# The typed fields of an RK or IKI form that a refused save gives back to copy.
ISIAN_TEKS = (
    "teks",
    "intervensi_teks_bebas",
    "ukuran_keberhasilan",
    "penugasan_dari",
    "iki_teks",
    "target",
    "satuan",
)


def isian_tidak_disimpan(form) -> list[tuple[str, str]]:
    """What was typed into a bound form (valid or not), field by field: the text a refused
    save shows beneath its reason, to copy."""
    return [
        (form[nama].label, teks)
        for nama in ISIAN_TEKS
        if nama in form.fields and (teks := str(form[nama].value() or "").strip())
    ]


def _konflik(
    request, skp: Skp, error: KonflikIsian, bound: tuple[str, int], baru, dikirim, potongan: tuple
):
    """Another tab changed the item first: its form comes back with the current content and
    the refusal (409), and what this tab typed is shown beneath it to copy, never saved."""
    baru.konflik = str(error)
    baru.isian_anda = [
        (dikirim[nama].label, dikirim.cleaned_data[nama])
        for nama in ISIAN_TEKS
        # What this tab typed differently from what is saved now (an unchanged field is
        # already in the form).
        if nama in dikirim.fields
        and dikirim.cleaned_data.get(nama)
        and str(dikirim.cleaned_data[nama]).strip() != str(baru.initial.get(nama) or "").strip()
    ]
    return _tampil(request, skp, (*bound, baru), status=409, potongan=potongan)


def _sudah_hilang(request, skp: Skp, butir: str, pk: int, dikirim=None):
    """The item ("rk" or "iki") was deleted from this SKP in another tab or device (a
    double-clicked delete, say): say so instead of a bare 404. Anything else is out of scope:
    404. The audit log knows what was deleted from which SKP: this reveals nothing else.
    `dikirim`: the form this tab sent (bound), whose typed text is given back to copy, as
    after a stale revisi (`_konflik`), above the SKP as it is now."""
    aksi = f"skp.{butir}.hapus"
    apa = skp.profil.istilah.rk_awal if butir == "rk" else "Indikator"
    if not AuditLog.objects.filter(aksi=aksi, objek_id=str(pk), data__skp=skp.pk).exists():
        raise Http404
    pesan = (
        f"{apa} ini sudah dihapus di tab atau perangkat lain, sehingga perubahan Anda tidak "
        "disimpan. Halaman menampilkan isi SKP terbaru."
    )
    isian = isian_tidak_disimpan(dikirim) if dikirim is not None else []
    if isian:
        hilang = SimpleNamespace(konflik=pesan, isian_anda=isian)
        return _tampil(request, skp, status=409, hilang=hilang)
    messages.error(request, pesan)
    if request.htmx:
        return _tampil(request, skp, status=409)
    return redirect("skp:detail", pk=skp.pk)


def _pesan(request, teks: str, peringatan: list[str] | None = None) -> None:
    messages.success(request, teks)
    for item in peringatan or []:
        messages.warning(request, item)


@login_required
@require_GET
def detail(request, pk: int):
    skp = _muat_skp(request, pk)
    if not request.htmx:
        return _tampil(request, skp)
    # "Batal" closes a card's form (?kartu=): the keyboard goes back to that card.
    kartu = _angka(request.GET.get("kartu"))
    return _tampil(
        request, skp, fokus=f"rk-{kartu}" if kartu else "", potongan=_potongan_diminta(request)
    )


@login_required
@require_POST
def rk_tambah(request, pk: int, jenis: str):
    skp = _skp_milik(request, pk)
    if jenis not in JenisRencanaKinerja.values:
        raise Http404
    form = RencanaKinerjaBaruForm(request.POST, prefix=f"rk-{jenis}", skp=skp)
    bound, bagian = ("rk_baru", jenis, form), ("bagian", jenis)
    if not form.is_valid():
        return _tampil(request, skp, bound, potongan=bagian)
    try:
        rk = services.tambah_rencana_kinerja(skp, oleh=request.user, jenis=jenis, **form.isian())
    except SkpError as error:
        return _gagal(request, skp, error, form, bound, potongan=bagian)
    _pesan(
        request,
        f"{skp.profil.istilah.rk_awal} ditambahkan.",
        services.peringatan_rencana_kinerja(rk.teks),
    )
    return _selesai(request, skp, fokus=f"rk-{rk.pk}", potongan=bagian)


@login_required
@require_POST
def rk_ubah(request, pk: int, rk_pk: int):
    skp = _skp_milik(request, pk)
    rk = RencanaKinerja.objects.filter(pk=rk_pk, skp=skp).first()
    if rk is None:
        dikirim = RencanaKinerjaForm(request.POST, prefix=f"rk-{rk_pk}", skp=skp)
        return _sudah_hilang(request, skp, "rk", rk_pk, dikirim)
    form = RencanaKinerjaForm(request.POST, prefix=f"rk-{rk.pk}", skp=skp)
    bound, kartu = ("rk_ubah", rk.pk, form), ("kartu", rk.pk, rk.jenis)
    if not form.is_valid():
        return _tampil(request, skp, bound, potongan=kartu)
    try:
        rk = services.ubah_rencana_kinerja(rk, oleh=request.user, **form.isian())
    except KonflikIsian as error:
        rk.refresh_from_db()
        baru = RencanaKinerjaForm.untuk(rk, prefix=f"rk-{rk.pk}", skp=skp)
        return _konflik(request, skp, error, ("rk_ubah", rk.pk), baru, form, kartu)
    except SkpError as error:
        return _gagal(request, skp, error, form, bound, potongan=kartu)
    _pesan(
        request,
        f"{skp.profil.istilah.rk_awal} disimpan.",
        services.peringatan_rencana_kinerja(rk.teks),
    )
    return _selesai(request, skp, fokus=f"rk-{rk.pk}", potongan=kartu)


@login_required
@require_POST
def rk_hapus(request, pk: int, rk_pk: int):
    skp = _skp_milik(request, pk)
    rk = RencanaKinerja.objects.filter(pk=rk_pk, skp=skp).first()
    if rk is None:
        return _sudah_hilang(request, skp, "rk", rk_pk)
    try:
        services.hapus_rencana_kinerja(rk, oleh=request.user)
    except SkpError as error:
        return _gagal(request, skp, error)
    messages.success(request, f"{skp.profil.istilah.rk_awal} dihapus.")
    return _selesai(request, skp, fokus=f"bagian-{rk.jenis}", potongan=("bagian", rk.jenis))


@login_required
@require_POST
def rk_pindah(request, pk: int, rk_pk: int):
    skp = _skp_milik(request, pk)
    rk = RencanaKinerja.objects.filter(pk=rk_pk, skp=skp).first()
    if rk is None:
        return _sudah_hilang(request, skp, "rk", rk_pk)
    try:
        services.pindahkan_rencana_kinerja(rk, oleh=request.user, arah=request.POST.get("arah"))
    except SkpError as error:
        return _gagal(request, skp, error)
    return _selesai(request, skp, fokus=f"rk-{rk.pk}", potongan=("bagian", rk.jenis))


@login_required
@require_POST
def rk_kabar_tutup(request, pk: int, rk_pk: int):
    """The owner has read what the matriks did to this RK."""
    skp = _skp_milik(request, pk)
    rk = get_object_or_404(RencanaKinerja, pk=rk_pk, skp=skp)
    tutup_kabar_matriks(rk, oleh=request.user)
    return _selesai(request, skp, fokus=f"rk-{rk.pk}", potongan=("kartu", rk.pk, rk.jenis))


@login_required
@require_POST
def rk_usulan_terima(request, pk: int, rk_pk: int):
    """The owner takes the matriks's proposal into this RK."""
    skp = _skp_milik(request, pk)
    rk = get_object_or_404(RencanaKinerja, pk=rk_pk, skp=skp)
    kartu = ("kartu", rk.pk, rk.jenis)
    try:
        terima_usulan_matriks(rk, oleh=request.user)
    except SkpError as error:
        return _gagal(request, skp, error)
    messages.success(request, f"Usulan matriks diterapkan ke {skp.profil.istilah.rk} ini.")
    return _selesai(request, skp, fokus=f"rk-{rk.pk}", potongan=kartu)


@login_required
@require_POST
def iki_tambah(request, pk: int, rk_pk: int):
    skp = _skp_milik(request, pk)
    rk = RencanaKinerja.objects.filter(pk=rk_pk, skp=skp).first()
    if rk is None:
        dikirim = IndikatorForm(request.POST, prefix=f"iki-baru-{rk_pk}")
        return _sudah_hilang(request, skp, "rk", rk_pk, dikirim)
    form = IndikatorForm(request.POST, prefix=f"iki-baru-{rk.pk}")
    bound, kartu = ("iki_baru", rk.pk, form), ("kartu", rk.pk)
    if not form.is_valid():
        return _tampil(request, skp, bound, potongan=kartu)
    try:
        iki = services.tambah_indikator(
            rk, oleh=request.user, isian=form.isian(), kunci_kirim=form.cleaned_data["kunci_kirim"]
        )
    except SkpError as error:
        return _gagal(request, skp, error, form, bound, potongan=kartu)
    _pesan(
        request,
        "Indikator ditambahkan.",
        services.peringatan_indikator(
            iki.teks, iki.target_teks, aspek=iki.aspek, is_jpt=skp.is_jpt
        ),
    )
    return _selesai(request, skp, fokus=f"iki-{iki.pk}", potongan=("kartu", iki.rencana_kinerja_id))


def _iki_milik(skp: Skp, iki_pk: int) -> Indikator | None:
    return (
        Indikator.objects.select_related("rencana_kinerja")
        .filter(pk=iki_pk, rencana_kinerja__skp=skp)
        .first()
    )


@login_required
@require_POST
def iki_ubah(request, pk: int, iki_pk: int):
    skp = _skp_milik(request, pk)
    iki = _iki_milik(skp, iki_pk)
    if iki is None:
        dikirim = IndikatorUbahForm(request.POST, prefix=f"iki-{iki_pk}")
        return _sudah_hilang(request, skp, "iki", iki_pk, dikirim)
    form = IndikatorUbahForm(request.POST, prefix=f"iki-{iki.pk}")
    bound, kartu = ("iki_ubah", iki.pk, form), ("kartu", iki.rencana_kinerja_id)
    if not form.is_valid():
        return _tampil(request, skp, bound, potongan=kartu)
    try:
        iki = services.ubah_indikator(
            iki, oleh=request.user, isian=form.isian(), revisi=form.cleaned_data["revisi"]
        )
    except KonflikIsian as error:
        iki.refresh_from_db()
        baru = IndikatorUbahForm.untuk(iki, prefix=f"iki-{iki.pk}")
        return _konflik(request, skp, error, ("iki_ubah", iki.pk), baru, form, kartu)
    except SkpError as error:
        return _gagal(request, skp, error, form, bound, potongan=kartu)
    _pesan(
        request,
        "Indikator disimpan.",
        services.peringatan_indikator(
            iki.teks, iki.target_teks, aspek=iki.aspek, is_jpt=skp.is_jpt
        ),
    )
    return _selesai(request, skp, fokus=f"iki-{iki.pk}", potongan=("kartu", iki.rencana_kinerja_id))


@login_required
@require_POST
def iki_hapus(request, pk: int, iki_pk: int):
    skp = _skp_milik(request, pk)
    iki = _iki_milik(skp, iki_pk)
    if iki is None:
        return _sudah_hilang(request, skp, "iki", iki_pk)
    try:
        services.hapus_indikator(iki, oleh=request.user)
    except SkpError as error:
        return _gagal(request, skp, error)
    messages.success(request, "Indikator dihapus.")
    rk_pk = iki.rencana_kinerja_id
    return _selesai(request, skp, fokus=f"rk-{rk_pk}", potongan=("kartu", rk_pk))


@login_required
@require_POST
def iki_pindah(request, pk: int, iki_pk: int):
    skp = _skp_milik(request, pk)
    iki = _iki_milik(skp, iki_pk)
    if iki is None:
        return _sudah_hilang(request, skp, "iki", iki_pk)
    try:
        services.pindahkan_indikator(iki, oleh=request.user, arah=request.POST.get("arah"))
    except SkpError as error:
        return _gagal(request, skp, error)
    return _selesai(request, skp, fokus=f"iki-{iki.pk}", potongan=("kartu", iki.rencana_kinerja_id))


@login_required
@require_POST
def salin(request, pk: int):
    skp = _skp_milik(request, pk)
    try:
        hasil = services.salin_dari_periode_sebelumnya(skp, oleh=request.user)
    except SkpError as error:
        return _gagal(request, skp, error)
    messages.success(request, hasil.pesan)
    return _selesai(request, skp)


@login_required
@require_POST
def pendekatan(request, pk: int):
    """The owner switches between kuantitatif and kualitatif while the SKP is editable."""
    skp = _skp_milik(request, pk)
    form = PendekatanForm(request.POST)
    if not form.is_valid():
        pesan = next(iter(form.errors.values()))[0]
        return _gagal(request, skp, SkpError(pesan))
    try:
        skp = services.ubah_pendekatan(skp, oleh=request.user, **form.cleaned_data)
    except SkpError as error:
        # Not editable any more, or changed meanwhile: the page as it is now says why.
        messages.error(request, str(error))
        return _tampil(request, Skp.objects.get(pk=skp.pk), status=409)
    if skp.is_kualitatif:
        teks = (
            f"Pendekatan kualitatif: tuliskan ukuran keberhasilan setiap {skp.profil.istilah.rk}. "
            "Indikator yang sudah diisi disimpan dan tampil lagi bila Anda kembali ke "
            "pendekatan kuantitatif."
        )
    else:
        teks = (
            f"Pendekatan kuantitatif: setiap {skp.profil.istilah.rk} memerlukan indikator "
            "aspek Kuantitas dengan target. Uraian ukuran keberhasilan disimpan dan tampil "
            "lagi bila Anda kembali ke pendekatan kualitatif."
        )
    messages.success(request, teks)
    return _selesai(request, skp, fokus="skp-pendekatan")


@login_required
@require_POST
def model_form(request, pk: int):
    skp = _muat_skp(request, pk)
    if not request.user.can_manage_kepegawaian:
        raise PermissionDenied("Hanya admin kepegawaian yang dapat mengubah model formulir.")
    form = ModelFormSkpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih model formulir JPT atau JA/JF.")
        return redirect("skp:detail", pk=skp.pk)
    try:
        skp = services.ubah_model_form(
            skp, oleh=request.user, model_form=form.cleaned_data["model_form"]
        )
    except SkpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Model formulir: {skp.get_model_form_display()}.")
    return redirect("skp:detail", pk=skp.pk)


# --- Uraian tugas ---------------------------------------------------------------------------


def _pegawai_untuk_uraian(request, pegawai_pk: int) -> tuple[Pegawai, bool]:
    """The pegawai whose uraian tugas `request.user` may see, and whether they may edit it.
    Editors: self and koordinator/sub-koordinator; viewers: supervisors and the admin."""
    pegawai = get_object_or_404(
        Pegawai.objects.select_related("unit_kerja", "uraian_tugas"), pk=pegawai_pk
    )
    if can_edit_uraian_tugas(request.user, pegawai):
        return pegawai, True
    is_viewer = (
        request.user.can_manage_kepegawaian
        or Supervisi.objects.dinilai_oleh(request.user).filter(pegawai=pegawai).exists()
    )
    if not is_viewer:
        raise Http404("Pegawai tidak ditemukan.")
    return pegawai, False


@login_required
@require_GET
def uraian_tugas_daftar(request):
    """My uraian tugas and, for a koordinator, those of the members of the units I guide."""
    unit_ids = UnitKerja.objects.filter(koordinator=request.user).values_list("pk", flat=True)
    sub_ids = UnitKerja.objects.filter(sub_koordinator=request.user).values_list("pk", flat=True)
    dipandu = UnitKerja.objects.subtree_ids([*unit_ids, *sub_ids])
    anggota = list(
        Pegawai.objects.filter(unit_kerja_id__in=dipandu, is_active=True)
        .exclude(pk=request.user.pk)
        .select_related("unit_kerja", "uraian_tugas")
        .order_by("unit_kerja__nama", "nama")
    )
    for p in anggota:
        p.uraian = getattr(p, "uraian_tugas", None)  # a missing one raises AttributeError
    milik = getattr(request.user, "uraian_tugas", None)
    return render(request, "skp/uraian_tugas_daftar.html", {"anggota": anggota, "milik": milik})


@login_required
@require_http_methods(["GET", "POST"])
def uraian_tugas(request, pegawai_pk: int):
    pegawai, bisa_ubah = _pegawai_untuk_uraian(request, pegawai_pk)
    if request.method == "POST" and not bisa_ubah:
        raise PermissionDenied("Anda tidak dapat mengubah uraian tugas pegawai ini.")
    uraian = getattr(pegawai, "uraian_tugas", None)
    kembali = tautan_kembali(
        request,
        request.POST.get("kembali") or request.GET.get("kembali"),
        reverse("skp:uraian_tugas_daftar"),
    )
    form = UraianTugasForm(request.POST or None, initial={"teks": uraian.teks if uraian else ""})
    if request.method == "POST" and form.is_valid():
        try:
            simpan_uraian_tugas(pegawai, oleh=request.user, teks=form.cleaned_data["teks"])
        except SkpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Uraian tugas {pegawai.nama_lengkap} disimpan.")
            return redirect(kembali)
    return render(
        request,
        "skp/uraian_tugas.html",
        {
            "pegawai": pegawai,
            "uraian": uraian,
            "form": form,
            "bisa_ubah": bisa_ubah,
            "kembali": kembali,
        },
    )
