"""The regulation profiles (DOMAIN.md §9): what a periode's `profil_regulasi` decides about its
SKPs, in one place per profile. The words the pages, emails and prints use, which parts an SKP
has (Perilaku Kerja, Lampiran, a pendekatan), the content checks that block submission, and
the print templates. Views and templates read `skp.profil`; nothing else asks which profile
is in force (no `if profil ==` elsewhere).

PermenPANRB 8/2021 is the seed's rule and stays exactly as it was (its prints are pinned by
skp/tests/test_cetak_8_2021_tetap.py); PermenPANRB 6/2022 is the rule in force since 2022."""

from dataclasses import dataclass

from periode.models import ProfilRegulasi


@dataclass(frozen=True)
class Istilah:
    """The words of a profile, lower case where they sit inside a sentence (`capfirst` in
    templates, `.capitalize()`-free in Python: use the `_judul` forms for headings)."""

    rk: str  # "rencana kinerja"
    rk_singkat: str  # "RK"
    rk_judul: str  # "Rencana Kinerja" (headings, column titles)
    rk_hitung: str  # after a number or on a button: "3 RHK" (as e-Kinerja), "3 rencana kinerja"
    intervensi: str  # the column (2) of the form: what the RK serves upward
    intervensi_judul: str  # its heading in full words
    intervensi_singkat: str  # in short sentences: "rencana kinerja atasan"
    pemberi_intervensi: str  # whose RK is intervened: "atasan langsung", "pimpinan"
    utama: str  # section A
    tambahan: str  # section B

    @property
    def rk_awal(self) -> str:
        """At the start of a sentence: "Rencana kinerja ditambahkan."."""
        return self.rk[0].upper() + self.rk[1:]

    @property
    def intervensi_awal(self) -> str:
        return self.intervensi[0].upper() + self.intervensi[1:]

    @property
    def bagian_utama(self) -> str:
        """Section A as a choice or a sentence names it: "A. Hasil Kerja Utama"."""
        return f"A. {self.utama.title()}"

    @property
    def bagian_tambahan(self) -> str:
        return f"B. {self.tambahan.title()}"


@dataclass(frozen=True)
class Profil:
    kode: str
    nama: str
    istilah: Istilah
    # The parts an SKP has under this profile.
    perilaku_kerja: bool
    lampiran: bool
    pendekatan: bool  # kuantitatif or kualitatif per SKP; without it, always kuantitatif
    # The JPT form's PERSPEKTIF column and an RHK's "(Penugasan dari …)" line.
    perspektif_jpt: bool
    # The Form SKP's print: the PDF's template (skp/cetak.py) and the .xlsx's layout
    # (skp/spreadsheets.py `LEMBAR`), so the print code never asks which profile it serves.
    template_cetak: str
    lembar_xlsx: str

    @property
    def is_6_2022(self) -> bool:
        return self.kode == ProfilRegulasi.PERMENPANRB_6_2022


PERMENPANRB_8_2021 = Profil(
    kode=ProfilRegulasi.PERMENPANRB_8_2021,
    nama="PermenPANRB 8/2021",
    istilah=Istilah(
        rk="rencana kinerja",
        rk_singkat="RK",
        rk_judul="Rencana Kinerja",
        rk_hitung="rencana kinerja",
        intervensi="rencana kinerja atasan langsung yang diintervensi",
        intervensi_judul="Rencana Kinerja Atasan Langsung yang Diintervensi",
        intervensi_singkat="rencana kinerja atasan",
        pemberi_intervensi="atasan langsung",
        utama="KINERJA UTAMA",
        tambahan="KINERJA TAMBAHAN",
    ),
    perilaku_kerja=False,
    lampiran=False,
    pendekatan=False,
    perspektif_jpt=False,
    template_cetak="skp/pdf/skp.html",
    lembar_xlsx="8_2021",
)

PERMENPANRB_6_2022 = Profil(
    kode=ProfilRegulasi.PERMENPANRB_6_2022,
    nama="PermenPANRB 6/2022",
    istilah=Istilah(
        rk="rencana hasil kerja",
        rk_singkat="RHK",
        rk_judul="Rencana Hasil Kerja",
        rk_hitung="RHK",
        intervensi="RHK pimpinan yang diintervensi",
        intervensi_judul="Rencana Hasil Kerja Pimpinan yang Diintervensi",
        intervensi_singkat="RHK pimpinan",
        pemberi_intervensi="pimpinan",
        utama="HASIL KERJA UTAMA",
        tambahan="HASIL KERJA TAMBAHAN",
    ),
    perilaku_kerja=True,
    lampiran=True,
    pendekatan=True,
    perspektif_jpt=True,
    template_cetak="skp/pdf/skp_6_2022.html",
    lembar_xlsx="6_2022",
)

_SEMUA = {p.kode: p for p in (PERMENPANRB_8_2021, PERMENPANRB_6_2022)}


def profil_untuk(kode: str) -> Profil:
    """The profile of a periode's `profil_regulasi` value."""
    return _SEMUA[kode]
