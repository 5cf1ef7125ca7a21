"""Pages of penugasan (HTTP only: forms validate, services act, access helpers load).
A refusal by a service comes back on the page it was sent from, beside its field or as a
message, with nothing changed: 400 for input to correct, 409 when the state moved on."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.formatting import kalimat
from penugasan import services
from penugasan.access import (
    get_anggota_for_viewer,
    get_penugasan_for_viewer,
    pernah_menilai,
)
from penugasan.forms import (
    IkutForm,
    KomentarPemberiForm,
    KonfirmasiForm,
    PenugasanForm,
    PutuskanForm,
    TarikForm,
    TerimaSkpForm,
)
from penugasan.models import StatusAnggota
from penugasan.queries import halaman_detail, halaman_saya, papan_peluang
from periode.models import Periode, today_local
from periode.views_pegawai import opsi_cari_pegawai
from skp.exceptions import SkpError
from skp.forms import BalasanForm
from skp.models import Komentar
from skp.services.komentar import balas_komentar, komentar_pemberi_tugas
from skp.services.workflow import TidakBerwenang


def _periode(request) -> Periode | None:
    """The periode of `?tahun=`, else the running one (as the validation inbox chooses)."""
    tahun = request.GET.get("tahun", "")
    # isascii: "²".isdigit() is True but int("²") raises.
    if tahun.isascii() and tahun.isdigit() and len(tahun) <= 4:
        return get_object_or_404(Periode, tahun=int(tahun))
    return Periode.objects.berjalan()


def _periode_wajib(request) -> Periode:
    periode = _periode(request)
    if periode is None:
        raise PermissionDenied("Belum ada periode penilaian. Hubungi admin kepegawaian.")
    return periode


def _boleh_memberi(user, periode) -> bool:
    return user.can_manage_kepegawaian or services.boleh_memberi_tugas(user, periode)


def _konteks_periode(periode) -> dict:
    return {"periode": periode, "semua_periode": Periode.objects.all()}


# What an agreed assignment became, as the pejabat penilai's message says it.
SETELAH_SETUJU = {
    StatusAnggota.DI_SKP: "sudah masuk SKP-nya",
    StatusAnggota.DISETUJUI: "masuk ke SKP-nya setelah ia memulai SKP periode ini",
    StatusAnggota.MENUNGGU_SKP: (
        "SKP-nya sudah diajukan: terima ke SKP itu di bagian Menunggu keputusan saya"
    ),
}


@login_required
@require_GET
def saya(request):
    periode = _periode(request)
    halaman = halaman_saya(request.user, periode) if periode else None
    return render(
        request,
        "penugasan/saya.html",
        {
            "halaman": halaman,
            "can_memberi": bool(periode) and _boleh_memberi(request.user, periode),
            **_konteks_periode(periode),
        },
    )


def _form_baru(request, *, peluang: bool):
    periode = _periode_wajib(request)
    if not _boleh_memberi(request.user, periode):
        raise PermissionDenied("Penugasan hanya dapat diberikan oleh pemegang jabatan.")
    form = PenugasanForm(
        request.POST or None,
        peluang=peluang,
        admin=request.user.can_manage_kepegawaian,
        periode=periode,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                p = services.buat_penugasan(
                    periode,
                    form.isian(),
                    oleh=request.user,
                    kunci_kirim=form.cleaned_data["kunci_kirim"],
                )
            except services.PenugasanError as error:
                form.tampilkan_galat(str(error), error.field)
            else:
                pesan = "Peluang dibuka." if peluang else "Penugasan dicatat."
                menunggu = (
                    0
                    if peluang
                    else p.anggota.filter(status=StatusAnggota.MENUNGGU_PENILAI).count()
                )
                if menunggu:
                    pesan += (
                        f" {menunggu} penerima menunggu persetujuan pejabat penilainya; mereka "
                        "melihat penugasan ini setelah disetujui."
                    )
                messages.success(request, pesan)
                return redirect("penugasan:detail", pk=p.pk)
        status = 400
    return render(
        request,
        "penugasan/baru.html",
        {"form": form, "peluang": peluang, **_konteks_periode(periode)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def baru(request):
    return _form_baru(request, peluang=False)


@login_required
@require_http_methods(["GET", "POST"])
def peluang_baru(request):
    return _form_baru(request, peluang=True)


@login_required
@require_GET
def peluang(request):
    periode = _periode(request)
    daftar = papan_peluang(request.user, periode, today_local()) if periode else []
    return render(
        request,
        "penugasan/peluang.html",
        {
            "daftar": daftar,
            "form": IkutForm(),
            "can_memberi": bool(periode) and _boleh_memberi(request.user, periode),
            **_konteks_periode(periode),
        },
    )


def _render_detail(request, akses, *, bound: tuple | None = None, status: int = 200):
    """The squad's page; `bound`: (anggota pk or None, form name, bound form) sent with an
    error, shown in place of the empty one."""
    halaman = halaman_detail(request.user, akses, today_local())
    p = akses.penugasan
    for b in halaman.baris:
        a = b.anggota
        if b.can_putuskan:
            b.forms["putuskan"] = PutuskanForm(
                initial={"revisi": a.revisi, "jenis_rk": a.jenis_rk}, prefix=f"a{a.pk}"
            )
        if b.can_komentar:
            b.forms["komentar"] = KomentarPemberiForm(prefix=f"a{a.pk}k")
        for k in b.percakapan:
            k.kunci_balas = uuid.uuid4()
        if b.can_tarik:
            b.forms["tarik"] = TarikForm(prefix=f"a{a.pk}t")
        if b.can_konfirmasi:
            b.forms["konfirmasi"] = KonfirmasiForm(prefix=f"a{a.pk}")
        if b.can_terima_skp or b.can_masukkan:
            b.forms["terima"] = TerimaSkpForm(
                initial={
                    "iki_teks": p.iki_teks,
                    "target": p.target,
                    "satuan": p.satuan,
                    "intervensi": a.intervensi_id,
                    "intervensi_teks_bebas": a.intervensi_teks_bebas,
                },
                prefix=f"a{a.pk}",
            )
        if bound and bound[0] == a.pk:
            b.forms[bound[1]] = bound[2]
    ikut = bound[2] if bound and bound[1] == "ikut" else IkutForm()
    tarik = bound[2] if bound and bound[1] == "tarik" else TarikForm(prefix="tarik")
    return render(
        request,
        "penugasan/detail.html",
        {"akses": akses, "p": p, "halaman": halaman, "ikut_form": ikut, "tarik_form": tarik},
        status=status,
    )


@login_required
@require_GET
def detail(request, pk: int):
    return _render_detail(request, get_penugasan_for_viewer(request.user, pk))


def _ditolak(request, akses, error, *, bound):
    """A service's refusal to someone who holds (or held) the role: the page again with the
    message, beside its field when the form has it. (Who never had the role got a 403.)"""
    form = bound[2]
    if error.field and hasattr(form, "tampilkan_galat"):
        form.tampilkan_galat(str(error), error.field)
    elif error.field and error.field in form.fields:
        form.add_error(error.field, str(error))
    else:
        messages.error(request, str(error))
    return _render_detail(request, akses, bound=bound, status=400 if error.field else 409)


def _ke_detail(a) -> str:
    return reverse("penugasan:detail", args=[a.penugasan_id]) + f"#anggota-{a.pk}"


@login_required
@require_POST
def putuskan(request, pk: int):
    a = get_anggota_for_viewer(request.user, pk)
    akses = get_penugasan_for_viewer(request.user, a.penugasan_id)
    if not pernah_menilai(request.user, a):
        raise PermissionDenied("Anda bukan pejabat penilai pegawai ini.")
    form = PutuskanForm(request.POST, prefix=f"a{a.pk}")
    bound = (a.pk, "putuskan", form)
    if not form.is_valid():
        return _render_detail(request, akses, bound=bound, status=400)
    d = form.cleaned_data
    setuju = d["keputusan"] == "setuju"
    try:
        a = services.putuskan_penilai(
            a,
            oleh=request.user,
            setuju=setuju,
            alasan=d["alasan"],
            jenis_rk=d["jenis_rk"] or "tambahan",
            intervensi_id=d["intervensi"],
            intervensi_teks_bebas=d["intervensi_teks_bebas"],
            revisi=d["revisi"],
        )
    except services.PenugasanError as error:
        return _ditolak(request, akses, error, bound=bound)
    nama = a.pegawai.nama_lengkap
    if not setuju:
        messages.success(request, f"Penugasan untuk {nama} ditolak; pemberi tugas diberi tahu.")
    elif a.status == StatusAnggota.MENUNGGU_PEMBUKA:
        messages.success(
            request, kalimat(f"Disetujui; menunggu konfirmasi pembuka peluang untuk {nama}")
        )
    else:
        messages.success(
            request, kalimat(f"Penugasan untuk {nama} disetujui; {SETELAH_SETUJU[a.status]}")
        )
    return redirect(_ke_detail(a))


@login_required
@require_POST
def konfirmasi(request, pk: int):
    a = get_anggota_for_viewer(request.user, pk)
    akses = get_penugasan_for_viewer(request.user, a.penugasan_id)
    if akses.penugasan.pemberi_id != request.user.pk:
        raise PermissionDenied("Hanya pembuka peluang yang dapat mengonfirmasi relawan.")
    form = KonfirmasiForm(request.POST, prefix=f"a{a.pk}")
    bound = (a.pk, "konfirmasi", form)
    if not form.is_valid():
        return _render_detail(request, akses, bound=bound, status=400)
    terima = form.cleaned_data["keputusan"] == "terima"
    try:
        a = services.konfirmasi_relawan(
            a, oleh=request.user, terima=terima, alasan=form.cleaned_data["alasan"]
        )
    except services.PenugasanError as error:
        return _ditolak(request, akses, error, bound=bound)
    nama = a.pegawai.nama_lengkap
    messages.success(
        request, f"{nama} diterima bergabung." if terima else f"Pengajuan {nama} tidak diterima."
    )
    return redirect(_ke_detail(a))


@login_required
@require_POST
def terima_skp(request, pk: int):
    a = get_anggota_for_viewer(request.user, pk)
    akses = get_penugasan_for_viewer(request.user, a.penugasan_id)
    if a.pegawai_id != request.user.pk and not pernah_menilai(request.user, a):
        raise PermissionDenied("Hanya pegawai atau pejabat penilainya yang dapat melakukannya.")
    form = TerimaSkpForm(request.POST, prefix=f"a{a.pk}")
    bound = (a.pk, "terima", form)
    if not form.is_valid():
        return _render_detail(request, akses, bound=bound, status=400)
    # The pegawai confirming goes in with the penugasan's own IKI; the pejabat penilai's
    # fields complete it.
    ubah = {} if a.pegawai_id == request.user.pk else form.isian()
    try:
        a = services.terima_ke_skp(a, oleh=request.user, **ubah)
    except services.PenugasanError as error:
        return _ditolak(request, akses, error, bound=bound)
    sebagai = f" sebagai versi {a.versi_skp}; bagian lain SKP tidak berubah" if a.versi_skp else ""
    messages.success(request, kalimat(f"Penugasan masuk ke SKP {a.pegawai.nama_lengkap}{sebagai}"))
    return redirect(_ke_detail(a))


@login_required
@require_POST
def ikut(request, pk: int):
    akses = get_penugasan_for_viewer(request.user, pk)
    form = IkutForm(request.POST)
    bound = (None, "ikut", form)
    if not form.is_valid():
        return _render_detail(request, akses, bound=bound, status=400)
    try:
        a = services.ajukan_diri(
            akses.penugasan, oleh=request.user, alasan=form.cleaned_data["alasan"]
        )
    except services.PenugasanError as error:
        return _ditolak(request, akses, error, bound=bound)
    messages.success(
        request,
        "Pengajuan Anda terkirim: "
        + (
            "pejabat penilai Anda memutuskan lebih dulu."
            if a.status == StatusAnggota.MENUNGGU_PENILAI
            else "menunggu konfirmasi pembuka peluang."
        ),
    )
    return redirect(_ke_detail(a))


@login_required
@require_POST
def tutup(request, pk: int):
    akses = get_penugasan_for_viewer(request.user, pk)
    try:
        services.tutup_peluang(akses.penugasan, oleh=request.user)
    except services.BukanGiliran as error:
        raise PermissionDenied(str(error)) from error
    except services.PenugasanError as error:
        messages.error(request, str(error))
        return _render_detail(request, akses, status=409)
    messages.success(request, "Peluang ditutup; tidak ada lagi yang dapat mengajukan diri.")
    return redirect("penugasan:detail", pk=pk)


def _akses_pemberi(request, pk: int):
    """One assignee's row and the penugasan, for its assigner only (others who see the row:
    403; who cannot: 404)."""
    a = get_anggota_for_viewer(request.user, pk)
    akses = get_penugasan_for_viewer(request.user, a.penugasan_id)
    if akses.penugasan.pemberi_id != request.user.pk:
        raise PermissionDenied("Hanya pemberi tugas yang dapat memberi catatan pada penugasan ini.")
    return a, akses


@login_required
@require_POST
def komentar(request, pk: int):
    """The assigner's comment on the RK his penugasan became in this assignee's SKP: shown
    beside it there, copied to the pejabat penilai (skp.services.komentar)."""
    a, akses = _akses_pemberi(request, pk)
    form = KomentarPemberiForm(request.POST, prefix=f"a{a.pk}k")
    bound = (a.pk, "komentar", form)
    if not form.is_valid():
        return _render_detail(request, akses, bound=bound, status=400)
    if a.status != StatusAnggota.DI_SKP or a.rencana_kinerja is None:
        messages.error(
            request,
            f"Penugasan ini belum (atau tidak lagi) ada di SKP {a.pegawai.nama_lengkap}; "
            "catatan diberikan pada rencana kinerja di SKP-nya.",
        )
        return _render_detail(request, akses, status=409)
    try:
        komentar_pemberi_tugas(
            a.rencana_kinerja,
            oleh=request.user,
            teks=form.cleaned_data["teks"],
            kunci_kirim=form.cleaned_data["kunci_kirim"],
        )
    except TidakBerwenang as error:
        raise PermissionDenied(str(error)) from error
    except SkpError as error:
        form.add_error("teks", str(error))
        return _render_detail(request, akses, bound=bound, status=400)
    messages.success(
        request,
        f"Catatan terkirim kepada {a.pegawai.nama_lengkap}, dengan tembusan kepada pejabat "
        "penilainya.",
    )
    return redirect(_ke_detail(a))


@login_required
@require_POST
def balas(request, pk: int, komentar_pk: int):
    """The assigner answers in his conversation on the RK (the rule is skp's
    hak_percakapan, checked again by the service)."""
    a, akses = _akses_pemberi(request, pk)
    komentar = get_object_or_404(
        Komentar.objects.only("pk", "skp_id", "induk_id"),
        pk=komentar_pk,
        rencana_kinerja_id=a.rencana_kinerja_id or 0,
    )
    form = BalasanForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.pesan_galat())
        return redirect(_ke_detail(a))
    try:
        balas_komentar(
            komentar,
            oleh=request.user,
            teks=form.cleaned_data["teks"],
            kunci_kirim=form.cleaned_data["kunci_kirim"],
        )
    except TidakBerwenang as error:
        raise PermissionDenied(str(error)) from error
    except SkpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Balasan Anda tersimpan di bawah catatan tersebut.")
    return redirect(_ke_detail(a))


def _tarik(request, akses, *, anggota=None):
    p = akses.penugasan
    if not services.boleh_menarik(request.user, p):
        raise PermissionDenied("Hanya pemberi tugas atau yang mencatatnya yang dapat menariknya.")
    form = TarikForm(request.POST, prefix=f"a{anggota.pk}t" if anggota else "tarik")
    bound = (anggota.pk if anggota else None, "tarik", form)
    if not form.is_valid():
        return _render_detail(request, akses, bound=bound, status=400)
    try:
        ditarik = services.tarik_penugasan(
            p, oleh=request.user, alasan=form.cleaned_data["alasan_tarik"], anggota=anggota
        )
    except services.PenugasanError as error:
        return _ditolak(request, akses, error, bound=bound)
    if anggota is not None:
        pesan = f"Bagian {anggota.pegawai.nama_lengkap} ditarik"
    else:
        pesan = f"Penugasan ditarik untuk {len(ditarik)} pegawai"
    messages.success(request, kalimat(f"{pesan}; pegawai dan pejabat penilainya diberi tahu"))
    return redirect(_ke_detail(anggota) if anggota else reverse("penugasan:detail", args=[p.pk]))


@login_required
@require_POST
def tarik(request, pk: int):
    """The assigner withdraws the whole penugasan."""
    return _tarik(request, get_penugasan_for_viewer(request.user, pk))


@login_required
@require_POST
def tarik_anggota(request, pk: int):
    """The assigner withdraws one assignee's part."""
    a = get_anggota_for_viewer(request.user, pk)
    return _tarik(request, get_penugasan_for_viewer(request.user, a.penugasan_id), anggota=a)


@login_required
@require_GET
def cari_pegawai(request):
    """The options of the assignee search boxes: active pegawai by name or NIP with their
    unit's path, for whoever may assign work (the admin's own search is for the admin)."""
    periode = _periode_wajib(request)
    if not _boleh_memberi(request.user, periode):
        raise PermissionDenied("Pencarian pegawai ini untuk pemberi tugas.")
    return opsi_cari_pegawai(request)
