"""Workflow pages: confirm and act (ajukan, setujui, kembalikan), review with comments,
history, the validation inbox, dispensasi (admin) and the rekap. HTTP only: the rules live
in skp/workflow.py and skp/services/workflow.py."""

import datetime
import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import UnitKerja
from periode.models import Periode, today_local
from skp.access import get_skp_for_viewer, supervisi_skp
from skp.cetak import Formulir
from skp.dokumen import nama_unit_berjenjang, susun_dokumen
from skp.exceptions import SkpBerubah, SkpError
from skp.forms import KembalikanForm, KomentarForm, RekapSaringForm
from skp.lampiran import lampiran_baca
from skp.models import Skp, StatusSkp
from skp.perilaku import bagian_perilaku
from skp.rekap import (
    STATUS_REKAP,
    beri_tautan,
    lingkup_unit,
    pilihan_unit,
    rekap_xlsx,
    susun_rekap,
    unit_rekap_untuk,
)
from skp.revisi import baca_revisi
from skp.riwayat import riwayat_skp
from skp.services.komentar import hak_percakapan
from skp.services.workflow import (
    IsiBelumLengkap,
    StatusTidakSesuai,
    TidakBerwenang,
    ajukan_skp,
    dapat_berkomentar,
    kekurangan_isi,
    kembalikan_skp,
    periksa_transisi,
    setujui_skp,
    tambah_komentar,
)
from skp.validasi import kotak_validasi, periode_yang_divalidasi, susun_tinjauan
from skp.views.komentar import siapkan_percakapan
from skp.workflow import AKSI_URL, berwenang, panel_aksi, pelaku_untuk

JUDUL = {
    "ajukan": "Ajukan SKP",
    "setujui": "Setujui SKP",
    "kembalikan": "Kembalikan SKP",
}


def _muat(request, pk: int, aksi: str):
    """The SKP (404 out of scope) and its supervision; 403 if the user holds no role that
    could ever take this action on it. Its content only for the confirmation page: a POST's
    service reads the SKP afresh under its lock."""
    isi = Skp.objects.dengan_isi() if request.method == "GET" else None
    skp = get_skp_for_viewer(request.user, pk, isi)
    supervisi = supervisi_skp(skp)
    if not berwenang(AKSI_URL[aksi], pelaku_untuk(skp, request.user, supervisi)):
        raise PermissionDenied
    return skp, supervisi


def _nama_unit_tampilan():
    """Units named from the tree the worker remembers (seconds old at most): these pages
    only show the live header of an SKP not yet submitted; submitting snapshots it afresh."""
    return nama_unit_berjenjang(UnitKerja.objects.pohon_tampilan())


def _halaman_skp(skp: Skp) -> str:
    return reverse("skp:detail", args=[skp.pk])


def _konfirmasi(request, skp, supervisi, aksi, *, form=None, galat=None, status=200):
    """The confirmation page: the SKP as the form, and either the button or why not. After a
    POST (refused, or a form with errors) it shows the SKP as it is now; after SkpBerubah
    with the reason, and it may offer the button again."""
    berubah = ""
    if isinstance(galat, SkpBerubah):
        berubah, galat = str(galat), None
    if request.method == "POST":  # refused, or the form had errors: the SKP as it is now
        skp = Skp.objects.dengan_isi().get(pk=skp.pk)
        supervisi = supervisi_skp(skp)
    menjadi = ""
    try:
        menjadi = StatusSkp(periksa_transisi(skp, AKSI_URL[aksi], request.user, supervisi).ke).label
    except SkpError as exc:
        if galat is None:
            galat, status = exc, 409
        if berubah and isinstance(exc, StatusTidakSesuai):  # the change explains it already
            galat = (
                f"SKP kini berstatus {skp.get_status_display()}, sehingga tindakan ini tidak "
                "lagi dapat Anda lakukan."
            )
    # The SKP was loaded with its content in this request (dengan_isi): no second read of it.
    rencana = list(skp.rencana_kinerja.all())
    kekurangan = kekurangan_isi(skp, rencana) if aksi == "ajukan" and galat is None else []
    if isinstance(galat, IsiBelumLengkap):
        kekurangan, galat = galat.butir, None
    dokumen = susun_dokumen(skp, rencana, supervisi, _nama_unit_tampilan())
    return render(
        request,
        "skp/konfirmasi_aksi.html",
        {
            "skp": skp,
            "aksi": aksi,
            "judul": JUDUL[aksi],
            "dokumen": dokumen,
            "formulir": Formulir(dokumen),  # the form table's column widths
            "panel": panel_aksi(skp, request.user, supervisi),
            "perilaku": bagian_perilaku(skp, request.user, supervisi, hanya_baca=True),
            "galat": str(galat) if galat else "",
            "berubah": berubah,
            "kekurangan": kekurangan,
            "form": form,
            "halaman_skp": _halaman_skp(skp),
            "supervisi": supervisi,
            "menjadi": menjadi,
            "lampiran": lampiran_baca(skp),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ajukan(request, pk: int):
    skp, supervisi = _muat(request, pk, "ajukan")
    if request.method == "POST":
        try:
            ajukan_skp(skp, oleh=request.user, revisi=baca_revisi(request.POST.get("revisi")))
        except TidakBerwenang as exc:
            raise PermissionDenied from exc
        except SkpError as exc:
            return _konfirmasi(request, skp, supervisi, "ajukan", galat=exc, status=409)
        messages.success(
            request,
            f"SKP {skp.periode.tahun} telah diajukan kepada atasan langsung Anda. Isinya "
            "terkunci selama divalidasi; Anda akan menerima email bila ada tindak lanjut.",
        )
        return redirect(_halaman_skp(skp))
    return _konfirmasi(request, skp, supervisi, "ajukan")


@login_required
@require_http_methods(["GET", "POST"])
def setujui(request, pk: int):
    skp, supervisi = _muat(request, pk, "setujui")
    if request.method == "POST":
        try:
            skp = setujui_skp(
                skp, oleh=request.user, revisi=baca_revisi(request.POST.get("revisi"))
            )
        except TidakBerwenang as exc:
            raise PermissionDenied from exc
        except SkpError as exc:
            return _konfirmasi(request, skp, supervisi, "setujui", galat=exc, status=409)
        messages.success(
            request,
            f"SKP {skp.pegawai.nama_lengkap} kini berstatus {skp.get_status_display()}.",
        )
        return redirect("skp:validasi")
    return _konfirmasi(request, skp, supervisi, "setujui")


@login_required
@require_http_methods(["GET", "POST"])
def kembalikan(request, pk: int):
    skp, supervisi = _muat(request, pk, "kembalikan")
    form = KembalikanForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _konfirmasi(request, skp, supervisi, "kembalikan", form=form)
        try:
            kembalikan_skp(
                skp,
                oleh=request.user,
                catatan=form.cleaned_data["catatan"],
                revisi=baca_revisi(request.POST.get("revisi")),
            )
        except TidakBerwenang as exc:
            raise PermissionDenied from exc
        except SkpError as exc:
            return _konfirmasi(
                request, skp, supervisi, "kembalikan", form=form, galat=exc, status=409
            )
        messages.success(
            request,
            f"SKP {skp.pegawai.nama_lengkap} dikembalikan dengan catatan Anda; pegawai "
            "dapat memperbaiki dan mengajukannya lagi.",
        )
        return redirect("skp:validasi")
    return _konfirmasi(request, skp, supervisi, "kembalikan", form=form)


def _halaman_tinjau(request, skp, supervisi, form=None, status=200):
    dokumen = susun_dokumen(skp, supervisi=supervisi, nama_unit=_nama_unit_tampilan())
    boleh_komentar = dapat_berkomentar(skp, request.user, supervisi)
    if boleh_komentar and form is None:
        form = KomentarForm(dokumen=dokumen)
    tinjauan = susun_tinjauan(dokumen)
    siapkan_percakapan(tinjauan)
    return render(
        request,
        "skp/tinjau.html",
        {
            "skp": skp,
            "dokumen": dokumen,
            "formulir": Formulir(dokumen),  # the form table's column widths
            "tinjauan": tinjauan,
            "hak_percakapan": hak_percakapan(skp, request.user, supervisi),
            "panel": panel_aksi(skp, request.user, supervisi),
            "perilaku": bagian_perilaku(skp, request.user, supervisi, hanya_baca=True),
            "form": form if boleh_komentar else None,
            "supervisi": supervisi,
            "halaman_skp": reverse("skp:detail", args=[skp.pk]),
            "lampiran": lampiran_baca(skp),
        },
        status=status,
    )


@login_required
@require_GET
def tinjau(request, pk: int):
    """The SKP as the form with the validators' comments beside each RK and IKI."""
    skp = get_skp_for_viewer(request.user, pk, Skp.objects.dengan_isi())
    return _halaman_tinjau(request, skp, supervisi_skp(skp))


@login_required
@require_POST
def komentar(request, pk: int):
    skp = get_skp_for_viewer(request.user, pk, Skp.objects.dengan_isi())
    supervisi = supervisi_skp(skp)
    if not berwenang(AKSI_URL["kembalikan"], pelaku_untuk(skp, request.user, supervisi)):
        raise PermissionDenied
    form = KomentarForm(request.POST, dokumen=susun_dokumen(skp, supervisi=supervisi))
    if not form.is_valid():
        return _halaman_tinjau(request, skp, supervisi, form=form)
    try:
        baru = tambah_komentar(
            skp, oleh=request.user, teks=form.cleaned_data["teks"], **form.sasaran()
        )
    except TidakBerwenang as exc:
        raise PermissionDenied from exc
    except SkpError as exc:
        messages.error(request, str(exc))
        return _halaman_tinjau(request, skp, supervisi, form=form, status=409)
    messages.success(request, "Catatan disimpan; pegawai melihatnya di samping butir tersebut.")
    # Back at the comment just written, as a reply goes back to its conversation: on a phone
    # the review page is long and its top is far from the item.
    return redirect(f"{reverse('skp:tinjau', args=[skp.pk])}#komentar-{baru.pk}")


@login_required
@require_GET
def riwayat(request, pk: int):
    skp = get_skp_for_viewer(request.user, pk)
    transisi, versi = riwayat_skp(skp)
    return render(
        request,
        "skp/riwayat.html",
        {"skp": skp, "transisi": transisi, "versi": versi, "halaman_skp": _halaman_skp(skp)},
    )


def _periode_dari(request) -> Periode | None:
    tahun = request.GET.get("tahun", "")
    # isascii: "²".isdigit() is True but int("²") raises (a 500 found by fuzzing).
    if tahun.isascii() and tahun.isdigit():
        return get_object_or_404(Periode, tahun=int(tahun))
    return Periode.objects.berjalan()


@login_required
@require_GET
def validasi(request):
    """What waits for my validation, per periode, with counts."""
    periode = _periode_dari(request)
    kotak = kotak_validasi(request.user, periode) if periode else None
    # What waits is shown whole (it is the work); the table of everyone I assess, which
    # repeats it, by pages: an atasan penilai of a large unit has hundreds of rows.
    semua = _halaman(request, kotak.baris, PEGAWAI_PER_HALAMAN_VALIDASI, "hal") if kotak else None
    # Someone who validates nobody in this periode (staff, or an atasan of another year) gets
    # a sentence saying so and the periodes in which they do validate, not empty counts.
    periode_validasi = (
        periode_yang_divalidasi(request.user) if kotak is not None and not kotak.baris else None
    )
    return render(
        request,
        "skp/validasi.html",
        {
            "kotak": kotak,
            "semua": semua,
            "periode": periode,
            "semua_periode": Periode.objects.all(),
            "periode_validasi": periode_validasi,
        },
    )


def _halaman(request, baris: list, per_halaman: int, param: str):
    """One page of a list, with its pager's links keeping the rest of the query."""
    page = Paginator(baris, per_halaman).get_page(request.GET.get(param))

    def ke(nomor: int) -> str:
        query = request.GET.copy()
        query[param] = str(nomor)
        return "?" + query.urlencode()

    page.tautan = {
        "pertama": ke(1),
        "sebelumnya": ke(page.number - 1),
        "berikutnya": ke(page.number + 1),
        "terakhir": ke(page.paginator.num_pages),
    }
    return page


def _unit_rekap(request) -> set[int] | None:
    unit_ids = unit_rekap_untuk(request.user)
    if unit_ids is not None and not unit_ids:
        raise PermissionDenied
    return unit_ids


def _saring_rekap(request, periode: Periode, lingkup: set[int] | None):
    """The filter form (GET) and what it selects: the units (subtree of the chosen one,
    within `lingkup`) and the state. An invalid choice filters nothing and says why."""
    paths = UnitKerja.objects.paths()
    form = RekapSaringForm(
        request.GET or None, periode=periode, pilihan_unit=pilihan_unit(lingkup, paths)
    )
    unit_id = status = None
    if form.is_bound and form.is_valid():
        unit_id, status = form.cleaned_data["unit"], form.cleaned_data["status"] or None
    judul = paths.get(unit_id) if unit_id else None
    saring = {k: v for k, v in (("unit", unit_id), ("status", status)) if v}
    query = "?" + urlencode(saring) if saring else ""
    return form, lingkup_unit(lingkup, unit_id), status, judul, query


@login_required
@require_GET
def rekap_index(request):
    _unit_rekap(request)
    periode = Periode.objects.berjalan()
    if periode is None:
        raise Http404("Belum ada periode.")
    return redirect("skp:rekap", tahun=periode.tahun)


@login_required
@require_GET
def rekap(request, tahun: int):
    lingkup = _unit_rekap(request)
    # The page's buttons list every periode; the one asked for is read among them.
    semua_periode = list(Periode.objects.all())
    periode = next((p for p in semua_periode if p.tahun == tahun), None)
    if periode is None:
        raise Http404("Periode tidak ditemukan.")
    form, unit_ids, status, unit_judul, saring_query = _saring_rekap(request, periode, lingkup)
    isi, dihitung = _isi_rekap(request, periode, unit_ids, status)
    return render(
        request,
        "skp/rekap.html",
        {
            "periode": periode,
            "isi": isi,
            "dihitung": dihitung,
            "semua_periode": semua_periode,
            "is_admin": lingkup is None,
            "form": form,
            "unit_judul": unit_judul,
            "saring_query": saring_query,
        },
    )


# The rekap reads every pegawai of the scope (0.7 s at 30,000 staff): on deadline day admins
# and kepala unit reload it again and again, so a worker reuses a rendered page of figures for
# a minute and the page says when they were counted. The key holds everything the HTML
# depends on: periode, alur, day, units, state, the pages asked for, and whose links these
# are (every admin may open the same; a kepala's links are his own). The .xlsx is always
# counted afresh.
REKAP_TAMPIL_DETIK = 60
PER_HALAMAN_REKAP = 50
PEGAWAI_PER_HALAMAN_VALIDASI = 25
VALIDATOR_PER_HALAMAN = 20


def _isi_rekap(
    request, periode: Periode, unit_ids: set[int] | None, status: str | None
) -> tuple[str, datetime.datetime]:
    lingkup = "semua" if unit_ids is None else ",".join(map(str, sorted(unit_ids)))
    pembaca = "admin" if request.user.can_manage_kepegawaian else request.user.pk
    kunci = (
        "rekap:"
        + hashlib.blake2b(
            # The alur decides the columns: a changed one is not shown from memory.
            f"{periode.pk}:{periode.alur_persetujuan}:{today_local()}:{lingkup}:{status}:"
            f"{pembaca}:{request.GET.urlencode()}".encode(),
            digest_size=16,
        ).hexdigest()
    )

    def hitung():
        rekap = susun_rekap(periode, unit_ids)
        tb = _halaman(request, rekap.tidak_berkinerja, PER_HALAMAN_REKAP, "hal_tb")
        menunggu = _halaman(request, rekap.menunggu, VALIDATOR_PER_HALAMAN, "hal_v")
        daftar = _halaman(request, rekap.dengan_status(status), PER_HALAMAN_REKAP, "hal")
        beri_tautan(request.user, [*tb, *daftar], list(menunggu))
        html = render_to_string(
            "skp/_rekap_isi.html",
            {
                "rekap": rekap,
                "tidak_berkinerja": tb,
                "menunggu": menunggu,
                "daftar": daftar,
                "status_label": dict(STATUS_REKAP).get(status),
            },
            request=request,
        )
        return str(html), timezone.now()

    html, dihitung = cache.get_or_set(kunci, hitung, REKAP_TAMPIL_DETIK)
    return mark_safe(html), dihitung  # our own template's output


@login_required
@require_GET
def rekap_unduh(request, tahun: int):
    """The .xlsx of the rekap, with the page's filters (unit, state) when given."""
    lingkup = _unit_rekap(request)
    periode = get_object_or_404(Periode, tahun=tahun)
    _, unit_ids, status, unit_judul, _ = _saring_rekap(request, periode, lingkup)
    response = HttpResponse(
        rekap_xlsx(susun_rekap(periode, unit_ids), status=status, unit=unit_judul),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="rekap-skp-{periode.tahun}.xlsx"'
    return response
