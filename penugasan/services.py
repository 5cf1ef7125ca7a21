"""Every change of a penugasan, one service each, with the four beats of STYLE.md: lock and
check against current data (the supervision as it is now), save, audit, and the emails
queued in the same transaction (sent by the worker once it commits). Nothing reaches a
pegawai before their pejabat penilai agreed (DOMAIN.md §10)."""

from dataclasses import dataclass, field
import datetime
import uuid

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.formatting import kalimat
from accounts.models import Pegawai, StatusKepegawaian, UnitKerja
from accounts.services import catat_audit
from penugasan.models import (
    DAPAT_DITARIK,
    MENEMPATI,
    TERLIHAT_PEGAWAI,
    AnggotaPenugasan,
    JenisPenugasan,
    Penugasan,
    StatusAnggota,
)
from periode.models import Periode, Supervisi, today_local
from skp.exceptions import SkpError
from skp.models import JenisRencanaKinerja, RencanaKinerja, Skp
from skp.notifikasi import antrekan_pesan, tautan
from skp.profil import profil_untuk
from skp.services.dasar import IsianError, rapikan_teks
from skp.services.penugasan import (
    IsianPenugasan,
    dapat_ditulis_langsung,
    keluarkan_rk_penugasan,
    periksa_intervensi_penugasan,
    pilihan_intervensi_penugasan,
    tambah_rk_penugasan,
    terima_rk_penugasan,
)
from skp.target import TargetTidakSah, periksa_target

# Who else holds a position that may assign work, asked of the layers above (kpi adds the
# ketua tim of a matriks): callables (pegawai, periode) -> bool, as skp's intervensi sources.
SUMBER_PEMBERI_TUGAS: list = []


class PenugasanError(Exception):
    """A rule of penugasan was broken; the Indonesian message says what to do. `field`: the
    form field it belongs to, when one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class BukanGiliran(PenugasanError):
    """Not this person's decision (any more): 403 for someone who never had it; the page
    says so when the relations changed since it was shown."""


S = StatusAnggota


def boleh_memberi_tugas(pegawai: Pegawai, periode: Periode) -> bool:
    """A pegawai holding a position: kepala (Plt./Plh. included), koordinator or
    sub-koordinator of a unit, the admin's "pemberi tugas" mark, or a role the layers above
    know (a ketua tim)."""
    if not pegawai.is_active:
        return False
    if pegawai.is_pemberi_tugas:
        return True
    if UnitKerja.objects.filter(
        Q(kepala=pegawai) | Q(koordinator=pegawai) | Q(sub_koordinator=pegawai)
    ).exists():
        return True
    return any(sumber(pegawai, periode) for sumber in SUMBER_PEMBERI_TUGAS)


def pejabat_penilai(pegawai_id: int, periode: Periode) -> Pegawai | None:
    """The pegawai's pejabat penilai kinerja (atasan langsung) in `periode`, as of now."""
    return pejabat_penilai_semua([pegawai_id], periode).get(pegawai_id)


def pejabat_penilai_semua(pegawai_ids: list[int], periode: Periode) -> dict[int, Pegawai]:
    """The pejabat penilai of each of `pegawai_ids` in `periode` (one query); a pegawai
    without one is absent."""
    return {
        sup.pegawai_id: sup.atasan_langsung
        for sup in Supervisi.objects.filter(
            pegawai_id__in=pegawai_ids, periode=periode, atasan_langsung__isnull=False
        ).select_related("atasan_langsung")
    }


@dataclass
class IsianTugas:
    """A penugasan or an opportunity as its form cleaned it."""

    judul: str
    hasil: str
    mulai: datetime.date
    selesai: datetime.date
    jenis: str = JenisPenugasan.TUGAS
    uraian: str = ""
    iki_teks: str = ""
    target: str = ""
    satuan: str = ""
    nomor_sk: str = ""
    tanggal_sk: datetime.date | None = None
    # Recorded by the admin kepegawaian on behalf of an official: the pegawai, or the name
    # and position of one outside the system (another instansi).
    pemberi: Pegawai | None = None
    pemberi_nama: str = ""
    pemberi_jabatan: str = ""
    anggota: list[tuple[Pegawai, str]] = field(default_factory=list)
    kuota: int | None = None


def _periksa(periode: Periode, isian: IsianTugas) -> dict:
    judul = " ".join((isian.judul or "").split())
    if not judul:
        raise PenugasanError("Tuliskan judul penugasan.", "judul")
    hasil = rapikan_teks(isian.hasil)
    if not hasil:
        raise PenugasanError(
            "Tuliskan hasil yang diharapkan: ini menjadi rencana kinerja setiap penerima tugas.",
            "hasil",
        )
    if isian.mulai is None or isian.selesai is None:
        raise PenugasanError("Isi tanggal mulai dan selesai.", "mulai")
    if isian.selesai < isian.mulai:
        raise PenugasanError("Tanggal selesai tidak boleh sebelum tanggal mulai.", "selesai")
    if isian.mulai < periode.tanggal_mulai or isian.selesai > periode.tanggal_selesai:
        raise PenugasanError(
            f"Tanggal penugasan harus dalam periode {periode.tahun} "
            f"({periode.tanggal_mulai:%d-%m-%Y} s.d. {periode.tanggal_selesai:%d-%m-%Y}).",
            "mulai" if isian.mulai < periode.tanggal_mulai else "selesai",
        )
    iki_teks = rapikan_teks(isian.iki_teks)
    try:
        target, satuan = periksa_target(isian.target, isian.satuan)
    except TargetTidakSah as exc:
        raise PenugasanError(str(exc), "target") from exc
    if iki_teks and target.bawah is None:
        raise PenugasanError(
            "Target indikator kuantitas harus berupa angka atau rentang, mis. 12 atau 10–12.",
            "target",
        )
    if (isian.target or "").strip() and not iki_teks:
        raise PenugasanError("Tuliskan indikatornya juga, atau kosongkan targetnya.", "iki_teks")
    return {
        "judul": judul[:200],
        "hasil": hasil,
        "uraian": rapikan_teks(isian.uraian),
        "iki_teks": iki_teks,
        "target": " ".join((isian.target or "").split()) if iki_teks else "",
        "satuan": satuan if iki_teks else "",
        "nomor_sk": " ".join((isian.nomor_sk or "").split())[:100],
        "tanggal_sk": isian.tanggal_sk if isian.nomor_sk else None,
        "mulai": isian.mulai,
        "selesai": isian.selesai,
    }


def _periksa_penerima(pegawai: Pegawai, pemberi: Pegawai | None) -> None:
    nama = pegawai.nama_lengkap
    if pemberi is not None and pegawai.pk == pemberi.pk:
        raise PenugasanError("Pemberi tugas tidak dapat menugasi dirinya sendiri.", "anggota")
    if (
        not pegawai.is_active
        or pegawai.unit_kerja_id is None
        or pegawai.status_kepegawaian != StatusKepegawaian.AKTIF
        or pegawai.is_akun_sistem
    ):
        raise PenugasanError(
            f"{nama} bukan pegawai aktif pada unit kerja mana pun, sehingga tidak dapat ditugasi.",
            "anggota",
        )


def _isian_skp(anggota: AnggotaPenugasan, **ubah) -> IsianPenugasan:
    p = anggota.penugasan
    return IsianPenugasan(
        teks=p.hasil,
        penugasan_dari=p.nama_pemberi,
        jenis=anggota.jenis_rk,
        penugasan_sk=p.keterangan_sk,
        pemberi_tugas_id=p.pemberi_id,
        iki_teks=ubah.get("iki_teks", p.iki_teks),
        target=ubah.get("target", p.target),
        satuan=ubah.get("satuan", p.satuan),
        intervensi_id=ubah.get("intervensi_id") or anggota.intervensi_id,
        intervensi_teks_bebas=ubah.get("intervensi_teks_bebas") or anggota.intervensi_teks_bebas,
    )


def _url(p: Penugasan) -> str:
    return tautan(reverse("penugasan:detail", args=[p.pk]))


def _kabari(penerima: Pegawai | None, subjek: str, isi: str) -> None:
    if penerima is not None:
        antrekan_pesan(penerima, subjek, isi)


def _masukkan(a: AnggotaPenugasan, oleh: Pegawai, today: datetime.date | None = None) -> None:
    """Agreed work into the assignee's SKP: straight in while they can write it, else as a
    change for the pejabat penilai to accept, else (no SKP yet) kept until they start it."""
    p = a.penugasan
    skp = Skp.objects.terkini_untuk(a.pegawai, p.periode)
    if skp is None:
        a.status = S.DISETUJUI
        pesan = "Penugasan ini akan masuk ke SKP Anda begitu SKP periode ini dimulai."
    elif dapat_ditulis_langsung(skp, today):
        rk = tambah_rk_penugasan(skp, isian=_isian_skp(a), oleh=oleh, today=today)
        a.status, a.rencana_kinerja = S.DI_SKP, rk
        pesan = f"Sudah ditambahkan ke SKP {p.periode.tahun} Anda: {tautan(reverse('skp:detail', args=[skp.pk]))}"
    else:
        a.status = S.MENUNGGU_SKP
        pesan = (
            "SKP Anda sudah diajukan; pejabat penilai Anda akan menerimanya ke SKP sebagai "
            "versi baru tanpa membuka kembali bagian lainnya."
        )
        penilai = pejabat_penilai(a.pegawai_id, p.periode)
        _kabari(
            penilai,
            f"Terima penugasan «{p.judul}» ke SKP {a.pegawai.nama_lengkap}",
            f"Penugasan «{p.judul}» dari {p.nama_lengkap_pemberi} untuk {a.pegawai.nama_lengkap} "
            f"telah disetujui, tetapi SKP-nya sudah diajukan. Terima ke SKP sebagai versi baru: "
            f"{_url(p)}\n",
        )
    _kabari(
        a.pegawai,
        f"Penugasan baru: {p.judul}",
        f"Anda menerima penugasan «{p.judul}» dari {p.nama_lengkap_pemberi}"
        f"{' (' + p.keterangan_sk + ')' if p.keterangan_sk else ''}, "
        f"{p.mulai:%d-%m-%Y} s.d. {p.selesai:%d-%m-%Y}, sebagai {a.peran}.\n"
        f"Laporkan hasilnya kepada pemberi tugas, dengan tembusan kepada pejabat penilai Anda.\n"
        f"{pesan}\nRincian: {_url(p)}\n",
    )


@transaction.atomic
def buat_penugasan(
    periode: Periode,
    isian: IsianTugas,
    *,
    oleh: Pegawai,
    kunci_kirim: uuid.UUID | None = None,
    today: datetime.date | None = None,
) -> Penugasan:
    """A penugasan to one or more pegawai (a squad may span units), or an opportunity
    (`jenis` peluang, with `kuota` places) volunteers may ask to join. Each assignee goes to
    their pejabat penilai first unless the assigner is that pejabat penilai. The admin
    kepegawaian may record one on behalf of an official (`pemberi` / `pemberi_nama`)."""
    if kunci_kirim and (sudah := Penugasan.objects.filter(kunci_kirim=kunci_kirim).first()):
        return sudah
    nilai = _periksa(periode, isian)
    atas_nama = isian.pemberi is not None and isian.pemberi.pk != oleh.pk
    pemberi_nama = " ".join((isian.pemberi_nama or "").split())[:150]
    if atas_nama or (isian.pemberi is None and pemberi_nama):
        if not oleh.can_manage_kepegawaian:
            raise PenugasanError(
                "Hanya admin kepegawaian yang dapat mencatat penugasan atas nama pejabat lain."
            )
        pemberi = isian.pemberi
        if pemberi is not None and not boleh_memberi_tugas(pemberi, periode):
            raise PenugasanError(
                f"{pemberi.nama_lengkap} tidak memegang jabatan yang dapat memberi tugas. "
                "Tandai sebagai pemberi tugas pada data pegawainya bila memang berwenang.",
                "pemberi",
            )
    else:
        pemberi = oleh
        if not boleh_memberi_tugas(oleh, periode):
            raise PenugasanError(
                "Penugasan hanya dapat diberikan oleh pemegang jabatan (kepala unit, "
                "koordinator, ketua tim) atau pejabat yang ditandai admin sebagai pemberi tugas."
            )
    peluang = isian.jenis == JenisPenugasan.PELUANG
    if peluang:
        if not isian.kuota or isian.kuota < 1:
            raise PenugasanError("Isi jumlah tempat yang dibuka, minimal 1.", "kuota")
        if isian.anggota:
            raise PenugasanError("Peluang terbuka diisi oleh relawan, bukan ditunjuk.", "anggota")
        if pemberi is None:
            raise PenugasanError("Peluang dibuka oleh pejabat unit yang terdaftar.", "pemberi")
    elif not isian.anggota:
        raise PenugasanError("Pilih minimal satu pegawai penerima tugas.", "anggota")
    dilihat = set()
    for pegawai, _ in isian.anggota:
        if pegawai.pk in dilihat:
            raise PenugasanError(f"{pegawai.nama_lengkap} tercantum dua kali.", "anggota")
        dilihat.add(pegawai.pk)
        _periksa_penerima(pegawai, pemberi)
    penilai = pejabat_penilai_semua([pg.pk for pg, _ in isian.anggota], periode)
    tanpa = [pg.nama_lengkap for pg, _ in isian.anggota if pg.pk not in penilai]
    if tanpa:
        raise PenugasanError(
            f"{', '.join(tanpa)} belum memiliki pejabat penilai pada periode {periode.tahun}; "
            "penugasan harus melalui pejabat penilai. Hubungi admin kepegawaian.",
            "anggota",
        )
    p = Penugasan.objects.create(
        periode=periode,
        jenis=isian.jenis if peluang else JenisPenugasan.TUGAS,
        pemberi=pemberi,
        pemberi_nama="" if pemberi is not None else pemberi_nama,
        pemberi_jabatan=" ".join((isian.pemberi_jabatan or "").split())[:150],
        unit_kerja_id=pemberi.unit_kerja_id if peluang else None,
        kuota=isian.kuota if peluang else None,
        dicatat_oleh=oleh,
        kunci_kirim=kunci_kirim,
        **nilai,
    )
    for pegawai, peran in isian.anggota:
        pn = penilai[pegawai.pk]
        langsung = pemberi is not None and pn.pk == pemberi.pk
        a = AnggotaPenugasan.objects.create(
            penugasan=p,
            pegawai=pegawai,
            peran=" ".join((peran or "").split())[:100] or "Anggota",
            status=S.DISETUJUI if langsung else S.MENUNGGU_PENILAI,
            penilai=pn,
            jenis_rk=JenisRencanaKinerja.TAMBAHAN,
            diputuskan_oleh=pemberi if langsung else None,
            diputuskan_pada=timezone.now() if langsung else None,
        )
        if langsung:
            _masukkan(a, oleh, today)
            a.save()
        else:
            _kabari(
                pn,
                f"Persetujuan penugasan untuk {pegawai.nama_lengkap}",
                f"{p.nama_lengkap_pemberi} memberikan penugasan «{p.judul}» kepada "
                f"{pegawai.nama_lengkap}, pegawai yang Anda nilai. Penugasan baru sampai kepada "
                f"pegawai setelah Anda setujui.\nSetujui atau tolak: {_url(p)}\n",
            )
    catat_audit(
        "penugasan.buat",
        aktor=oleh,
        objek=p,
        ringkasan=(
            f"{p.get_jenis_display()} «{p.judul}» dari {p.nama_lengkap_pemberi}"
            + (f" untuk {len(isian.anggota)} pegawai." if not peluang else f", {p.kuota} tempat.")
        ),
        anggota=[pg.pk for pg, _ in isian.anggota],
    )
    return p


def _kunci_anggota(pk: int) -> AnggotaPenugasan:
    return (
        AnggotaPenugasan.objects.select_for_update(of=("self",))
        .select_related("penugasan__periode", "penugasan__pemberi", "pegawai")
        .get(pk=pk)
    )


def _pastikan_penilai(a: AnggotaPenugasan, oleh: Pegawai) -> None:
    """Authority at the moment of the action, against the current supervision."""
    sekarang = pejabat_penilai(a.pegawai_id, a.penugasan.periode)
    if sekarang is None or sekarang.pk != oleh.pk:
        raise BukanGiliran(
            f"Anda bukan (lagi) pejabat penilai {a.pegawai.nama_lengkap} pada periode ini."
        )


def _sudah(a: AnggotaPenugasan) -> PenugasanError:
    return PenugasanError(
        f"Keputusan untuk {a.pegawai.nama_lengkap} sudah tidak menunggu Anda (kini: "
        f"{a.get_status_display().lower()}). Muat ulang halaman untuk melihat keadaan terbaru."
    )


def _putus(a: AnggotaPenugasan, oleh: Pegawai, status: str, alasan: str = "") -> None:
    a.status, a.alasan = status, alasan
    a.diputuskan_oleh, a.diputuskan_pada = oleh, timezone.now()
    a.revisi += 1


def _intervensi_utama(
    a: AnggotaPenugasan, intervensi_id: int | None, teks_bebas: str
) -> tuple[int | None, str]:
    """Kinerja Utama names the pimpinan's RK it intervenes, from the choices the SKP editor
    offers (skp.services.penugasan), in the pejabat penilai's words when one is missing."""
    periode = a.penugasan.periode
    istilah = profil_untuk(periode.profil_regulasi).istilah
    pilihan = pilihan_intervensi_penugasan(a.pegawai, periode)
    if pilihan.ada_kolom and not intervensi_id and not (teks_bebas or "").strip():
        if pilihan.pilihan:
            raise PenugasanError(
                f"Pilih {istilah.intervensi_singkat} yang diintervensi penugasan ini: Kinerja "
                "Utama wajib menyebutkannya.",
                "intervensi",
            )
        raise PenugasanError(
            f"Belum ada {istilah.intervensi_singkat} di sistem untuk dipilih; tuliskan "
            f"{istilah.intervensi_singkat} yang diintervensi penugasan ini pada isian teks bebas.",
            "intervensi_teks_bebas",
        )
    try:
        return periksa_intervensi_penugasan(a.pegawai, periode, intervensi_id, teks_bebas)
    except IsianError as exc:
        raise PenugasanError(str(exc), exc.field) from exc


@transaction.atomic
def putuskan_penilai(
    anggota: AnggotaPenugasan,
    *,
    oleh: Pegawai,
    setuju: bool,
    alasan: str = "",
    jenis_rk: str = JenisRencanaKinerja.TAMBAHAN,
    intervensi_id: int | None = None,
    intervensi_teks_bebas: str = "",
    revisi: int | None = None,
    today: datetime.date | None = None,
) -> AnggotaPenugasan:
    """The pejabat penilai agrees (the work goes on, as Kinerja Tambahan or, part of the
    jabatan, Utama, naming the pimpinan's RK it intervenes, as the SKP editor asks) or
    declines with a reason (the assigner, and a volunteer, are told)."""
    a = _kunci_anggota(anggota.pk)
    _pastikan_penilai(a, oleh)
    if a.status != S.MENUNGGU_PENILAI or (revisi is not None and revisi != a.revisi):
        raise _sudah(a)
    p = a.penugasan
    alasan = rapikan_teks(alasan)
    if not setuju:
        if not alasan:
            raise PenugasanError("Tuliskan alasan penolakan untuk pemberi tugas.", "alasan")
        _putus(a, oleh, S.DITOLAK, alasan)
        a.save()
        penerima = [p.pemberi] + ([a.pegawai] if a.is_sukarela else [])
        for orang in penerima:
            _kabari(
                orang,
                f"Penugasan «{p.judul}» untuk {a.pegawai.nama_lengkap} ditolak",
                f"{oleh.nama_lengkap}, pejabat penilai {a.pegawai.nama_lengkap}, menolak "
                f"penugasan «{p.judul}».\nAlasan: {alasan}\n{_url(p)}\n",
            )
    else:
        if jenis_rk not in JenisRencanaKinerja.values:
            raise PenugasanError("Pilih: kinerja tambahan atau kinerja utama.", "jenis_rk")
        a.jenis_rk = jenis_rk
        a.intervensi_id, a.intervensi_teks_bebas = None, ""
        if jenis_rk == JenisRencanaKinerja.UTAMA:
            a.intervensi_id, a.intervensi_teks_bebas = _intervensi_utama(
                a, intervensi_id, intervensi_teks_bebas
            )
        _putus(a, oleh, S.MENUNGGU_PEMBUKA if a.is_sukarela else S.DISETUJUI, alasan)
        if a.is_sukarela:
            if p.pemberi_id == oleh.pk:  # the opener is their pejabat penilai: one decision
                a.status = S.DISETUJUI
                _masukkan(a, oleh, today)
            else:
                _kabari(
                    p.pemberi,
                    f"Relawan untuk «{p.judul}»: {a.pegawai.nama_lengkap}",
                    f"Pejabat penilai {a.pegawai.nama_lengkap} menyetujui ia bergabung pada "
                    f"«{p.judul}». Konfirmasi atau tolak: {_url(p)}\n",
                )
        else:
            _masukkan(a, oleh, today)
        a.save()
    catat_audit(
        "penugasan.putuskan",
        aktor=oleh,
        objek=p,
        ringkasan=f"«{p.judul}» untuk {a.pegawai.nama_lengkap}: {a.get_status_display()}.",
        anggota=a.pk,
        setuju=setuju,
        alasan=alasan,
    )
    return a


@transaction.atomic
def ajukan_diri(
    peluang: Penugasan, *, oleh: Pegawai, alasan: str = "", today: datetime.date | None = None
) -> AnggotaPenugasan:
    """A pegawai of any unit asks to join an open opportunity; their pejabat penilai decides
    first, then the opener confirms."""
    today = today or today_local()
    p = (
        Penugasan.objects.select_for_update(of=("self",))
        .select_related("periode", "pemberi")
        .get(pk=peluang.pk)
    )
    if not p.is_peluang or p.ditutup_pada or p.selesai < today:
        raise PenugasanError("Peluang ini sudah ditutup.")
    if p.pemberi_id == oleh.pk:
        raise PenugasanError("Anda membuka peluang ini sendiri.")
    if AnggotaPenugasan.objects.filter(penugasan=p, pegawai=oleh).exists():
        raise PenugasanError("Anda sudah mengajukan diri pada peluang ini.")
    _periksa_penerima(oleh, p.pemberi)
    if AnggotaPenugasan.objects.filter(penugasan=p, status__in=MENEMPATI).count() >= p.kuota:
        raise PenugasanError("Semua tempat pada peluang ini sudah terisi atau sedang diproses.")
    penilai = pejabat_penilai(oleh.pk, p.periode)
    if penilai is None:
        raise PenugasanError(
            f"Anda belum memiliki pejabat penilai pada periode {p.periode.tahun}; hubungi admin "
            "kepegawaian."
        )
    langsung = penilai.pk == p.pemberi_id
    a = AnggotaPenugasan.objects.create(
        penugasan=p,
        pegawai=oleh,
        peran="Anggota",
        status=S.MENUNGGU_PEMBUKA if langsung else S.MENUNGGU_PENILAI,
        is_sukarela=True,
        penilai=penilai,
        alasan_relawan=rapikan_teks(alasan)[:2000],
    )
    _kabari(
        p.pemberi if langsung else penilai,
        f"{oleh.nama_lengkap} mengajukan diri pada «{p.judul}»",
        f"{oleh.nama_lengkap} ingin bergabung pada «{p.judul}» ({p.nama_lengkap_pemberi}).\n"
        + (f"Alasan: {a.alasan_relawan}\n" if a.alasan_relawan else "")
        + f"Putuskan: {_url(p)}\n",
    )
    catat_audit(
        "penugasan.ikut",
        aktor=oleh,
        objek=p,
        ringkasan=f"{oleh.nama_lengkap} mengajukan diri pada «{p.judul}».",
        anggota=a.pk,
    )
    return a


@transaction.atomic
def konfirmasi_relawan(
    anggota: AnggotaPenugasan,
    *,
    oleh: Pegawai,
    terima: bool,
    alasan: str = "",
    today: datetime.date | None = None,
) -> AnggotaPenugasan:
    """The opener takes a volunteer their pejabat penilai approved (a place must be free)
    or turns them down with a reason."""
    p = Penugasan.objects.select_for_update().get(pk=anggota.penugasan_id)
    a = _kunci_anggota(anggota.pk)
    if p.pemberi_id != oleh.pk:
        raise BukanGiliran("Hanya pembuka peluang yang dapat mengonfirmasi relawan.")
    if a.status != S.MENUNGGU_PEMBUKA:
        raise _sudah(a)
    alasan = rapikan_teks(alasan)
    if terima:
        terisi = AnggotaPenugasan.objects.filter(penugasan=p, status__in=TERLIHAT_PEGAWAI).count()
        if terisi >= (p.kuota or 0):
            raise PenugasanError(f"Semua {p.kuota} tempat sudah terisi.")
        _putus(a, oleh, S.DISETUJUI, alasan)
        _masukkan(a, oleh, today)
    else:
        if not alasan:
            raise PenugasanError("Tuliskan alasannya untuk pegawai.", "alasan")
        _putus(a, oleh, S.TIDAK_DITERIMA, alasan)
        _kabari(
            a.pegawai,
            f"Pengajuan Anda pada «{p.judul}» tidak diterima",
            f"{oleh.nama_lengkap} tidak menerima pengajuan Anda.\nAlasan: {alasan}\n",
        )
    a.save()
    catat_audit(
        "penugasan.konfirmasi",
        aktor=oleh,
        objek=p,
        ringkasan=f"Relawan {a.pegawai.nama_lengkap} pada «{p.judul}»: {a.get_status_display()}.",
        anggota=a.pk,
    )
    return a


@transaction.atomic
def terima_ke_skp(
    anggota: AnggotaPenugasan,
    *,
    oleh: Pegawai,
    iki_teks: str | None = None,
    target: str | None = None,
    satuan: str | None = None,
    intervensi_id: int | None = None,
    intervensi_teks_bebas: str = "",
    today: datetime.date | None = None,
) -> AnggotaPenugasan:
    """Agreed work that waits for an SKP: the pejabat penilai accepts it into a submitted
    SKP as a new version (completing its IKI when the penugasan named none; the returned
    row's `versi_skp` says which); or, once the pegawai has started an SKP they can write, it
    goes in directly (the pegawai or the pejabat penilai asks)."""
    a = _kunci_anggota(anggota.pk)
    p = a.penugasan
    if a.status not in (S.DISETUJUI, S.MENUNGGU_SKP):
        raise _sudah(a)
    if oleh.pk != a.pegawai_id:
        _pastikan_penilai(a, oleh)
    skp = Skp.objects.terkini_untuk(a.pegawai, p.periode)
    if skp is None:
        raise PenugasanError(
            f"{a.pegawai.nama_lengkap} belum memulai SKP periode {p.periode.tahun}; penugasan "
            "masuk begitu SKP dimulai."
        )
    ubah = {
        k: v
        for k, v in {"iki_teks": iki_teks, "target": target, "satuan": satuan}.items()
        if v is not None
    }
    versi = None
    try:
        if dapat_ditulis_langsung(skp, today):
            rk = tambah_rk_penugasan(skp, isian=_isian_skp(a, **ubah), oleh=oleh, today=today)
        else:
            if oleh.pk == a.pegawai_id:
                raise BukanGiliran(
                    "SKP Anda sudah diajukan; pejabat penilai Anda yang menerima penugasan ini."
                )
            diterima = terima_rk_penugasan(
                skp,
                isian=_isian_skp(
                    a,
                    intervensi_id=intervensi_id,
                    intervensi_teks_bebas=intervensi_teks_bebas,
                    **ubah,
                ),
                oleh=oleh,
                today=today,
            )
            rk, versi = diterima.rencana_kinerja, diterima.versi
    except SkpError as exc:
        raise PenugasanError(str(exc), getattr(exc, "field", None)) from exc
    a.status, a.rencana_kinerja, a.versi_skp = S.DI_SKP, rk, versi
    a.revisi += 1
    a.save(update_fields=["status", "rencana_kinerja", "versi_skp", "revisi"])
    catat_audit(
        "penugasan.masuk_skp",
        aktor=oleh,
        objek=p,
        ringkasan=f"«{p.judul}» masuk SKP {a.pegawai.nama_lengkap}.",
        anggota=a.pk,
        rencana_kinerja=rk.pk,
    )
    return a


@transaction.atomic
def tutup_peluang(peluang: Penugasan, *, oleh: Pegawai) -> Penugasan:
    p = Penugasan.objects.select_for_update().get(pk=peluang.pk)
    if p.pemberi_id != oleh.pk and not oleh.can_manage_kepegawaian:
        raise BukanGiliran("Hanya pembuka peluang yang dapat menutupnya.")
    if not p.is_peluang or p.ditutup_pada:
        raise PenugasanError("Peluang ini sudah ditutup.")
    p.ditutup_pada = timezone.now()
    p.save(update_fields=["ditutup_pada"])
    catat_audit("penugasan.tutup", aktor=oleh, objek=p, ringkasan=f"Peluang «{p.judul}» ditutup.")
    return p


def boleh_menarik(user: Pegawai, p: Penugasan) -> bool:
    """Who may withdraw a penugasan or one assignee's part: its assigner, or whoever recorded
    it (the admin kepegawaian on behalf of an official)."""
    return user.pk in (p.pemberi_id, p.dicatat_oleh_id)


@transaction.atomic
def tarik_penugasan(
    penugasan: Penugasan,
    *,
    oleh: Pegawai,
    alasan: str,
    anggota: AnggotaPenugasan | None = None,
    today: datetime.date | None = None,
) -> list[AnggotaPenugasan]:
    """The assigner withdraws the whole penugasan, or one assignee's part (`anggota`), with a
    reason. Work already in an SKP leaves it (skp.services.penugasan.keluarkan_rk_penugasan:
    removed from a draft, a new version of a submitted or ditetapkan SKP); if one assignee's
    SKP refuses, nothing is withdrawn. The assignee (when they could see it) and their
    pejabat penilai are told. Returns the rows withdrawn."""
    p = (
        Penugasan.objects.select_for_update(of=("self",))
        .select_related("periode", "pemberi")
        .get(pk=penugasan.pk)
    )
    if not boleh_menarik(oleh, p):
        raise BukanGiliran("Hanya pemberi tugas atau yang mencatatnya yang dapat menariknya.")
    if p.ditarik_pada:
        raise PenugasanError("Penugasan ini sudah ditarik seluruhnya.")
    alasan = rapikan_teks(alasan)
    if not alasan:
        raise PenugasanError(
            "Tuliskan alasan penarikan: alasan ini dikirim kepada pegawai dan pejabat penilainya.",
            "alasan_tarik",
        )
    # Not the RK joined in: a row that waited on this lock is read again, but a join keeps
    # the earlier snapshot (an acceptance that just committed would show no RK).
    baris = (
        AnggotaPenugasan.objects.select_for_update(of=("self",))
        .select_related("pegawai")
        .filter(penugasan=p)
        .order_by("pk")
    )
    if anggota is not None:
        baris = baris.filter(pk=anggota.pk)
    ditarik = [a for a in baris if a.status in DAPAT_DITARIK]
    if anggota is not None and not ditarik:
        a = baris.get()
        raise PenugasanError(
            f"Bagian {a.pegawai.nama_lengkap} tidak dapat ditarik lagi (kini: "
            f"{a.get_status_display().lower()}). Muat ulang halaman untuk melihat keadaan terbaru."
        )
    penilai = pejabat_penilai_semua([a.pegawai_id for a in ditarik], p.periode)
    sekarang = timezone.now()
    for a in ditarik:
        akibat = ""
        if a.status == S.DI_SKP and a.rencana_kinerja_id:
            try:
                versi = keluarkan_rk_penugasan(
                    RencanaKinerja.objects.get(pk=a.rencana_kinerja_id),
                    oleh=oleh,
                    alasan=alasan,
                    today=today,
                )
            except SkpError as exc:
                raise PenugasanError(f"{a.pegawai.nama_lengkap}: {exc}") from exc
            akibat = (
                f"Rencana kinerjanya dikeluarkan dari SKP {p.periode.tahun} sebagai versi "
                f"{versi}; versi sebelumnya tetap tersimpan dan dapat dicetak."
                if versi
                else f"Rencana kinerjanya dikeluarkan dari SKP {p.periode.tahun} yang masih disusun."
            )
        terlihat = a.is_terlihat_pegawai
        a.status_sebelum_tarik = a.status
        a.status, a.rencana_kinerja = S.DITARIK, None
        a.ditarik_oleh, a.ditarik_pada, a.alasan_tarik = oleh, sekarang, alasan
        a.revisi += 1
        a.save(
            update_fields=[
                "status",
                "status_sebelum_tarik",
                "rencana_kinerja",
                "ditarik_oleh",
                "ditarik_pada",
                "alasan_tarik",
                "revisi",
            ]
        )
        isi = (
            kalimat(
                f"{oleh.nama_lengkap} menarik penugasan «{p.judul}»"
                + (f" yang diberikan {p.nama_lengkap_pemberi}" if oleh.pk != p.pemberi_id else "")
                + f" untuk {a.pegawai.nama_lengkap}"
            )
            + f"\nAlasan: {alasan}\n"
            + (f"{akibat}\n" if akibat else "")
            + f"Rincian: {_url(p)}\n"
        )
        if terlihat:
            _kabari(a.pegawai, f"Penugasan «{p.judul}» ditarik", isi)
        pn = penilai.get(a.pegawai_id) or a.penilai
        if pn is not None and pn.pk != oleh.pk:
            _kabari(
                pn,
                f"Tembusan: penugasan «{p.judul}» untuk {a.pegawai.nama_lengkap} ditarik",
                isi
                + f"({kalimat(f'Tembusan kepada Anda sebagai pejabat penilai {a.pegawai.nama_lengkap}')})\n",
            )
    if anggota is None:
        p.ditarik_pada, p.alasan_tarik = sekarang, alasan
        fields = ["ditarik_pada", "alasan_tarik"]
        if p.is_peluang and p.ditutup_pada is None:
            p.ditutup_pada = sekarang
            fields.append("ditutup_pada")
        p.save(update_fields=fields)
    catat_audit(
        "penugasan.tarik",
        aktor=oleh,
        objek=p,
        ringkasan=(
            f"«{p.judul}» ditarik"
            + (f" untuk {ditarik[0].pegawai.nama_lengkap}" if anggota is not None else "")
            + f". Alasan: {alasan}"
        ),
        anggota=[a.pk for a in ditarik],
        alasan=alasan,
    )
    return ditarik
