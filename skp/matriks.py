"""An RK generated from a matriks cell, and what its owner changed since (issue 13).

The matriks writes five things into an RK: its section, its text, the intervened RK, its
Kuantitas IKI (aspek and text) and that IKI's target. `RencanaKinerja.matriks_tulisan` keeps
the values the matriks last wrote. Comparing them with the RK as it is now tells what the owner
changed, whatever path the change took (the editor, the admin, a future import), so no edit
path can forget to flag it. A re-apply writes what the cell changed since, and never over a
value the owner changed: that RK is a conflict, left as its owner wrote it.
"""

from dataclasses import dataclass
from decimal import Decimal

from skp.models import Aspek, JenisRencanaKinerja, RencanaKinerja
from skp.target import tulis_target

MEDAN = ("jenis", "teks", "intervensi", "indikator", "target")
LABEL = {
    "jenis": "Bagian",
    "teks": "Rencana kinerja",
    "intervensi": "Rencana kinerja yang diintervensi",
    "indikator": "Indikator kuantitas",
    "target": "Target",
}


class Status:
    SESUAI = "sesuai"  # the cell has nothing new for this RK
    PERBARUI = "perbarui"  # the cell changed what the owner left as the matriks wrote it
    KONFLIK = "konflik"  # the cell changed a value the owner changed too


def _angka(nilai) -> str | None:
    return None if nilai is None else str(Decimal(nilai).quantize(Decimal("0.01")))


def _target(target_min, target_max=None, satuan: str = "", target_teks: str = "") -> list:
    return [_angka(target_min), _angka(target_max), satuan, target_teks]


@dataclass(frozen=True)
class IsianMatriks:
    """What one peran hasil asks of its RK. `target=None`: the member sets the target in the
    SKP, so the matriks leaves whatever they wrote."""

    teks: str
    intervensi_id: int | None
    intervensi_teks_bebas: str
    # "": the cell names no indicator; the RK gets no IKI and is flagged until its owner
    # writes one (an IKI repeating the RK's text would pass the check and say nothing).
    indikator: str
    target: Decimal | None = None
    target_max: Decimal | None = None
    satuan: str = ""
    # For display only: the text of the intervened RK or outcome (the column's).
    intervensi_teks: str = ""

    def nilai(self) -> dict:
        """The values the cell wants; `target` is None when the cell leaves it to the member."""
        return {
            "jenis": str(JenisRencanaKinerja.UTAMA),
            "teks": self.teks,
            "intervensi": [self.intervensi_id, self.intervensi_teks_bebas],
            "indikator": [str(Aspek.KUANTITAS), self.indikator] if self.indikator else None,
            "target": (
                None
                if self.target is None or not self.indikator
                else _target(self.target, self.target_max, self.satuan)
            ),
        }

    def uraian_kualitatif(self) -> str:
        """The cell as a kualitatif RHK's first ukuran keberhasilan: its indicator, and the
        target when the cell sets one (the member rewrites it as they see fit)."""
        if self.target is None or not self.indikator:
            return self.indikator
        return f"{self.indikator}: {tulis_target(self.target, self.target_max, self.satuan)}"

    def nilai_awal(self) -> dict:
        """The values a new RK gets (an empty target when the cell has none)."""
        nilai = self.nilai()
        if nilai["target"] is None and nilai["indikator"] is not None:
            nilai["target"] = _target(None)
        return nilai


def iki_matriks(rk: RencanaKinerja):
    """The Kuantitas IKI the matriks wrote (None if its owner deleted it); `rk.indikator`
    prefetched spares the query."""
    tulisan = rk.matriks_tulisan or {}
    semua = list(rk.indikator.all())
    if "iki" in tulisan:
        return next((i for i in semua if i.pk == tulisan["iki"]), None)
    return next((i for i in semua if i.aspek == Aspek.KUANTITAS), None)


def isi_sekarang(rk: RencanaKinerja) -> dict:
    """The RK's matriks-managed values as they are now."""
    iki = iki_matriks(rk)
    return {
        "jenis": rk.jenis,
        "teks": rk.teks,
        "intervensi": [rk.intervensi_id, rk.intervensi_teks_bebas],
        "indikator": [iki.aspek, iki.teks] if iki else None,
        "target": (
            _target(iki.target_min, iki.target_max, iki.satuan, iki.target_teks) if iki else None
        ),
    }


def usulan_sama(rk: RencanaKinerja, usulan: dict) -> bool:
    """Whether the owner was already told of exactly this proposal (a conflict)."""
    return {k: v for k, v in (rk.matriks_usulan or {}).items() if k != "versi"} == usulan


@dataclass(frozen=True)
class Perubahan:
    medan: str
    label: str
    lama: str
    baru: str


@dataclass(frozen=True)
class Perbandingan:
    status: str
    sekarang: dict
    ingin: dict
    # Fields the apply would write (perbarui), or would have written (konflik).
    tulis: tuple[str, ...]
    # Fields the cell changed since the matriks last wrote this RK.
    dari_sel: tuple[str, ...]
    # Fields the owner changed since the matriks last wrote them.
    diubah_pemilik: tuple[str, ...]
    isian: IsianMatriks

    @property
    def perubahan(self) -> list[Perubahan]:
        """What the apply changes (or would change) in the RK, old → new, for people."""
        return [
            Perubahan(
                f, LABEL[f], tampil(f, self.sekarang[f], None), tampil(f, self.ingin[f], self.isian)
            )
            for f in self.tulis
        ]

    @property
    def usulan(self) -> dict:
        """The values a conflict would have written: what the owner may take in one click."""
        return {f: self.ingin[f] for f in self.tulis}

    @property
    def label_diubah_pemilik(self) -> list[str]:
        return [LABEL[f] for f in self.diubah_pemilik]

    @property
    def teks_diubah_pemilik(self) -> str:
        """ "indikator kuantitas dan target": what the owner changed, for a sentence."""
        label = [lbl.lower() for lbl in self.label_diubah_pemilik] or ["–"]
        return label[0] if len(label) == 1 else f"{', '.join(label[:-1])} dan {label[-1]}"


def bandingkan(rk: RencanaKinerja, isian: IsianMatriks) -> Perbandingan:
    """Sesuai, perbarui or konflik, from the RK now, what the matriks last wrote, and the
    cell now. An RK from before this record was kept counts as written as it stands."""
    sekarang = isi_sekarang(rk)
    dasar = rk.matriks_tulisan or sekarang
    ingin = isian.nilai()
    dikelola = [f for f in MEDAN if ingin[f] is not None]
    dari_sel = tuple(f for f in dikelola if ingin[f] != dasar.get(f))
    tulis = tuple(f for f in dari_sel if sekarang[f] != ingin[f])
    pemilik = tuple(f for f in MEDAN if sekarang[f] != dasar.get(f))
    if not tulis:
        status = Status.SESUAI
    elif set(tulis) & set(pemilik):
        status = Status.KONFLIK
    else:
        status = Status.PERBARUI
    return Perbandingan(status, sekarang, ingin, tulis, dari_sel, pemilik, isian)


def tampil(medan: str, nilai, isian: IsianMatriks | None) -> str:
    """One managed value as a person reads it."""
    if nilai is None:
        return "(dihapus)" if medan in ("indikator", "target") else "–"
    if medan == "jenis":
        return JenisRencanaKinerja(nilai).label
    if medan == "intervensi":
        if isian is not None and isian.intervensi_teks:
            return isian.intervensi_teks
        rk_id, bebas = nilai
        if rk_id:
            rk = RencanaKinerja.objects.filter(pk=rk_id).only("teks").first()
            return rk.teks if rk else "–"
        return bebas or "–"
    if medan == "indikator":
        aspek, teks = nilai
        return teks if aspek == Aspek.KUANTITAS else f"{teks} ({Aspek(aspek).label})"
    if medan == "target":
        return tulis_target(*nilai[:3], nilai[3]) or "belum diisi"
    return str(nilai)
