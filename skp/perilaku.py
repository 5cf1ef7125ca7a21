"""Perilaku Kerja (PermenPANRB 6/2022; DOMAIN.md §9): the seven BerAKHLAK values of an SKP with
their guides and the Ekspektasi Khusus Pimpinan the pejabat penilai wrote for this pegawai, as
the SKP page, the review and confirmation pages, the print and the submitted version read them;
and the one rule of who may write an expectation, and when. Only SKPs whose profile has the
part (`skp.profil.perilaku_kerja`) have it."""

from dataclasses import dataclass
import datetime

from django.db.models import Count

from accounts.models import Pegawai
from accounts.peran import Peran
from periode.jendela import alasan_jendela_penyusunan
from periode.models import Supervisi
from skp.berakhlak import NILAI_PER_KODE, PERILAKU_KERJA, NilaiPerilaku
from skp.models import EkspektasiPerilaku, Skp, StatusSkp
from skp.profil import profil_untuk
from skp.tautan import url_baris
from skp.workflow import pelaku_untuk


@dataclass
class BarisPerilaku:
    """One value of the PERILAKU KERJA table: its guides and the pimpinan's expectation."""

    nilai: NilaiPerilaku
    ekspektasi: EkspektasiPerilaku | None
    # Set for the SKP page only: the links of this row, and its edit form while open.
    url_baris: str = ""
    url_ubah: str = ""
    form: object = None
    presets: list | None = None  # the value's presets, while the form is open
    tersimpan: bool = False  # an htmx answer right after a save says so
    pesan: str = ""  # why a write was refused, shown in the row

    @property
    def teks(self) -> str:
        return self.ekspektasi.teks if self.ekspektasi else ""

    @property
    def is_kosong(self) -> bool:
        return not self.teks.strip()


def baris_perilaku(skp: Skp, ekspektasi: dict | None = None) -> list[BarisPerilaku]:
    """The seven values in the regulation's order (1–7), each with its three guides and this
    SKP's expectation (None while unwritten): what the print of the PERILAKU KERJA table needs.
    One query, none when the caller passes `EkspektasiPerilaku.objects.per_kode(skp)`."""
    if ekspektasi is None:
        ekspektasi = EkspektasiPerilaku.objects.per_kode(skp)
    return [BarisPerilaku(nilai, ekspektasi.get(nilai.kode)) for nilai in PERILAKU_KERJA]


def isi_perilaku(skp: Skp, baris: list[BarisPerilaku] | None = None) -> list[dict]:
    """The expectations as plain data, one per value in order: what a submitted version keeps
    (SkpVersi.perilaku) and what the history compares. [] for a profile without the part.
    One query, none when the caller passes the `baris_perilaku(skp)` it already read."""
    if not skp.profil.perilaku_kerja:
        return []
    baris = baris_perilaku(skp) if baris is None else baris
    return [{"kode": b.nilai.kode, "teks": b.teks} for b in baris]


def baris_dari_versi(perilaku: list[dict]) -> list[tuple[NilaiPerilaku, str]]:
    """A submitted version's expectations next to their values, in order (for its print)."""
    teks = {item.get("kode"): item.get("teks") or "" for item in perilaku}
    return [(nilai, teks.get(nilai.kode, "")) for nilai in PERILAKU_KERJA]


def baris_perilaku_versi(perilaku: list[dict]) -> list[BarisPerilaku]:
    """The seven values with a submitted version's expectations, as the print reads them (no
    query). A version from before the part existed keeps none: every value prints "–"."""
    return [
        BarisPerilaku(nilai, EkspektasiPerilaku(nilai=nilai.kode, teks=teks) if teks else None)
        for nilai, teks in baris_dari_versi(perilaku or [])
    ]


def nilai_nomor(nomor: int) -> NilaiPerilaku | None:
    """The value numbered `nomor` (1–7) in the regulation's order, else None."""
    return PERILAKU_KERJA[nomor - 1] if 1 <= nomor <= len(PERILAKU_KERJA) else None


def nilai_kode(kode: str) -> NilaiPerilaku | None:
    return NILAI_PER_KODE.get(kode)


def jumlah_ekspektasi_kosong(periode, atasan: Pegawai, skp_supervisi) -> dict[int, int]:
    """For the validation inbox: per SKP that `atasan`, as its pejabat penilai, can still give
    expectations (an editable state: what to do before it is submitted), how many of the
    seven values have none yet; from (skp, its current supervision) pairs of one periode. One
    query, none when the periode's profile has no Perilaku Kerja."""
    if not profil_untuk(periode.profil_regulasi).perilaku_kerja:
        return {}
    milik = [
        skp.pk
        for skp, sup in skp_supervisi
        if skp is not None
        and skp.status in StatusSkp.editable()
        and is_pejabat_penilai(skp, atasan, sup)
    ]
    if not milik:
        return {}
    terisi = dict(
        EkspektasiPerilaku.objects.filter(skp_id__in=milik)
        .exclude(teks="")
        .values_list("skp_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {pk: len(PERILAKU_KERJA) - terisi.get(pk, 0) for pk in milik}


# --- Who may write, and when ------------------------------------------------------------------


def is_pejabat_penilai(skp: Skp, oleh: Pegawai, supervisi: Supervisi | None) -> bool:
    """Whether `oleh` is the SKP's pejabat penilai kinerja now: whoever holds the atasan
    langsung role on it in its own periode (skp.workflow.pelaku_untuk, read from the current
    supervision), the one who takes the first validation step."""
    return Peran.ATASAN_LANGSUNG in pelaku_untuk(skp, oleh, supervisi)


def alasan_tidak_dapat_menulis(
    skp: Skp, oleh: Pegawai, supervisi: Supervisi | None, today: datetime.date | None = None
) -> str:
    """Why `oleh` may not write this SKP's expectations now, "" when they may. The expectations
    are part of what the pegawai submits (and of the version kept), so they are written while
    the pegawai could still change the SKP: an editable state, in the pegawai's penyusunan
    window (their dispensasi counts; a returned SKP until validasi closes)."""
    if not skp.profil.perilaku_kerja:
        return f"SKP ini disusun menurut {skp.profil.nama}, yang tidak memuat perilaku kerja."
    if not is_pejabat_penilai(skp, oleh, supervisi):
        return (
            "Hanya pejabat penilai kinerja SKP ini (atasan langsung pegawai pada periode "
            f"{skp.periode.tahun}) yang dapat menulis ekspektasi khusus pimpinan."
        )
    if skp.status == StatusSkp.DITETAPKAN:
        return "SKP sudah ditetapkan sehingga ekspektasi khusus pimpinan tidak dapat diubah lagi."
    if skp.status not in StatusSkp.editable():
        return (
            f"SKP berstatus {skp.get_status_display()}: ekspektasi khusus pimpinan terkunci "
            "bersama isi SKP selama divalidasi, dan dapat diubah lagi bila SKP dikembalikan "
            "kepada pegawai."
        )
    return alasan_jendela_penyusunan(
        skp.periode,
        skp.pegawai,
        tindakan="diisi ekspektasi pimpinannya",
        dikembalikan=skp.status == StatusSkp.DIKEMBALIKAN,
        today=today,
    )


# --- The section of the SKP page ----------------------------------------------------------------


@dataclass
class BagianPerilaku:
    """What templates/skp/_perilaku.html shows. `baris` is read when first shown: a section
    rendered from the `kartu` cache reads nothing."""

    skp: Skp
    is_pejabat_penilai: bool
    bisa_tulis: bool
    alasan: str  # why the pejabat penilai may not write now ("" when they may)
    url_tulis: str = ""  # on a page that only shows it: where the pejabat penilai writes
    _baris: list[BarisPerilaku] | None = None

    @property
    def baris(self) -> list[BarisPerilaku]:
        if self._baris is None:
            self._baris = baris_perilaku(self.skp)
        return self._baris

    @property
    def jumlah_kosong(self) -> int:
        return sum(1 for b in self.baris if b.is_kosong)

    @property
    def versi(self) -> str | None:
        """The key of the section's stored HTML for a reader who does not write it (the pegawai
        on deadline day, above all): the SKP's revisi, which every write of an expectation
        bumps, carries all it shows (skp/revisi.py). None for the pejabat penilai: what they
        are offered is decided fresh (window, state), never from a stored page. Only a
        rename of the writer is not in it; a day's cache at most shows the former name."""
        if self.is_pejabat_penilai:
            return None
        return f"{self.skp.pk}.{self.skp.revisi}"


def bagian_perilaku(
    skp: Skp,
    viewer: Pegawai,
    supervisi: Supervisi | None,
    *,
    hanya_baca: bool = False,
    today: datetime.date | None = None,
) -> BagianPerilaku | None:
    """The section for `viewer` (who may read the SKP): None, without a query, when the SKP's
    profile has no Perilaku Kerja; else at most one query (the expectations; none when its
    HTML is stored, `BagianPerilaku.versi`). `supervisi` is the current one the page read. `hanya_baca`: pages that only show it (the review
    and confirmation pages) offer no edit links."""
    if not skp.profil.perilaku_kerja:
        return None
    penilai = is_pejabat_penilai(skp, viewer, supervisi)
    alasan = alasan_tidak_dapat_menulis(skp, viewer, supervisi, today) if penilai else ""
    bisa_tulis = penilai and not alasan and not hanya_baca
    url_tulis = ""
    if penilai and not alasan and hanya_baca:
        url_tulis = url_baris("skp:detail", skp.pk) + "#perilaku"
    bagian = BagianPerilaku(skp, penilai, bisa_tulis, alasan, url_tulis)
    if bisa_tulis:
        for b in bagian.baris:
            b.url_baris = url_baris("skp:perilaku_baris", skp.pk, b.nilai.nomor)
            b.url_ubah = url_baris("skp:perilaku_ubah", skp.pk, b.nilai.nomor)
    return bagian
