"""What the penugasan pages read, one function per page, each in a fixed number of queries.
Which actions a row offers is read here from fresh data, with the same tests the services
make (the services check again under their locks)."""

from collections import Counter
from dataclasses import dataclass, field
import datetime

from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import Pegawai
from penugasan.access import AksesPenugasan, anggota_terlihat
from penugasan.models import (
    MENEMPATI,
    TERLIHAT_PEGAWAI,
    AnggotaPenugasan,
    Penugasan,
    StatusAnggota,
)
from periode.models import Periode, Supervisi
from skp.models import Skp

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
    diterima = di_periode.filter(pegawai=user).filter(
        Q(is_sukarela=True) | Q(status__in=TERLIHAT_PEGAWAI)
    )
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
    sisa: int | None


def halaman_detail(user: Pegawai, akses: AksesPenugasan, today: datetime.date) -> HalamanDetail:
    """The squad's page: the rows `user` may see, and for each the actions open to them."""
    p = akses.penugasan
    anggota = list(anggota_terlihat(user, p))
    penilai_kini = dict(
        Supervisi.objects.filter(
            periode=p.periode, pegawai_id__in=[a.pegawai_id for a in anggota]
        ).values_list("pegawai_id", "atasan_langsung_id")
    )
    saya = next((a for a in anggota if a.pegawai_id == user.pk), None)
    punya_skp = (
        saya is not None
        and saya.status == S.DISETUJUI
        and Skp.objects.terkini_untuk(user, p.periode) is not None
    )
    baris = []
    for a in anggota:
        menilai = penilai_kini.get(a.pegawai_id) == user.pk
        baris.append(
            BarisAnggota(
                a,
                can_putuskan=menilai and a.status == S.MENUNGGU_PENILAI,
                can_konfirmasi=p.pemberi_id == user.pk and a.status == S.MENUNGGU_PEMBUKA,
                can_terima_skp=menilai and a.status == S.MENUNGGU_SKP,
                can_masukkan=a is saya and punya_skp,
            )
        )
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
        sisa=sisa,
    )
