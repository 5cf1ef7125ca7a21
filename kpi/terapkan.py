"""What "Terapkan ke SKP" would do, peran hasil by peran hasil, without writing anything.

The preview page shows this plan; the apply builds it again under the locks and goes ahead
only when it is the same plan the ketua confirmed (`sidik`). Each peran hasil is one of:
to be created, to be updated (old → new), already in line, a conflict (its owner changed
what the cell changes: left as they wrote it), or left alone because the member's SKP cannot
be changed now (submitted, validated, window closed: `skp.rules`, as for their own edits),
or left out because the member deleted the RK it became (deleting is their last word on it).
"""

from dataclasses import dataclass, field
import datetime
import hashlib
from itertools import groupby

from django.db.models import Prefetch

from accounts.models import Pegawai, StatusKepegawaian
from kpi.models import AnggotaMatriks, KolomMatriks, MatriksPeranHasil, PeranHasil
from periode.models import Supervisi
from skp.matriks import IsianMatriks, Perbandingan, Status, bandingkan, usulan_sama
from skp.models import AksiSkp, Indikator, Skp, StatusSkp
from skp.rules import alasan_tidak_dapat_diedit
from skp.workflow import atasan_tahap_kedua, pelaku_untuk, transisi_berlaku


class Langkah:
    BUAT = "buat"
    DIHAPUS = "dihapus"  # applied once, its RK since deleted from the SKP: not made again
    PERBARUI = Status.PERBARUI
    SESUAI = Status.SESUAI
    KONFLIK = Status.KONFLIK
    DILEWATI = "dilewati"


def isian_dari(item: PeranHasil, kolom: KolomMatriks) -> IsianMatriks:
    """What the peran hasil asks of its RK: a Kinerja Utama linked to the column's RK of the
    ketua tim; a KPI or free outcome column is kept as marked free text."""
    rk_id = kolom.rencana_kinerja_id
    return IsianMatriks(
        teks=item.teks,
        intervensi_id=rk_id,
        intervensi_teks_bebas="" if rk_id else kolom.teks,
        indikator=item.indikator,
        target=item.target,
        target_max=item.target_max if item.target is not None else None,
        satuan=item.satuan if item.target is not None else "",
        intervensi_teks=kolom.teks,
    )


def status_sel(item: PeranHasil, kolom: KolomMatriks) -> Perbandingan | str | None:
    """The item's RK compared with the cell, `Langkah.DIHAPUS` when its owner deleted it,
    None when not applied yet; for the grid. Needs `item.rencana_kinerja` with its
    `indikator` prefetched."""
    rk = item.rencana_kinerja
    if rk is None:
        return Langkah.DIHAPUS if item.diterapkan_versi is not None else None
    return bandingkan(rk, isian_dari(item, kolom))


@dataclass
class LangkahTerapkan:
    item: PeranHasil
    pegawai: Pegawai
    status: str
    isian: IsianMatriks
    banding: Perbandingan | None = None
    alasan: str = ""
    skp_baru: bool = False

    @property
    def rk(self):
        return self.item.rencana_kinerja if self.banding else None

    @property
    def kolom(self) -> KolomMatriks:
        return self.item.sel.kolom

    @property
    def sudah_dikabari(self) -> bool:
        """A conflict its owner was already told of (the same proposal)."""
        return bool(self.banding and usulan_sama(self.rk, self.banding.usulan))

    def sidik(self) -> tuple:
        banding = self.banding
        return (
            self.item.pk,
            self.item.versi,
            self.status,
            self.pegawai.pk,
            self.rk.pk if self.rk else None,
            sorted(banding.sekarang.items(), key=str) if banding else None,
            sorted(self.isian.nilai().items(), key=str),
            self.alasan,
        )


@dataclass
class RencanaTerapkan:
    matriks: MatriksPeranHasil
    langkah: list[LangkahTerapkan] = field(default_factory=list)

    def _dengan(self, status: str) -> list[LangkahTerapkan]:
        return [x for x in self.langkah if x.status == status]

    @property
    def dibuat(self):
        return self._dengan(Langkah.BUAT)

    @property
    def diperbarui(self):
        return self._dengan(Langkah.PERBARUI)

    @property
    def sesuai(self):
        return self._dengan(Langkah.SESUAI)

    @property
    def konflik(self):
        return self._dengan(Langkah.KONFLIK)

    @property
    def dilewati(self):
        return self._dengan(Langkah.DILEWATI)

    @property
    def dihapus(self):
        return self._dengan(Langkah.DIHAPUS)

    @property
    def skp_baru(self) -> list[Pegawai]:
        return list({x.pegawai.pk: x.pegawai for x in self.dibuat if x.skp_baru}.values())

    @property
    def ada_tindakan(self) -> bool:
        """Whether confirming would write anything: an RK created or updated, an owner told
        of a conflict for the first time, or a cell edited since it was applied recorded as
        in line with its RK."""
        return bool(
            self.dibuat
            or self.diperbarui
            or any(not x.sudah_dikabari for x in self.konflik)
            or any(x.item.is_berubah_sejak_diterapkan for x in self.sesuai)
        )

    @property
    def sidik(self) -> str:
        """A fingerprint of the plan: the page posts it back, the apply compares."""
        isi = repr([x.sidik() for x in self.langkah])
        return hashlib.blake2b(isi.encode(), digest_size=16).hexdigest()


def _items(matriks: MatriksPeranHasil):
    return (
        PeranHasil.objects.filter(sel__anggota__matriks=matriks, sel__is_na=False)
        .select_related(
            "sel__anggota__pegawai",
            "sel__kolom__rencana_kinerja",
            "sel__kolom__kpi",
            "rencana_kinerja__skp",
        )
        .prefetch_related(
            Prefetch(
                "rencana_kinerja__indikator", queryset=Indikator.objects.order_by("urutan", "pk")
            )
        )
        .order_by(
            "sel__anggota__urutan",
            "sel__anggota_id",
            "sel__kolom__urutan",
            "sel__kolom_id",
            "urutan",
            "pk",
        )
    )


def _alasan_skp_terkunci(skp: Skp, ketua: Pegawai, today) -> str:
    """Why the member's SKP is left alone, told to the ketua, with what he can do about it in
    his own position: a Ditetapkan SKP cannot be returned any more; one in validation is
    returned by its atasan, who may be the ketua himself."""
    if skp.status in StatusSkp.editable():
        return alasan_tidak_dapat_diedit(skp, skp.pegawai, today)  # the window, for them
    nama = skp.pegawai.nama_lengkap
    if skp.status == StatusSkp.DITETAPKAN:
        return (
            f"SKP {nama} sudah ditetapkan dan tidak dapat dikembalikan lagi, sehingga peran "
            "hasil ini tidak dapat masuk ke SKP periode ini."
        )
    awal = f"SKP {nama} berstatus {skp.get_status_display()} dan sedang divalidasi."
    supervisi = (
        Supervisi.objects.filter(pegawai_id=skp.pegawai_id, periode_id=skp.periode_id)
        .select_related("atasan_langsung", "atasan_penilai")
        .first()
    )
    kembalikan = frozenset({AksiSkp.KEMBALIKAN})
    if transisi_berlaku(kembalikan, pelaku_untuk(skp, ketua, supervisi), skp.status):
        return (
            f"{awal} Anda sendiri atasannya: kembalikan SKP itu dari halaman validasi bila "
            "perlu, lalu terapkan lagi."
        )
    atasan = None
    if supervisi is not None:
        langsung, penilai = supervisi.atasan_langsung, supervisi.atasan_penilai
        kedua = atasan_tahap_kedua(skp.periode, langsung, penilai)
        atasan = kedua if skp.status == StatusSkp.DISETUJUI_ATASAN_LANGSUNG and kedua else None
        atasan = atasan or langsung or penilai
    siapa = atasan.nama_lengkap if atasan else "atasannya"
    return f"{awal} Bila perlu, minta {siapa} mengembalikannya, lalu terapkan lagi."


def _alasan_tanpa_skp(pegawai: Pegawai, periode, today) -> str:
    if pegawai.status_kepegawaian != StatusKepegawaian.AKTIF:
        return (
            f"{pegawai.nama_lengkap} berstatus {pegawai.get_status_kepegawaian_display()} "
            "dan tidak wajib menyusun SKP."
        )
    calon = Skp(pegawai=pegawai, periode=periode, status=StatusSkp.DRAF)
    return alasan_tidak_dapat_diedit(calon, pegawai, today)


def susun_rencana(
    matriks: MatriksPeranHasil, *, today: datetime.date | None = None, kunci: bool = False
) -> RencanaTerapkan:
    """The plan for every peran hasil of the matriks. With `kunci` (inside the apply's
    transaction) the members' SKP rows are locked first, so nobody's edit slips in between
    the plan and its writes."""
    # The SKP rows first, then their RK: under READ COMMITTED the RK read after the lock are
    # the latest, and no edit by their owner can land until this transaction ends.
    skp_qs = Skp.objects.filter(
        periode_id=matriks.periode_id,
        pegawai_id__in=AnggotaMatriks.objects.filter(matriks=matriks).values("pegawai_id"),
    )
    if kunci:
        skp_qs = skp_qs.select_for_update(of=("self",)).order_by("pk")
    skp_by_pegawai = {s.pegawai_id: s for s in skp_qs.select_related("periode", "pegawai")}
    items = list(_items(matriks))
    rencana = RencanaTerapkan(matriks)
    for pegawai_id, kelompok in groupby(items, key=lambda item: item.sel.anggota.pegawai_id):
        skp = skp_by_pegawai.get(pegawai_id)
        alasan = None  # asked once per member, and only when something is to be written
        for item in kelompok:
            pegawai = item.sel.anggota.pegawai
            isian = isian_dari(item, item.sel.kolom)
            rk = item.rencana_kinerja
            if rk is not None and (skp is None or rk.skp_id != skp.pk):
                rk = None  # an RK of another periode's SKP: this periode gets its own
            elif rk is None and item.diterapkan_versi is not None and skp is not None:
                rencana.langkah.append(LangkahTerapkan(item, pegawai, Langkah.DIHAPUS, isian))
                continue
            banding = bandingkan(rk, isian) if rk is not None else None
            if banding and banding.status == Status.SESUAI:
                rencana.langkah.append(
                    LangkahTerapkan(item, pegawai, Langkah.SESUAI, isian, banding)
                )
                continue
            if alasan is None:
                alasan = (
                    _alasan_skp_terkunci(skp, matriks.ketua, today)
                    if skp is not None
                    else _alasan_tanpa_skp(pegawai, matriks.periode, today)
                )
            if alasan:
                rencana.langkah.append(
                    LangkahTerapkan(item, pegawai, Langkah.DILEWATI, isian, banding, alasan)
                )
            elif banding is None:
                rencana.langkah.append(
                    LangkahTerapkan(item, pegawai, Langkah.BUAT, isian, skp_baru=skp is None)
                )
            else:
                rencana.langkah.append(
                    LangkahTerapkan(item, pegawai, banding.status, isian, banding)
                )
    return rencana
