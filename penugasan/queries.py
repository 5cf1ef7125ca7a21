"""What the penugasan pages read, one function per page, each in a fixed number of queries.
Which actions a row offers is read here from fresh data, with the same tests the services
make (the services check again under their locks)."""

from collections import Counter
from dataclasses import dataclass, field
import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from accounts.models import Pegawai
from penugasan.access import AksesPenugasan, anggota_terlihat
from penugasan.models import (
    DAPAT_DITARIK,
    MENEMPATI,
    AnggotaPenugasan,
    Penugasan,
    StatusAnggota,
    terlihat_pegawai_q,
)
from penugasan.services import boleh_menarik
from periode.models import Periode, Supervisi
from skp.models import JenisRencanaKinerja, Komentar, Skp
from skp.services.komentar import hak_percakapan
from skp.services.penugasan import PilihanIntervensi, pilihan_intervensi_penugasan

S = StatusAnggota

_ANGGOTA = (
    "penugasan__periode",
    "penugasan__pemberi",
    "pegawai__unit_kerja",
    "rencana_kinerja",
)


def _dinilai_sekarang(user: Pegawai, periode: Periode):
    return Supervisi.objects.filter(periode=periode, atasan_langsung=user).values("pegawai_id")


@dataclass
class HalamanSaya:
    diterima: list[AnggotaPenugasan]
    menunggu_penilai: list[AnggotaPenugasan]
    menunggu_skp: list[AnggotaPenugasan]
    menunggu_pembuka: list[AnggotaPenugasan]
    diberikan: list[Penugasan]

    @property
    def jumlah_menunggu(self) -> int:
        return len(self.menunggu_penilai) + len(self.menunggu_skp) + len(self.menunggu_pembuka)


def halaman_saya(user: Pegawai, periode: Periode) -> HalamanSaya:
    """ "Penugasan saya": what I received (as far as I may see it), what waits for my decision
    (as the current pejabat penilai, or as the opener), and what I gave or recorded."""
    di_periode = AnggotaPenugasan.objects.filter(penugasan__periode=periode).select_related(
        *_ANGGOTA
    )
    diterima = di_periode.filter(pegawai=user).filter(terlihat_pegawai_q())
    bawahan = di_periode.filter(pegawai_id__in=_dinilai_sekarang(user, periode))
    diberikan = (
        Penugasan.objects.filter(periode=periode)
        .filter(Q(pemberi=user) | Q(dicatat_oleh=user))
        .select_related("pemberi")
        .prefetch_related("anggota")
    )
    diberikan = list(diberikan)
    for p in diberikan:
        hitung = Counter(a.status for a in p.anggota.all())
        p.ringkasan = [(S(status).label, n) for status, n in sorted(hitung.items())]
    return HalamanSaya(
        diterima=list(diterima.order_by("-penugasan__mulai", "-pk")),
        menunggu_penilai=list(bawahan.filter(status=S.MENUNGGU_PENILAI)),
        menunggu_skp=list(bawahan.filter(status=S.MENUNGGU_SKP)),
        menunggu_pembuka=list(
            di_periode.filter(penugasan__pemberi=user, status=S.MENUNGGU_PEMBUKA)
        ),
        diberikan=diberikan,
    )


def papan_peluang(user: Pegawai, periode: Periode, today: datetime.date) -> list[Penugasan]:
    """The open opportunities of `periode`, each with its places left and my own entry."""
    milik_saya = AnggotaPenugasan.objects.filter(penugasan=OuterRef("pk"), pegawai=user)
    daftar = list(
        Penugasan.objects.peluang_terbuka(periode, today).annotate(
            terisi=Count("anggota", filter=Q(anggota__status__in=MENEMPATI)),
            sudah_ikut=Exists(milik_saya),
        )
    )
    for p in daftar:
        p.sisa = max((p.kuota or 0) - p.terisi, 0)
        p.can_ikut = not p.sudah_ikut and p.sisa > 0 and p.pemberi_id != user.pk
    return daftar


@dataclass
class BarisAnggota:
    anggota: AnggotaPenugasan
    can_putuskan: bool = False
    can_konfirmasi: bool = False
    can_terima_skp: bool = False  # the pejabat penilai, into a submitted SKP
    can_masukkan: bool = False  # the pegawai, into their own SKP
    can_komentar: bool = False  # the assigner, on the RK in the SKP
    can_tarik: bool = False  # the assigner (or who recorded it): this assignee's part
    # The assigner's conversations on the RK (roots, each with `daftar_balasan` and its
    # `boleh_balas`), shown to him only.
    percakapan: list = field(default_factory=list)
    # Kinerja Utama's choices, for the pejabat penilai's decision form.
    intervensi: PilihanIntervensi | None = None
    forms: dict = field(default_factory=dict)

    @property
    def ada_aksi(self) -> bool:
        return self.can_putuskan or self.can_konfirmasi or self.can_terima_skp or self.can_masukkan


@dataclass
class HalamanDetail:
    penugasan: Penugasan
    baris: list[BarisAnggota]
    can_tutup: bool
    can_ikut: bool
    can_tarik: bool
    sisa: int | None


def halaman_detail(user: Pegawai, akses: AksesPenugasan, today: datetime.date) -> HalamanDetail:
    """The squad's page: the rows `user` may see, and for each the actions open to them."""
    p = akses.penugasan
    anggota = list(anggota_terlihat(user, p))
    supervisi = {
        s.pegawai_id: s
        for s in Supervisi.objects.filter(
            periode=p.periode, pegawai_id__in=[a.pegawai_id for a in anggota]
        )
    }
    penilai_kini = {pk: s.atasan_langsung_id for pk, s in supervisi.items()}
    percakapan = _percakapan_pemberi(user, p, anggota, supervisi)
    menarik = boleh_menarik(user, p) and p.ditarik_pada is None
    saya = next((a for a in anggota if a.pegawai_id == user.pk), None)
    punya_skp = (
        saya is not None
        and saya.status == S.DISETUJUI
        and Skp.objects.terkini_untuk(user, p.periode) is not None
    )
    baris = []
    for a in anggota:
        menilai = penilai_kini.get(a.pegawai_id) == user.pk
        di_skp = a.status == S.DI_SKP and a.rencana_kinerja_id is not None
        b = BarisAnggota(
            a,
            can_putuskan=menilai and a.status == S.MENUNGGU_PENILAI,
            can_konfirmasi=p.pemberi_id == user.pk and a.status == S.MENUNGGU_PEMBUKA,
            can_terima_skp=menilai and a.status == S.MENUNGGU_SKP,
            can_masukkan=a is saya and punya_skp,
            can_komentar=di_skp and p.pemberi_id == user.pk,
            can_tarik=menarik and a.status in DAPAT_DITARIK,
            percakapan=percakapan.get(a.rencana_kinerja_id, []) if di_skp else [],
        )
        utama = b.can_terima_skp and a.jenis_rk == JenisRencanaKinerja.UTAMA
        if b.can_putuskan or utama:  # the pejabat penilai's own people: a few rows, a query each
            b.intervensi = pilihan_intervensi_penugasan(a.pegawai, p.periode)
        baris.append(b)
    terbuka = p.is_peluang and p.ditutup_pada is None and p.selesai >= today
    sisa = None
    if p.is_peluang:
        terisi = AnggotaPenugasan.objects.filter(penugasan=p, status__in=MENEMPATI).count()
        sisa = max((p.kuota or 0) - terisi, 0)
    return HalamanDetail(
        penugasan=p,
        baris=baris,
        can_tutup=(
            p.is_peluang
            and p.ditutup_pada is None
            and (p.pemberi_id == user.pk or user.can_manage_kepegawaian)
        ),
        can_ikut=terbuka and saya is None and bool(sisa) and p.pemberi_id != user.pk,
        can_tarik=menarik,
        sisa=sisa,
    )


def _percakapan_pemberi(user: Pegawai, p: Penugasan, anggota: list, supervisi: dict) -> dict:
    """The conversations the assigner opened on his RK in the squad's SKPs, by RK, each root
    with its replies and whether he may still answer (skp's hak_percakapan): two queries,
    none for anyone but the assigner."""
    rk_ids = [a.rencana_kinerja_id for a in anggota if a.rencana_kinerja_id]
    if p.pemberi_id != user.pk or not rk_ids:
        return {}
    akar = list(
        Komentar.objects.filter(rencana_kinerja_id__in=rk_ids, induk=None, penulis=user)
        .select_related("skp__periode", "rencana_kinerja", "penulis", "selesai_oleh")
        .prefetch_related(
            Prefetch(
                "balasan",
                queryset=Komentar.objects.select_related("penulis").order_by("dibuat", "pk"),
            )
        )
        .order_by("dibuat", "pk")
    )
    hasil = {}
    for k in akar:
        k.daftar_balasan = list(k.balasan.all())
        hak = hak_percakapan(k.skp, user, supervisi.get(k.skp.pegawai_id), k)
        k.boleh_balas = hak.boleh_balas and not k.is_selesai
        hasil.setdefault(k.rencana_kinerja_id, []).append(k)
    return hasil
