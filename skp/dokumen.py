"""The SKP as the official form reads it (DOMAIN.md §4): header blocks and numbered rows.
One builder feeds the screen partial, the review page, the PDF and the spreadsheet."""

from dataclasses import asdict, dataclass, field
from functools import cached_property

from django.utils import timezone

from accounts.formatting import tanggal_panjang
from accounts.models import Pegawai, UnitKerja
from periode.models import Supervisi
from skp.access import supervisi_skp
from skp.models import (
    Aspek,
    JenisRencanaKinerja,
    ModelForm,
    Pendekatan,
    Perspektif,
    RencanaKinerja,
    Skp,
    SkpTransisi,
    SkpVersi,
    StatusSkp,
    keterangan_penugasan,
)


def periode_penilaian(periode, mulai=None, selesai=None) -> str:
    """`PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER 2026`, from the periode's own dates, or
    from an SKP's own part of it (`Skp.berlaku_mulai`/`berlaku_sampai`, around a mutasi)."""
    mulai, selesai = mulai or periode.tanggal_mulai, selesai or periode.tanggal_selesai
    awal = tanggal_panjang(mulai)
    if mulai.year == selesai.year:
        awal = awal.rsplit(" ", 1)[0]
    return f"PERIODE PENILAIAN: {awal} SD {tanggal_panjang(selesai)}".upper()


# The title line naming whom a 6/2022 form is for, by the form model.
BAGI_JPT = "BAGI PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI"
BAGI_JAJF = "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL"

# The kualitatif form's one column for an RHK's expected result (PermenPANRB 6/2022).
UKURAN_KEBERHASILAN = "UKURAN KEBERHASILAN / INDIKATOR KINERJA INDIVIDU, DAN TARGET"


@dataclass
class Identitas:
    nama: str = ""
    nip: str = ""
    pangkat_golongan: str = ""
    jabatan: str = ""
    unit_kerja: str = ""
    # PNS or PPPK (JenisAsn), so a print names the number NIP or NI PPPK as it was at
    # submission; "" in snapshots taken before it was kept.
    jenis_asn: str = ""

    @classmethod
    def dari(
        cls, pegawai: Pegawai | None, nama_unit=None, sebagai: dict[int, str] | None = None
    ) -> "Identitas | None":
        """`nama_unit(unit_id)` names the unit; pass `nama_unit_berjenjang()` to name several
        people's units with one query. `sebagai`: the jabatan an official signs with instead
        of their own (`UnitKerja.objects.kepala_sementara()`: "Plt. Kepala UPT TIK")."""
        if pegawai is None:
            return None
        nama_unit = nama_unit or UnitKerja.objects.nama_berjenjang
        return cls(
            nama=pegawai.nama_lengkap,
            nip=pegawai.nip,
            pangkat_golongan=pegawai.pangkat_golongan,
            jabatan=(sebagai or {}).get(pegawai.pk, pegawai.jabatan),
            unit_kerja=nama_unit(pegawai.unit_kerja_id),
            jenis_asn=pegawai.jenis_asn,
        )


def nama_unit_berjenjang(pohon: dict | None = None):
    """A function naming any unit as the form does (`Divisi Data, UPT TIK, Universitas …`),
    backed by one query for the whole tree, or by the `UnitKerja.objects.pohon()` given."""
    rows = UnitKerja.objects.pohon() if pohon is None else pohon

    def nama(unit_id: int | None) -> str:
        names, seen = [], set()
        while unit_id is not None and unit_id in rows and unit_id not in seen:
            seen.add(unit_id)
            names.append(rows[unit_id][0])
            unit_id = rows[unit_id][1]
        return ", ".join(names)

    return nama


@dataclass
class Header:
    pegawai: Identitas
    pejabat_penilai: Identitas | None
    atasan_penilai: Identitas | None
    is_snapshot: bool = False
    # The instansi the 6/2022 form names (the top of the pegawai's unit tree), kept in the
    # snapshot so a unit renamed later does not change a submitted SKP; "" while live and in
    # snapshots taken before it was kept (Dokumen.instansi reads the tree then).
    instansi: str = ""

    @property
    def blok_tampil(self) -> list[tuple[str, "Identitas | None"]]:
        """The two blocks of the screen header, in the form's order."""
        return [
            ("PEGAWAI YANG DINILAI", self.pegawai),
            ("PEJABAT PENILAI KINERJA", self.pejabat_penilai),
        ]

    def as_json(self) -> dict:
        """What `Skp.snapshot_header` stores at submission."""
        return {
            "pegawai": asdict(self.pegawai),
            "pejabat_penilai": asdict(self.pejabat_penilai) if self.pejabat_penilai else None,
            "atasan_penilai": asdict(self.atasan_penilai) if self.atasan_penilai else None,
            "instansi": self.instansi,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Header":
        def ident(value):
            return Identitas(**value) if value else None

        return cls(
            pegawai=Identitas(**data["pegawai"]),
            pejabat_penilai=ident(data.get("pejabat_penilai")),
            atasan_penilai=ident(data.get("atasan_penilai")),
            is_snapshot=True,
            instansi=data.get("instansi", ""),
        )


def header_live(
    skp: Skp,
    supervisi: Supervisi | None | bool = False,
    nama_unit=None,
    sementara: dict[int, str] | None = None,
) -> Header:
    """The header from today's data: shown until the SKP is submitted (two queries; none when
    the caller passes the `supervisi` and the `nama_unit_berjenjang()` it already has). The
    pejabat penilai and atasan penilai who head a unit as Plt./Plh. are named so
    (`sementara`, else the worker's display memory of it)."""
    if supervisi is False:
        supervisi = supervisi_skp(skp)
    nama_unit = nama_unit or nama_unit_berjenjang()
    if sementara is None:
        sementara = UnitKerja.objects.kepala_sementara_tampilan()
    langsung = penilai = None
    if supervisi and Supervisi.atasan_langsung.is_cached(supervisi):
        langsung, penilai = supervisi.atasan_langsung, supervisi.atasan_penilai
    elif supervisi:  # read without its people (the SKP page): named from the display memory
        langsung = Pegawai.objects.tampilan(supervisi.atasan_langsung_id)
        penilai = Pegawai.objects.tampilan(supervisi.atasan_penilai_id)
    return Header(
        pegawai=Identitas.dari(skp.pegawai, nama_unit),
        pejabat_penilai=Identitas.dari(langsung, nama_unit, sementara),
        atasan_penilai=Identitas.dari(penilai, nama_unit, sementara),
    )


def instansi_unit(unit_id: int | None, pohon: dict | None = None) -> str:
    """The instansi of a unit: the top of its tree, upper case (`UNIVERSITAS PENDIDIKAN
    GANESHA`), from the `UnitKerja.objects.pohon()` given or read now."""
    pohon = UnitKerja.objects.pohon() if pohon is None else pohon
    rantai = UnitKerja.objects.chain_ids(unit_id, pohon)
    return pohon[rantai[-1]][0].upper() if rantai else ""


def header_snapshot(skp: Skp) -> dict:
    """The header a submission freezes (`Skp.snapshot_header`, `SkpVersi.header`): today's
    identities and the instansi, all read fresh."""
    pohon = UnitKerja.objects.pohon()
    header = header_live(
        skp,
        nama_unit=nama_unit_berjenjang(pohon),
        sementara=UnitKerja.objects.kepala_sementara(),
    )
    header.instansi = instansi_unit(skp.pegawai.unit_kerja_id, pohon)
    return header.as_json()


@dataclass
class Baris:
    """One RK of the form with its IKI rows (the RK cell spans them)."""

    nomor: int
    rk: RencanaKinerja
    intervensi_teks: str
    intervensi_bebas: bool
    indikator: list = field(default_factory=list)
    # The validators' comments on this RK, placed by the SKP page (None: none shown).
    komentar_validator: list | None = None
    # Their conversations' version (skp.validasi.BarisTinjau.versi_percakapan): part of the
    # key of the editor card's stored HTML.
    versi_percakapan: str = ""

    @property
    def rowspan(self) -> int:
        return max(1, len(self.indikator))

    @property
    def kode(self) -> str:
        """Its number as the form prints it, with the section: "A.3", "B.1"."""
        bagian = "A" if self.rk.jenis == JenisRencanaKinerja.UTAMA else "B"
        return f"{bagian}.{self.nomor}"


@dataclass
class VersiCetak:
    """A submitted version as its print reads it: the row (its JSON is the content), how many
    versions the SKP has, and the state the version reached (`StatusSkp`)."""

    versi: SkpVersi
    jumlah: int
    status: str

    @property
    def is_ditetapkan(self) -> bool:
        return self.status == StatusSkp.DITETAPKAN

    @property
    def tanggal_diajukan(self):
        return timezone.localtime(self.versi.dibuat).date()

    @property
    def keterangan(self) -> str:
        """The line near the title that tells this print from the current one."""
        return (
            f"Versi {self.versi.nomor} dari {self.jumlah}, diajukan "
            f"{tanggal_panjang(self.tanggal_diajukan)}"
        )


@dataclass
class Dokumen:
    skp: Skp
    header: Header
    utama: list[Baris]
    tambahan: list[Baris]
    # Set when the form is a submitted version's (`dokumen_dari_versi`): the rows, the
    # pendekatan, the expectations and the Lampiran are then the version's, not the SKP's.
    versi: VersiCetak | None = None

    @property
    def is_jpt(self) -> bool:
        if self.versi is not None and self.versi.versi.model_form:
            return self.versi.versi.model_form == ModelForm.JPT
        return self.skp.is_jpt

    @property
    def is_kualitatif(self) -> bool:
        """Each RHK prints its narrative ukuran keberhasilan instead of IKI rows."""
        if self.versi is not None:
            # "" is a version from before the choice existed: kuantitatif.
            return self.skp.profil.pendekatan and (
                self.versi.versi.pendekatan == Pendekatan.KUALITATIF
            )
        return self.skp.is_kualitatif

    @property
    def keterangan_versi(self) -> str:
        """ "Versi 1 dari 2, diajukan 3 Januari 2027" on a version's print; "" on the current."""
        return self.versi.keterangan if self.versi is not None else ""

    @property
    def istilah(self):
        """The words of the SKP's profile (skp/profil.py)."""
        return self.skp.profil.istilah

    @property
    def judul(self) -> list[str]:
        """The title lines of a profile with a pendekatan (6/2022): the title, the
        pendekatan, whom the form is for. (The 8/2021 form's title block is its own.)"""
        pendekatan = Pendekatan.KUALITATIF if self.is_kualitatif else Pendekatan.KUANTITATIF
        return [
            "SASARAN KINERJA PEGAWAI",
            f"PENDEKATAN HASIL KERJA {pendekatan.label.upper()}",
            BAGI_JPT if self.is_jpt else BAGI_JAJF,
        ]

    @cached_property
    def instansi(self) -> str:
        """The top of the pegawai's unit tree (`UNIVERSITAS PENDIDIKAN GANESHA`): as frozen at
        submission, else as the tree names it now (the one the pages show, cached a few
        seconds)."""
        if self.header.instansi:
            return self.header.instansi
        return instansi_unit(self.skp.pegawai.unit_kerja_id, UnitKerja.objects.pohon_tampilan())

    @property
    def periode_penilaian(self) -> str:
        return periode_penilaian(self.skp.periode, self.skp.berlaku_mulai, self.skp.berlaku_sampai)

    @property
    def ada_intervensi(self) -> bool:
        """The column of the intervened RK (JA/JF only: a JPT's form has none)."""
        return not self.is_jpt

    @property
    def ada_perspektif(self) -> bool:
        """A JPT's PERSPEKTIF column, under a profile that has it (6/2022)."""
        return self.is_jpt and self.skp.profil.perspektif_jpt

    @property
    def kolom(self) -> list[tuple[str, str]]:
        """The HASIL KERJA columns as (code, head), numbered (1), (2)… in this order: by the
        model (JA/JF or JPT), the profile's words and columns, and the pendekatan. The one
        list the screen, the PDF and the .xlsx read (the prints add widths, skp/cetak.py)."""
        istilah = self.istilah
        kolom = [("no", "NO")]
        if self.ada_intervensi:
            kolom.append(("intervensi", istilah.intervensi_judul.upper()))
        kolom.append(("rhk", istilah.rk_judul.upper()))
        if self.is_kualitatif:
            kolom.append(("ukuran", UKURAN_KEBERHASILAN))
        else:
            if self.ada_intervensi:
                kolom.append(("aspek", "ASPEK"))
            kolom += [("iki", "INDIKATOR KINERJA INDIVIDU"), ("target", "TARGET")]
        if self.ada_perspektif:
            kolom.append(("perspektif", "PERSPEKTIF"))
        return kolom

    @property
    def jumlah_kolom(self) -> int:
        return len(self.kolom)

    @cached_property
    def label_kolom(self) -> dict[str, str]:
        """Each column's head with its number (`(2) RENCANA HASIL KERJA …`), by code: what a
        phone's stacked card writes above each cell in place of the table's head."""
        return {kode: f"({n}) {judul}" for n, (kode, judul) in enumerate(self.kolom, start=1)}


def _baris(rencana: list[RencanaKinerja], *, kualitatif: bool) -> list[Baris]:
    """The rows of a section; a kualitatif SKP's RHK show their narrative, not their IKI."""
    rows = []
    for nomor, rk in enumerate(rencana, start=1):
        if rk.intervensi_id:
            teks, bebas = rk.intervensi.teks, False
        else:
            teks, bebas = rk.intervensi_teks_bebas, bool(rk.intervensi_teks_bebas)
        rows.append(Baris(nomor, rk, teks, bebas, [] if kualitatif else list(rk.indikator.all())))
    return rows


def susun_dokumen(
    skp: Skp,
    rencana: list[RencanaKinerja] | None = None,
    supervisi: Supervisi | None | bool = False,
    nama_unit=None,
) -> Dokumen:
    """Build the form from an SKP loaded with `Skp.objects.dengan_isi()`, or from `rencana`
    (its RK with their IKI prefetched) when the caller loaded them itself; `supervisi` and
    `nama_unit` spare a query each when the caller already has them."""
    header = (
        Header.from_json(skp.snapshot_header)
        if skp.snapshot_header
        else header_live(skp, supervisi, nama_unit)
    )
    semua = list(skp.rencana_kinerja.all()) if rencana is None else rencana
    return Dokumen(
        skp=skp,
        header=header,
        utama=_baris(
            [rk for rk in semua if rk.jenis == JenisRencanaKinerja.UTAMA],
            kualitatif=skp.is_kualitatif,
        ),
        tambahan=_baris(
            [rk for rk in semua if rk.jenis == JenisRencanaKinerja.TAMBAHAN],
            kualitatif=skp.is_kualitatif,
        ),
    )


# --- A submitted version's form ---------------------------------------------------------------


@dataclass
class RkVersi:
    """An RK/RHK as a submitted version keeps it: what the prints read of `Baris.rk`."""

    jenis: str
    teks: str
    perspektif: str = ""
    penugasan_dari: str = ""
    ukuran_keberhasilan: str = ""
    penugasan_sk: str = ""

    @property
    def keterangan_penugasan(self) -> str:
        return keterangan_penugasan(self.penugasan_dari, self.penugasan_sk)

    def get_perspektif_display(self) -> str:
        return dict(Perspektif.choices).get(self.perspektif, self.perspektif)


@dataclass
class IkiVersi:
    """An IKI as a submitted version keeps it; its target as it was written then (older
    versions wrote some without their satuan: printed as stored, never rewritten)."""

    aspek: str
    teks: str
    target_tampil: str

    def get_aspek_display(self) -> str:
        return dict(Aspek.choices).get(self.aspek, self.aspek)


def _baris_versi(isi: list[dict], jenis: str, *, kualitatif: bool) -> list[Baris]:
    """The rows of a section from a version's `isi`, in the order it was submitted. Keys a
    version from before they existed lacks read as empty. Whether an intervensi was free text
    is not kept in a version: it prints without the mark."""
    rows = []
    daftar = [rk for rk in isi if rk.get("jenis", JenisRencanaKinerja.UTAMA) == jenis]
    for nomor, rk in enumerate(daftar, start=1):
        indikator = [
            IkiVersi(iki.get("aspek") or "", iki.get("teks") or "", str(iki.get("target") or ""))
            for iki in rk.get("indikator") or []
        ]
        baris_rk = RkVersi(
            jenis=jenis,
            teks=rk.get("teks") or "",
            perspektif=rk.get("perspektif") or "",
            penugasan_dari=rk.get("penugasan_dari") or "",
            ukuran_keberhasilan=rk.get("ukuran_keberhasilan") or "",
            penugasan_sk=rk.get("penugasan_sk") or "",
        )
        intervensi = rk.get("intervensi") or ""
        rows.append(Baris(nomor, baris_rk, intervensi, False, [] if kualitatif else indikator))
    return rows


def status_versi(versi: SkpVersi, jumlah: int) -> str:
    """The state a version reached: the latest is in the SKP's state now (as
    skp.verifikasi.versi_disetujui reads it); an earlier one in the state of the last step that
    points at it (Ditetapkan for one approved before a later version; one query), else
    Diajukan."""
    if versi.nomor >= jumlah:
        return versi.skp.status
    ke = (
        SkpTransisi.objects.filter(versi=versi)
        .order_by("-waktu", "-pk")
        .values_list("ke", flat=True)
        .first()
    )
    return ke or StatusSkp.DIAJUKAN


def dokumen_dari_versi(versi: SkpVersi, jumlah: int | None = None) -> Dokumen:
    """The form of a submitted version from its JSON alone (header, RK/RHK with their IKI or
    narrative, pendekatan, form model; the print reads its expectations and Lampiran from it
    too), never the SKP's rows now. `versi.skp` loaded with its pegawai and periode; `jumlah`,
    the SKP's number of versions, when the caller knows it (else one query, and one more for
    the state of an earlier version)."""
    skp = versi.skp
    if jumlah is None:
        jumlah = SkpVersi.objects.filter(skp_id=skp.pk).count()
    cetak = VersiCetak(versi, jumlah, status_versi(versi, jumlah))
    # Every version keeps its header; one stored without it prints the SKP's last snapshot.
    simpanan = versi.header or skp.snapshot_header
    header = Header.from_json(simpanan) if simpanan else header_live(skp)
    dokumen = Dokumen(skp=skp, header=header, utama=[], tambahan=[], versi=cetak)
    isi = versi.isi or []
    kualitatif = dokumen.is_kualitatif
    dokumen.utama = _baris_versi(isi, JenisRencanaKinerja.UTAMA, kualitatif=kualitatif)
    dokumen.tambahan = _baris_versi(isi, JenisRencanaKinerja.TAMBAHAN, kualitatif=kualitatif)
    return dokumen
