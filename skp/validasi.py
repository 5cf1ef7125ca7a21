"""What the validation inbox (`/validasi/`) shows a validator for one periode: the SKPs
waiting for their action (read from the workflow table) and everyone they assess, with
counts. A fixed number of queries, however many pegawai."""

from collections import Counter
from dataclasses import dataclass, field
import datetime
from functools import cached_property

from django.db.models import F

from accounts.models import Pegawai
from periode.jendela import batas_akhir_terkini
from periode.models import Periode, Supervisi, TahapJendela, today_local
from skp.models import Skp, StatusSkp
from skp.perilaku import jumlah_ekspektasi_kosong
from skp.revisi import ringkas
from skp.tautan import url_baris
from skp.workflow import AKSI_URL, atasan_tahap_kedua, pelaku_untuk, transisi_berlaku

# In a one-step periode the atasan penilai reads the SKPs without a step (skp/workflow.py).
PERAN_PEMBACA = "Atasan penilai (membaca saja)"


@dataclass
class BarisValidasi:
    supervisi: Supervisi
    skp: Skp | None
    peran: str  # "Atasan langsung" / "Atasan penilai" / PERAN_PEMBACA
    menunggu_saya: bool
    langkah: str = ""  # the label of the action waiting for me
    # Under 6/2022, for the editable SKPs of which I am the pejabat penilai: how many of the
    # seven Ekspektasi Khusus Pimpinan I have not written yet (None: not mine to write now).
    ekspektasi_kosong: int | None = None

    @property
    def nama_unit(self) -> str | None:
        return self.supervisi.nama_unit

    @property
    def tinjau_url(self) -> str:
        return url_baris("skp:tinjau", self.skp.pk)

    @property
    def detail_url(self) -> str:
        return url_baris("skp:detail", self.skp.pk)

    @property
    def pegawai(self) -> Pegawai:
        return self.supervisi.pegawai


@dataclass
class KotakValidasi:
    periode: Periode
    baris: list[BarisValidasi]
    batas_validasi: datetime.date
    is_terbuka: bool
    is_belum_dibuka: bool
    hitungan: dict = field(default_factory=dict)  # status value (or "belum_ada") → count

    @cached_property
    def menunggu(self) -> list[BarisValidasi]:
        return [b for b in self.baris if b.menunggu_saya]

    @property
    def perilaku_belum_lengkap(self) -> int:
        """How many of my pegawai still lack some of my Ekspektasi Khusus Pimpinan."""
        return sum(1 for b in self.baris if b.ekspektasi_kosong)

    @property
    def ada_pembaca(self) -> bool:
        return any(b.peran == PERAN_PEMBACA for b in self.baris)

    @property
    def ringkasan(self) -> list[tuple[str, str, int]]:
        label = [("belum_ada", "Belum ada SKP"), *StatusSkp.choices]
        hasil = [(value, text, self.hitungan.get(value, 0)) for value, text in label]
        # A one-step periode has no second step to wait at: no empty box for it.
        return [
            r
            for r in hasil
            if r[0] != StatusSkp.DISETUJUI_ATASAN_LANGSUNG or r[2] or self.periode.is_dua_tahap
        ]


_KOLOM_SUPERVISI = (
    "pegawai_id",
    "periode_id",
    "atasan_langsung_id",
    "atasan_penilai_id",
    "pegawai__nip",
    "pegawai__nama",
    "pegawai__gelar_depan",
    "pegawai__gelar_belakang",
    "pegawai__jabatan",
)


def kotak_validasi(
    atasan: Pegawai, periode: Periode, today: datetime.date | None = None
) -> KotakValidasi:
    today = today or today_local()
    # Only the columns the page shows: an atasan penilai of a whole dinas has 745 rows, and
    # every column (and the header JSON of each SKP) is work for each of them.
    supervisi = list(
        Supervisi.objects.dinilai_oleh(atasan)
        .filter(periode=periode)
        .select_related("pegawai")
        .only(*_KOLOM_SUPERVISI)
        .annotate(nama_unit=F("pegawai__unit_kerja__nama"))
        .order_by("pegawai__nama")
    )
    skp_by_pegawai = {
        s.pegawai_id: s
        for s in Skp.objects.filter(
            periode=periode, pegawai_id__in=[s.pegawai_id for s in supervisi]
        )
        .only("pegawai_id", "status")
        .order_by()
    }
    batas = batas_akhir_terkini(periode, TahapJendela.VALIDASI, atasan, today)
    baris, hitungan = [], Counter()
    for sup in supervisi:
        skp = skp_by_pegawai.get(sup.pegawai_id)
        langsung, penilai = sup.atasan_langsung_id, sup.atasan_penilai_id
        if langsung == atasan.pk:
            peran = "Atasan langsung"
        elif langsung is None or atasan_tahap_kedua(periode, langsung, penilai) == atasan.pk:
            peran = "Atasan penilai"
        else:
            peran = PERAN_PEMBACA
        langkah = ""
        if skp is not None:
            skp.periode = periode  # the workflow reads its alur: no query per SKP
            pelaku = pelaku_untuk(skp, atasan, sup)
            t = transisi_berlaku(AKSI_URL["setujui"], pelaku, skp.status)
            if t is not None:
                langkah = "Setujui" if t.ke == StatusSkp.DISETUJUI_ATASAN_LANGSUNG else "Tetapkan"
        hitungan[skp.status if skp else "belum_ada"] += 1
        baris.append(BarisValidasi(sup, skp, peran, bool(langkah), langkah))
    kosong = jumlah_ekspektasi_kosong(periode, atasan, [(b.skp, b.supervisi) for b in baris])
    for b in baris:
        b.ekspektasi_kosong = kosong.get(b.skp.pk) if b.skp else None
    # What waits for me first, then by name.
    baris.sort(key=lambda b: (not b.menunggu_saya, b.pegawai.nama))
    return KotakValidasi(
        periode=periode,
        baris=baris,
        batas_validasi=batas,
        is_terbuka=periode.validasi_mulai <= today <= batas,
        is_belum_dibuka=today < periode.validasi_mulai,
        hitungan=dict(hitungan),
    )


def periode_yang_divalidasi(pegawai: Pegawai) -> list[Periode]:
    """The periodes in which `pegawai` validates someone, newest first: what the inbox of
    someone who validates nobody in the shown periode offers instead of empty counts."""
    return list(
        Periode.objects.filter(
            pk__in=Supervisi.objects.dinilai_oleh(pegawai).values("periode")
        ).order_by("-tahun")
    )


def _satu_baris(teks: str) -> str:
    return ringkas(" ".join(teks.split()))


def _versi_percakapan(akar: list) -> str:
    """What the conversations shown here look like, in a few characters: each root, its last
    reply, when it was marked resolved (who marked it changes only with that instant); the key
    of an editor card's stored HTML."""
    return "-".join(
        f"{k.pk}.{k.daftar_balasan[-1].pk if k.daftar_balasan else 0}."
        f"{k.selesai_pada.timestamp() if k.selesai_pada else 0}"
        for k in akar
    )


@dataclass
class IkiTinjau:
    iki: object
    komentar: list  # the conversations' roots, each with its `daftar_balasan`


@dataclass
class BarisTinjau:
    """One RK of the review page with the validators' comments beside it and its IKIs."""

    baris: object  # skp.dokumen.Baris
    komentar: list
    indikator: list[IkiTinjau]

    @property
    def versi_percakapan(self) -> str:
        """The version of the conversations on this RK and its IKI (none: "")."""
        return _versi_percakapan([*self.komentar, *(k for i in self.indikator for k in i.komentar)])


@dataclass
class Tinjauan:
    umum: list
    utama: list[BarisTinjau]
    tambahan: list[BarisTinjau]
    jumlah: int  # conversations
    # Every conversation the page shows, in the form's order (`label_butir` names its item),
    # and those not yet resolved.
    akar: list = field(default_factory=list)

    @property
    def belum_selesai(self) -> list:
        return [k for k in self.akar if not k.is_selesai]


# What the page shows of a comment, and of its writer and resolver only the name.
_KOLOM_KOMENTAR = (
    "rencana_kinerja_id",
    "indikator_id",
    "induk_id",
    "teks",
    "dibuat",
    "selesai_pada",
    "penulis__nama",
    "penulis__gelar_depan",
    "penulis__gelar_belakang",
    "selesai_oleh__nama",
    "selesai_oleh__gelar_depan",
    "selesai_oleh__gelar_belakang",
)


def susun_tinjauan(dokumen) -> Tinjauan:
    """The form's rows with each conversation (a comment and its replies) placed beside its RK
    or IKI (one query)."""
    from skp.models import Komentar

    semua = list(
        Komentar.objects.filter(skp=dokumen.skp)
        .select_related("penulis", "selesai_oleh")
        .only(*_KOLOM_KOMENTAR)
        .order_by("dibuat", "pk")
    )
    akar = {k.pk: k for k in semua if k.induk_id is None}
    per_rk, per_iki, umum = {}, {}, []
    for k in semua:
        k.daftar_balasan = []
    for k in semua:
        if k.induk_id is not None:
            if k.induk_id in akar:
                akar[k.induk_id].daftar_balasan.append(k)
        elif k.indikator_id:
            per_iki.setdefault(k.indikator_id, []).append(k)
        elif k.rencana_kinerja_id:
            per_rk.setdefault(k.rencana_kinerja_id, []).append(k)
        else:
            umum.append(k)
    urutan = []

    def letakkan(daftar: list, label: str) -> list:
        for k in daftar:
            k.label_butir = label
        urutan.extend(daftar)
        return daftar

    letakkan(umum, "SKP secara umum")

    def rows(baris, huruf):
        hasil = []
        for b in baris:
            kode = f"{huruf}.{b.nomor}"
            komentar_rk = letakkan(per_rk.get(b.rk.pk, []), f"{kode} {_satu_baris(b.rk.teks)}")
            indikator = [
                IkiTinjau(
                    iki, letakkan(per_iki.get(iki.pk, []), f"{kode} IKI: {_satu_baris(iki.teks)}")
                )
                for iki in b.indikator
            ]
            hasil.append(BarisTinjau(b, komentar_rk, indikator))
        return hasil

    utama, tambahan = rows(dokumen.utama, "A"), rows(dokumen.tambahan, "B")
    return Tinjauan(umum, utama, tambahan, len(akar), urutan)
