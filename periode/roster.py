"""Roster import (DOMAIN.md §8): validate every row, report every problem as `Baris N`, then
write everything in one transaction or nothing at all.

A column the file does not have changes nothing (a plain SIASN export carries no atasan, email
or jenjang); only an empty cell in a column the file has clears, and the preview counts every
field that would be cleared before anyone confirms.

Performance: a province has ~30,000 staff. Everything the checks need is loaded in a fixed
number of queries into in-memory maps; writes are set-based (bulk_create, one UPDATE per
table), so the query count does not grow with the number of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
import hashlib
import re
from typing import IO

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Q

from accounts.golongan import parse_golongan_pns, parse_golongan_pppk
from accounts.models import JenisAsn, JenisJabatan, Jenjang, Pegawai, StatusKepegawaian, UnitKerja
from accounts.nip import normalize_nip, validate_nip
from accounts.services import catat_audit
from accounts.spreadsheets import (
    NAMA_KOLOM,
    BerkasTidakValid,
    baca_baris,
    baca_judul,
    periksa_berkas,
    tulis_roster,
)
from periode.models import Supervisi

PEMISAH_UNIT = ">"
# What a row sets on Pegawai, in comparison order; unit_kerja is compared by id.
FIELD_PEGAWAI = [
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_asn",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "jenjang",
    "unit_kerja_id",
    "email",
    "status_kepegawaian",
]
LABEL_FIELD = {
    "nama": "Nama",
    "gelar_depan": "Gelar Depan",
    "gelar_belakang": "Gelar Belakang",
    "jenis_asn": "Jenis ASN",
    "golongan": "Golongan",
    "jabatan": "Jabatan",
    "jenis_jabatan": "Jenis Jabatan",
    "jenjang": "Jenjang",
    "unit_kerja_id": "Unit Kerja",
    "email": "Email",
    "status_kepegawaian": "Status",
}
# What a new pegawai gets for a column the file does not have.
NILAI_BAWAAN = {
    "gelar_depan": "",
    "gelar_belakang": "",
    "jenis_asn": JenisAsn.PNS,
    "jenjang": "",
    "email": "",
    "status_kepegawaian": StatusKepegawaian.AKTIF,
}
# Optional column → the Pegawai field it sets (jenjang has its own rules, see _Pembaca).
KOLOM_FIELD = {
    "Gelar Depan": "gelar_depan",
    "Gelar Belakang": "gelar_belakang",
    "Jenis ASN": "jenis_asn",
    "Email": "email",
    "Status": "status_kepegawaian",
}
# Fields whose empty cell means a default value rather than nothing.
BAWAAN_SEL_KOSONG = {"jenis_asn": "Jenis ASN", "status_kepegawaian": "Status"}
_LABEL_NILAI = {
    "jenis_jabatan": dict(JenisJabatan.choices),
    "jenjang": dict(Jenjang.choices),
    "status_kepegawaian": dict(StatusKepegawaian.choices),
}
_TIDAK_DIATUR = object()  # a field whose column the file lacks
_POSISI = {nama: i for i, nama in enumerate(FIELD_PEGAWAI, start=2)}  # index in a `lama` row
PANJANG_MAKS = {"Nama": 150, "Gelar Depan": 50, "Gelar Belakang": 100, "Jabatan": 255}
MAKS_PERUBAHAN_DICATAT = 200  # NIPs named in the audit row; counts cover the rest


def _kunci(teks: str) -> str:
    return " ".join(teks.lower().replace("-", " ").replace("_", " ").split())


_JENIS_JABATAN = {_kunci(label): value for value, label in JenisJabatan.choices} | {
    "jabatan pimpinan tinggi utama": JenisJabatan.JPT_UTAMA,
    "jabatan pimpinan tinggi madya": JenisJabatan.JPT_MADYA,
    "jabatan pimpinan tinggi pratama": JenisJabatan.JPT_PRATAMA,
    "pimpinan tinggi utama": JenisJabatan.JPT_UTAMA,
    "pimpinan tinggi madya": JenisJabatan.JPT_MADYA,
    "pimpinan tinggi pratama": JenisJabatan.JPT_PRATAMA,
    "fungsional tertentu": JenisJabatan.FUNGSIONAL,
    "jft": JenisJabatan.FUNGSIONAL,
    # Since PermenPANRB 41/2018 the fungsional umum are jabatan pelaksana.
    "fungsional umum": JenisJabatan.PELAKSANA,
    "jfu": JenisJabatan.PELAKSANA,
}
# Eselon of an old "Struktural" entry → today's jenis jabatan (UU 5/2014 equivalences).
_ESELON = {
    "i": JenisJabatan.JPT_MADYA,
    "ii": JenisJabatan.JPT_PRATAMA,
    "iii": JenisJabatan.ADMINISTRATOR,
    "iv": JenisJabatan.PENGAWAS,
    "v": JenisJabatan.PENGAWAS,
}
_ESELON_POLA = re.compile(r"eselon\s*(iv|v|i{1,3}|[1-5])", re.IGNORECASE)
_ANGKA_ROMAWI = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v"}
_JENJANG = {_kunci(label): value for value, label in Jenjang.choices}
_JENJANG_POLA = re.compile(
    r"\b(ahli pertama|ahli muda|ahli madya|ahli utama|pemula|terampil|mahir|penyelia)\b"
)
_STATUS = {_kunci(label): value for value, label in StatusKepegawaian.choices} | {
    "cltn": StatusKepegawaian.CLTN,
    "mpp": StatusKepegawaian.MPP,
    "non aktif": StatusKepegawaian.NONAKTIF,
    "tidak aktif": StatusKepegawaian.NONAKTIF,
    "tubel": StatusKepegawaian.TUGAS_BELAJAR,
}
_JENIS_ASN = {
    "pns": JenisAsn.PNS,
    "cpns": JenisAsn.PNS,
    "pppk": JenisAsn.PPPK,
    "p3k": JenisAsn.PPPK,
}


def baca_jenis_jabatan(teks: str) -> tuple[str, str] | str:
    """(jenis_jabatan, jenjang found in the text) or an Indonesian error message."""
    kunci = _kunci(teks).removeprefix("jabatan ")
    if kunci.startswith("struktural"):
        eselon = _ESELON_POLA.search(kunci)
        if not eselon:
            return (
                "'Struktural' saja tidak cukup; tulis JPT Pratama, Administrator atau Pengawas "
                "(atau 'Struktural Eselon III' dan sejenisnya)."
            )
        angka = eselon.group(1).lower()
        return _ESELON[_ANGKA_ROMAWI.get(angka, angka)], ""
    jenjang = _JENJANG_POLA.search(kunci)
    if kunci in _JENIS_JABATAN:
        return _JENIS_JABATAN[kunci], ""
    if jenjang and kunci.startswith(("fungsional", "jf")):
        return JenisJabatan.FUNGSIONAL, _JENJANG[jenjang.group(1)]
    pilihan = ", ".join(label for _, label in JenisJabatan.choices)
    return f"'{teks}' tidak dikenal; pilih salah satu: {pilihan}."


@dataclass(slots=True)
class BarisRoster:
    """One row, normalised; cross-row checks come later. An unreadable NIP is '' and an
    unreadable unit ()."""

    baris: int
    nip: str
    nilai: dict  # Pegawai field → value, only for what the file governs; no unit_kerja_id
    unit: tuple[str, ...]
    atasan_langsung: str
    atasan_penilai: str | None  # None: the default (the atasan langsung's atasan langsung)
    kosong: tuple[str, ...] = ()  # fields of BAWAAN_SEL_KOSONG whose cell was empty
    cacat: bool = False  # a cell of its own is wrong; the import is refused, checks go on


@dataclass(slots=True)
class Perubahan:
    baris: int
    nip: str
    nama: str
    jenis: str  # "baru" or "berubah"
    rincian: list[str]
    dikosongkan: list[str] = field(default_factory=list)  # the items of `rincian` that clear


@dataclass
class HasilImpor:
    """What an import found or did; `masalah` empty means it can be (or was) applied."""

    nama_file: str
    periode: object
    masalah: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    perubahan: list[Perubahan] = field(default_factory=list)
    baru: int = 0
    berubah: int = 0
    tetap: int = 0
    unit_baru: list[str] = field(default_factory=list)
    # Unit names the file cannot place under an existing unit (key: lower-cased name), each
    # with the rows that use it; the preview offers to choose their parent (`induk`).
    unit_tanpa_induk: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    induk_dipilih: dict[str, int | str] = field(default_factory=dict)  # the choices applied
    # Units the file creates (their display paths), each offered as a parent too: the value
    # of such a choice is `INDUK_BARU` + its lower-cased path.
    unit_baru_di_berkas: list[tuple[str, str]] = field(default_factory=list)
    kolom: list[str] = field(default_factory=list)  # canonical columns the file has
    catatan: list[str] = field(default_factory=list)  # how absent columns are treated
    dikosongkan: dict[str, int] = field(default_factory=dict)  # field label → pegawai cleared
    diterapkan: bool = False
    berubah_sejak_pratinjau: bool = False

    @property
    def ok(self) -> bool:
        return not self.masalah

    @property
    def sidik(self) -> str:
        """A fingerprint of what applying would do, row by row. The preview carries it and the
        import refuses when the plan under its lock differs (an edit made meanwhile on a
        pegawai page would otherwise be undone without ever being shown)."""
        isi = (
            sorted(self.unit_baru),
            [(p.nip, p.jenis, p.rincian) for p in self.perubahan],
            self.peringatan,
        )
        return hashlib.blake2b(repr(isi).encode(), digest_size=16).hexdigest()

    @property
    def kolom_tidak_ada(self) -> list[str]:
        """Optional columns missing from the file: their data is left as it is."""
        return [nama for nama in NAMA_KOLOM if nama not in self.kolom]

    def teks_dikosongkan(self) -> str:
        """`Email — 12 pegawai; Atasan Langsung 2026 — 3 pegawai`, or empty."""
        return "; ".join(f"{label} — {n} pegawai" for label, n in self.dikosongkan.items())

    @property
    def jumlah_baris(self) -> int:
        return self.baru + self.berubah + self.tetap

    def ringkasan(self) -> str:
        teks = (
            f"{self.jumlah_baris} baris: {self.baru} baru, {self.berubah} berubah, "
            f"{self.tetap} tetap; {len(self.unit_baru)} unit baru."
        )
        if self.dikosongkan:
            awalan = "Dikosongkan" if self.diterapkan else "Akan dikosongkan"
            teks += f" {awalan}: {self.teks_dikosongkan()}."
        return teks


def _teks(nilai) -> str:
    if nilai is None:
        return ""
    if isinstance(nilai, float) and nilai.is_integer():
        return str(int(nilai))
    return " ".join(str(nilai).split())


_PETIK = "'\u2018\u2019`"  # ' ‘ ’ ` typed before a NIP to keep it as text


def _baca_nip(nilai, kolom: str, masalah: list[str], baris: int) -> str:
    """A NIP cell as text without spaces; a number cell is refused (Excel lost digits)."""
    if isinstance(nilai, int | float) and not isinstance(nilai, bool):
        masalah.append(
            f"Baris {baris}, kolom {kolom}: NIP tertulis sebagai angka sehingga Excel bisa "
            "membulatkan digit terakhirnya. Format kolom sebagai Teks lalu ketik ulang NIP "
            "(atau awali dengan tanda petik: '198412012012121002)."
        )
        return ""
    # The apostrophe the template recommends makes Excel keep the NIP as text and is not
    # stored; LibreOffice, Google Sheets or a cell already formatted as Text keep it.
    return normalize_nip(_teks(nilai)).lstrip(_PETIK)


class _Pembaca:
    """Turns raw rows into BarisRoster, collecting every problem instead of stopping."""

    def __init__(self, indeks: dict[str, int]):
        self.indeks = indeks
        self.masalah: list[str] = []
        # Without a Jenis ASN column the stored jenis decides how NIP and golongan are read
        # (a PPPK's NIP has no TMT month and its golongan is IX, not III/a); new ones are PNS.
        self.pppk: set[str] = set()
        if "Jenis ASN" not in indeks:
            self.pppk = set(
                Pegawai.objects.filter(jenis_asn=JenisAsn.PPPK).values_list("nip", flat=True)
            )

    def _sel(self, baris: tuple, kolom: str):
        i = self.indeks.get(kolom)
        return baris[i] if i is not None and i < len(baris) else None

    def _salah(self, nomor: int, kolom: str, pesan: str) -> None:
        self.masalah.append(f"Baris {nomor}, kolom {kolom}: {pesan}")

    @staticmethod
    def _pesan_nip(nip: str, error: ValidationError, petunjuk_pppk: str) -> str:
        """A NIP that fails only the PNS TMT check but is a sound NI PPPK is most likely a
        PPPK row without its Jenis ASN: say that first, not that the TMT CPNS is wrong."""
        if error.code != "tmt" or not petunjuk_pppk:
            return f"{nip}: {error.messages[0]}"
        try:
            validate_nip(nip, is_pns=False)
        except ValidationError:
            return f"{nip}: {error.messages[0]}"  # not a sound NI PPPK either
        if 1 <= int(nip[12:14]) <= 12:
            return f"{nip}: {error.messages[0]}{petunjuk_pppk}"
        return (
            f"{nip} bukan NIP PNS (angka ke-13 dan 14, '{nip[12:14]}', bukan bulan TMT CPNS) "
            f"tetapi sah sebagai NI PPPK.{petunjuk_pppk} Bila pegawai ini PNS, periksa kembali "
            "NIP-nya."
        )

    def baca(self, nomor: int, mentah: tuple) -> BarisRoster:
        teks = {
            k: _teks(self._sel(mentah, k))
            for k in NAMA_KOLOM
            if k not in ("NIP", "NIP Atasan Langsung", "NIP Atasan Penilai")
        }
        jumlah_masalah = len(self.masalah)
        for kolom in ("Nama", "Golongan", "Jabatan", "Jenis Jabatan", "Unit Kerja"):
            if not teks[kolom]:
                self._salah(nomor, kolom, f"{kolom} wajib diisi.")
        for kolom, maks in PANJANG_MAKS.items():
            if len(teks[kolom]) > maks:
                self._salah(nomor, kolom, f"terlalu panjang (maksimal {maks} karakter).")

        sel_nip = self._sel(mentah, "NIP")
        nip = _baca_nip(sel_nip, "NIP", self.masalah, nomor)
        if "Jenis ASN" in self.indeks:
            jenis_asn = _JENIS_ASN.get(_kunci(teks["Jenis ASN"]) or "pns")
            if jenis_asn is None:
                self._salah(
                    nomor, "Jenis ASN", f"'{teks['Jenis ASN']}' tidak dikenal; isi PNS atau PPPK."
                )
        else:
            jenis_asn = JenisAsn.PPPK if nip in self.pppk else JenisAsn.PNS
        is_pns = jenis_asn != JenisAsn.PPPK
        # A PPPK read as PNS (no Jenis ASN column, or an empty cell) fails on its NI PPPK and
        # its golongan: say what makes it a PPPK row rather than only that it is not a PNS one.
        if "Jenis ASN" in self.indeks:
            petunjuk_pppk = " Bila pegawai ini PPPK, isi kolom Jenis ASN baris ini dengan PPPK."
        else:
            petunjuk_pppk = (
                " File ini tidak memiliki kolom Jenis ASN sehingga pegawai baru dibaca sebagai "
                "PNS; bila pegawai ini PPPK, tambahkan kolom Jenis ASN dan isi PPPK."
            )
        if not is_pns:
            petunjuk_pppk = ""
        if nip:
            try:
                validate_nip(nip, is_pns=is_pns)
            except ValidationError as error:
                self._salah(nomor, "NIP", self._pesan_nip(nip, error, petunjuk_pppk))
        elif not isinstance(sel_nip, int | float):
            self._salah(nomor, "NIP", "NIP wajib diisi.")

        golongan = ""
        if teks["Golongan"]:
            parse = parse_golongan_pns if is_pns else parse_golongan_pppk
            golongan = parse(teks["Golongan"]) or ""
            if not golongan:
                contoh = "III/d atau Penata Tingkat I, III/d" if is_pns else "I s.d. XVII"
                petunjuk = petunjuk_pppk if parse_golongan_pppk(teks["Golongan"]) else ""
                self._salah(
                    nomor,
                    "Golongan",
                    f"'{teks['Golongan']}' bukan golongan {jenis_asn or 'PNS'} yang sah; "
                    f"tulis seperti {contoh}.{petunjuk}",
                )

        jenis_jabatan, jenjang = "", ""  # jenjang: the one written in the Jenis Jabatan text
        if teks["Jenis Jabatan"]:
            hasil = baca_jenis_jabatan(teks["Jenis Jabatan"])
            if isinstance(hasil, str):
                self._salah(nomor, "Jenis Jabatan", hasil)
            else:
                jenis_jabatan, jenjang = hasil
        if teks["Jenjang"]:
            jenjang = _JENJANG.get(_kunci(teks["Jenjang"]), "")
            if not jenjang:
                pilihan = ", ".join(label for _, label in Jenjang.choices)
                self._salah(
                    nomor, "Jenjang", f"'{teks['Jenjang']}' tidak dikenal; pilih: {pilihan}."
                )
            elif jenis_jabatan and jenis_jabatan != JenisJabatan.FUNGSIONAL:
                self._salah(
                    nomor,
                    "Jenjang",
                    "jenjang hanya diisi untuk jabatan Fungsional; "
                    "kosongkan atau ubah Jenis Jabatan.",
                )
        elif "Jenjang" not in self.indeks:
            if jenis_jabatan != JenisJabatan.FUNGSIONAL:
                jenjang = ""  # only a Fungsional has a jenjang, whatever was stored
            elif not jenjang:
                # "Pranata Komputer Ahli Muda": SIASN writes the jenjang inside the jabatan
                # name. Found nowhere: None keeps the stored jenjang (the column is absent).
                ditemukan = _JENJANG_POLA.search(_kunci(teks["Jabatan"]))
                jenjang = _JENJANG[ditemukan.group(1)] if ditemukan else None

        status = StatusKepegawaian.AKTIF
        if teks["Status"]:
            status = _STATUS.get(_kunci(teks["Status"]))
            if status is None:
                pilihan = ", ".join(label for _, label in StatusKepegawaian.choices)
                self._salah(nomor, "Status", f"'{teks['Status']}' tidak dikenal; pilih: {pilihan}.")

        email = teks["Email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self._salah(nomor, "Email", f"'{email}' bukan alamat email yang sah.")

        unit = tuple(bagian.strip() for bagian in teks["Unit Kerja"].split(PEMISAH_UNIT))
        if teks["Unit Kerja"] and not all(unit):
            self._salah(
                nomor,
                "Unit Kerja",
                "ada tingkat unit yang kosong; tulis seperti "
                "'Universitas > UPT TIK > Divisi Data'.",
            )
            unit = ()
        elif any(len(bagian) > 200 for bagian in unit):
            self._salah(nomor, "Unit Kerja", "nama unit terlalu panjang (maksimal 200 karakter).")
            unit = ()
        elif not teks["Unit Kerja"]:
            unit = ()

        atasan = _baca_nip(
            self._sel(mentah, "NIP Atasan Langsung"), "NIP Atasan Langsung", self.masalah, nomor
        )
        penilai = _baca_nip(
            self._sel(mentah, "NIP Atasan Penilai"), "NIP Atasan Penilai", self.masalah, nomor
        )
        nilai = {
            "nama": teks["Nama"],
            "golongan": golongan,
            "jabatan": teks["Jabatan"],
            "jenis_jabatan": jenis_jabatan,
        }
        if jenjang is not None:
            nilai["jenjang"] = jenjang
        dibaca = {
            "gelar_depan": teks["Gelar Depan"],
            "gelar_belakang": teks["Gelar Belakang"],
            "jenis_asn": jenis_asn,
            "email": email,
            "status_kepegawaian": status,
        }
        for kolom, nama in KOLOM_FIELD.items():
            if kolom in self.indeks:  # an absent column leaves the stored value alone
                nilai[nama] = dibaca[nama]
        kosong = tuple(
            nama
            for nama, kolom in BAWAAN_SEL_KOSONG.items()
            if kolom in self.indeks and not teks[kolom]
        )
        return BarisRoster(
            baris=nomor,
            nip=nip,
            nilai=nilai,
            unit=unit,
            atasan_langsung=atasan,
            atasan_penilai=penilai or None,
            kosong=kosong,
            # Still checked against the other rows and the database, so that one upload
            # reports every problem of the row (its atasan, its unit, a duplicate NIP).
            cacat=len(self.masalah) > jumlah_masalah,
        )


# A parent chosen in the preview that the file itself creates: this prefix, then the unit's
# lower-cased path joined by JALUR_PEMISAH (an existing parent is chosen by its pk).
INDUK_BARU = "baru:"
JALUR_PEMISAH = " > "
# The rows one message lists, at most.
MAKS_BARIS_DISEBUT = 20


def nilai_induk_baru(kunci: tuple[str, ...]) -> str:
    return INDUK_BARU + JALUR_PEMISAH.join(kunci)


def _sebut_baris(nomor: list[int]) -> str:
    """`Baris 4`, `Baris 4 dan 7`, `Baris 4, 7 dan 9`, cut at MAKS_BARIS_DISEBUT."""
    angka = [str(n) for n in nomor[:MAKS_BARIS_DISEBUT]]
    if len(nomor) > MAKS_BARIS_DISEBUT:
        return f"Baris {', '.join(angka)} dan {len(nomor) - MAKS_BARIS_DISEBUT} baris lainnya"
    if len(angka) == 1:
        return f"Baris {angka[0]}"
    return f"Baris {', '.join(angka[:-1])} dan {angka[-1]}"


class _PohonUnit:
    """Existing units by lower-cased path, plus the ones the file will create."""

    def __init__(self):
        rows = list(UnitKerja.objects.values_list("pk", "nama", "induk_id"))
        nama = {pk: (n, induk) for pk, n, induk in rows}
        self.path_of: dict[int, tuple[str, ...]] = {}

        def path(pk):
            if pk not in self.path_of:
                n, induk = nama[pk]
                self.path_of[pk] = (path(induk) if induk else ()) + (n,)
            return self.path_of[pk]

        self.ada: dict[tuple[str, ...], int] = {}
        for pk in nama:
            self.ada.setdefault(tuple(s.lower() for s in path(pk)), pk)
        self.baru: dict[tuple[str, ...], tuple[str, ...]] = {}  # lower path → display path

    def tambah_jalur(self, jalur: tuple[str, ...]) -> None:
        for i in range(1, len(jalur) + 1):
            kunci = tuple(s.lower() for s in jalur[:i])
            if kunci not in self.ada and kunci not in self.baru:
                self.baru[kunci] = jalur[:i]

    def indeks_daun(self) -> dict[str, list[tuple[str, ...]]]:
        daun: dict[str, list[tuple[str, ...]]] = {}
        for kunci in [*self.ada, *self.baru]:
            daun.setdefault(kunci[-1], []).append(kunci)
        return daun

    def tampil(self, kunci: tuple[str, ...]) -> str:
        if kunci in self.baru:
            return " > ".join(self.baru[kunci])
        return " > ".join(self.path_of[self.ada[kunci]])


def _rantai(start: str, atasan_of: dict[str, str]) -> list[str] | None:
    """The cycle reached from `start` following atasan langsung, or None."""
    dilihat: dict[str, int] = {}
    jalur: list[str] = []
    current = start
    while current and current not in dilihat:
        dilihat[current] = len(jalur)
        jalur.append(current)
        current = atasan_of.get(current, "")
    if current and current in dilihat:
        return jalur[dilihat[current] :]
    return None


class _Rencana:
    """Everything the file asks for, checked against the database; nothing written yet."""

    def __init__(self, hasil: HasilImpor, baris: list[BarisRoster], periode, induk: dict[str, int]):
        self.hasil, self.baris, self.periode = hasil, baris, periode
        self.pohon = _PohonUnit()
        # The parent the admin chose for a unit name that starts at no existing unit: an
        # existing unit (pk; one gone meanwhile is dropped, so the row is refused again) or
        # one this file creates (`INDUK_BARU`…, placed once that unit is known).
        self.induk = {
            k: v
            for k, v in induk.items()
            if (isinstance(v, int) and v in self.pohon.path_of)
            or (isinstance(v, str) and v.startswith(INDUK_BARU))
        }
        self._tertunda: list[BarisRoster] = []  # rows waiting for a parent the file creates
        self.teratas_baru: tuple[str, str] = ("", "")  # (key, name) the first import creates
        self.unit_kunci: dict[int, tuple[str, ...]] = {}  # row number → unit key
        self.ada = {
            row[1]: row
            for row in Pegawai.objects.values_list("pk", "nip", *FIELD_PEGAWAI).iterator(
                chunk_size=5000
            )
        }
        self.nip_of_pk = {row[0]: nip for nip, row in self.ada.items()}
        self.supervisi = {
            pegawai_id: (langsung, penilai)
            for pegawai_id, langsung, penilai in Supervisi.objects.filter(
                periode=periode
            ).values_list("pegawai_id", "atasan_langsung_id", "atasan_penilai_id")
        }
        # NIP → (atasan langsung, atasan penilai) to store; only when the file governs atasan.
        self.supervisi_final: dict[str, tuple[str, str]] = {}
        # Existing accounts the importer may not change (`Pegawai.can_manage_account`).
        self.terlindungi: set[str] = set()

    def lindungi_akun(self, oleh: Pegawai | None) -> None:
        """The ladder holds for the import too: the data of an account with rights equal to or
        above the importer's (another admin kepegawaian, a Django admin, a superuser, their
        own) is left as it is, atasan included, and the preview says so.
        A command run on the server (`oleh=None`) is the operator's and changes everyone."""
        if oleh is None or oleh.is_superuser:
            return
        di_berkas = {row.nip for row in self.baris if row.nip in self.ada}
        calon = Pegawai.objects.filter(
            Q(is_superuser=True) | Q(is_staff=True) | Q(is_admin_kepegawaian=True) | Q(pk=oleh.pk),
            nip__in=di_berkas,
        )  # a handful of accounts: the predicate decides each one
        self.terlindungi = {p.nip for p in calon if not oleh.can_manage_account(p)}
        for row in self.baris:
            if row.nip in self.terlindungi:
                self.supervisi_final.pop(row.nip, None)
                self.hasil.peringatan.append(
                    f"Baris {row.baris}: data {row.nilai.get('nama', row.nip)} (NIP {row.nip}) "
                    "tidak diubah karena akun ini memiliki hak akses setara atau lebih tinggi "
                    "dari Anda; hanya superuser yang dapat mengubah data dan atasannya."
                )

    def _salah(self, nomor: int, kolom: str, pesan: str) -> None:
        self.hasil.masalah.append(f"Baris {nomor}, kolom {kolom}: {pesan}")

    def periksa(self) -> None:
        self._periksa_duplikat()
        self._periksa_unit()
        self._periksa_atasan()

    def _periksa_duplikat(self) -> None:
        pertama: dict[str, int] = {}
        for row in self.baris:
            if not row.nip:
                continue
            if row.nip in pertama:
                self._salah(
                    row.baris,
                    "NIP",
                    f"{row.nip} sudah dipakai di baris "
                    f"{pertama[row.nip]}; satu pegawai satu baris.",
                )
            else:
                pertama[row.nip] = row.baris

    def _jangkar(self, row: BarisRoster, daun_lama: dict) -> tuple[str, ...] | None:
        """The full path of a multi-level value; a path that starts below the top
        (`UPT TIK > Divisi Data`) is anchored at the one existing unit of that name."""
        pertama = row.unit[0].lower()
        if (pertama,) in self.pohon.ada or pertama == self.teratas_baru[0]:
            return row.unit
        kandidat = daun_lama.get(pertama, [])
        if len(kandidat) == 1:
            awal = self.pohon.path_of[self.pohon.ada[kandidat[0]]]
            return awal + row.unit[1:]
        if len(kandidat) > 1:
            self._salah(
                row.baris,
                "Unit Kerja",
                f"unit '{row.unit[0]}' ada di beberapa tempat "
                f"({self._daftar_jalur(kandidat)}); tulis jalur dari unit teratas.",
            )
            return None
        return self._di_bawah_induk(row)

    def _di_bawah_induk(self, row: BarisRoster, tunda: bool = True) -> tuple[str, ...] | None:
        """The row's unit under the parent chosen for its first name, or None: no choice yet
        (reported once per name, `_laporkan_tanpa_induk`), or a parent the file creates that
        is not known yet (`tunda`: the row waits, `_selesaikan_tertunda`)."""
        kunci = row.unit[0].lower()
        nama, baris = self.hasil.unit_tanpa_induk.setdefault(kunci, (row.unit[0], []))
        if row.baris not in baris:
            baris.append(row.baris)
        pilihan = self.induk.get(kunci)
        if isinstance(pilihan, int):
            self.hasil.induk_dipilih[kunci] = pilihan
            return self.pohon.path_of[pilihan] + row.unit
        if isinstance(pilihan, str):
            induk = tuple(pilihan.removeprefix(INDUK_BARU).split(JALUR_PEMISAH))
            # Never under itself or below itself (a cycle the tree cannot hold).
            if induk in self.pohon.baru and kunci not in induk:
                self.hasil.induk_dipilih[kunci] = pilihan
                return self.pohon.baru[induk] + row.unit
            if tunda:
                self._tertunda.append(row)
        return None

    def _selesaikan_tertunda(self) -> None:
        """Place the rows whose chosen parent is a unit the file creates, as those become
        known (a chain: a new jurusan under a new fakultas under a path of the file)."""
        while self._tertunda:
            sisa, maju = [], False
            for row in self._tertunda:
                jalur = self._di_bawah_induk(row, tunda=False)
                if jalur is None:
                    sisa.append(row)
                    continue
                maju = True
                self.pohon.tambah_jalur(jalur)
                self.unit_kunci[row.baris] = tuple(s.lower() for s in jalur)
            self._tertunda = sisa
            if not maju:
                break

    def _laporkan_tanpa_induk(self) -> None:
        """One message per unit name still without a parent, listing its rows; the new
        units of the file are offered as parents too."""
        for kunci, (_nama, baris) in self.hasil.unit_tanpa_induk.items():
            if kunci in self.hasil.induk_dipilih:
                continue
            contoh = next(row for row in self.baris if row.baris == baris[0]).unit
            self._unit_tidak_dikenal(contoh, baris)
        self.hasil.unit_baru_di_berkas = sorted(
            (
                (nilai_induk_baru(k), JALUR_PEMISAH.join(tampil))
                for k, tampil in self.pohon.baru.items()
            ),
            key=lambda item: item[1].lower(),
        )

    def _daftar_jalur(self, kandidat: list[tuple[str, ...]]) -> str:
        jalur = "; ".join(self.pohon.tampil(k) for k in kandidat[:5])
        return jalur + (f"; dan {len(kandidat) - 5} lainnya" if len(kandidat) > 5 else "")

    def _unit_tidak_dikenal(self, unit: tuple[str, ...], baris: list[int]) -> None:
        """A unit the import cannot place: it would become a new top unit beside the existing
        one (issue 16: "Jurusan Teknik Mesin" beside the university), so its rows are refused,
        in one message, with how to write its path."""
        teratas = sorted(
            self.pohon.path_of[pk][0] for k, pk in self.pohon.ada.items() if len(k) == 1
        ) or [self.teratas_baru[1]]
        jalur = " > ".join(unit)
        if len(unit) == 1:
            awal = f"unit '{jalur}' tidak ada di sistem maupun di jalur lain di file ini"
        else:
            awal = f"jalur '{jalur}' tidak dimulai dari unit yang ada ('{unit[0]}' tidak dikenal)"
        daftar = f" Unit teratas di sistem: {', '.join(teratas[:5])}." if len(teratas) > 1 else ""
        if self.pohon.ada:
            alasan = "impor tidak membuat unit teratas baru"
        else:
            alasan = (
                f"impor pertama hanya membuat satu unit teratas, '{teratas[0]}', yang dipakai "
                "paling banyak baris"
            )
        self.hasil.masalah.append(
            f"{_sebut_baris(baris)}, kolom Unit Kerja: {awal}, dan {alasan}. Tulis jalur "
            f"lengkap dari unit teratas, mis. «{teratas[0]} > {jalur}», dengan unit-unit "
            f"induknya di antaranya bila ada.{daftar}"
        )

    def _periksa_unit(self) -> None:
        if not self.pohon.ada:
            # The first import into an empty system has to create its top unit, one only:
            # the first name most rows start with (a stray bare name would sit beside it).
            nama = {}
            for row in self.baris:
                if row.unit:
                    nama.setdefault(row.unit[0].lower(), row.unit[0])
            awal = Counter(row.unit[0].lower() for row in self.baris if row.unit)
            if awal:
                kunci = awal.most_common(1)[0][0]
                self.teratas_baru = (kunci, nama[kunci])
        daun_lama = self.pohon.indeks_daun()
        jalur_penuh: dict[int, tuple[str, ...]] = {}
        for row in self.baris:
            if len(row.unit) > 1:
                jalur = self._jangkar(row, daun_lama)
                if jalur is not None:
                    jalur_penuh[row.baris] = jalur
                    self.pohon.tambah_jalur(jalur)
        daun = self.pohon.indeks_daun()
        for row in self.baris:
            if len(row.unit) != 1:  # a path (above) or a unit cell already reported
                if row.baris in jalur_penuh:
                    self.unit_kunci[row.baris] = tuple(s.lower() for s in jalur_penuh[row.baris])
                continue
            kandidat = daun.get(row.unit[0].lower(), [])
            if len(kandidat) == 1:
                self.unit_kunci[row.baris] = kandidat[0]
            elif kandidat:
                self._salah(
                    row.baris,
                    "Unit Kerja",
                    f"nama unit '{row.unit[0]}' dipakai oleh beberapa unit "
                    f"({self._daftar_jalur(kandidat)}); tulis jalur lengkapnya dengan ' > '.",
                )
            elif row.unit[0].lower() != self.teratas_baru[0]:
                jalur = self._di_bawah_induk(row)
                if jalur is not None:
                    self.pohon.tambah_jalur(jalur)
                    self.unit_kunci[row.baris] = tuple(s.lower() for s in jalur)
            else:
                # The first import into an empty system: this name is its top unit.
                self.pohon.tambah_jalur(row.unit)
                kunci = (row.unit[0].lower(),)
                self.unit_kunci[row.baris] = kunci
                daun[kunci[0]] = [kunci]
        self._selesaikan_tertunda()
        self._laporkan_tanpa_induk()

    def _periksa_atasan(self) -> None:
        kolom = set(self.hasil.kolom)
        ada_langsung = "NIP Atasan Langsung" in kolom
        ada_penilai = "NIP Atasan Penilai" in kolom
        if not (ada_langsung or ada_penilai):
            return  # the file says nothing about supervision: no Supervisi row is touched
        di_file = {row.nip: row for row in self.baris}
        atasan_of: dict[str, str] = {}
        for pegawai_id, (langsung, _) in self.supervisi.items():
            if langsung and pegawai_id in self.nip_of_pk:
                atasan_of[self.nip_of_pk[pegawai_id]] = self.nip_of_pk.get(langsung, "")
        if ada_langsung:
            for row in self.baris:
                if row.nip:  # a self-supervision is reported below, not also as a cycle
                    atasan_of[row.nip] = (
                        "" if row.atasan_langsung == row.nip else row.atasan_langsung
                    )
        for row in self.baris:
            for kolom_nip, nip in (
                ("NIP Atasan Langsung", row.atasan_langsung),
                ("NIP Atasan Penilai", row.atasan_penilai),
            ):
                if not nip:
                    continue
                if nip == row.nip:
                    self._salah(
                        row.baris,
                        kolom_nip,
                        "pegawai tidak boleh menjadi atasan dirinya "
                        "sendiri; kosongkan atau isi NIP atasannya.",
                    )
                elif nip not in di_file and nip not in self.ada:
                    self._salah(
                        row.baris,
                        kolom_nip,
                        f"NIP {nip} tidak ada di file ini maupun di "
                        "sistem. Periksa penulisannya atau tambahkan pegawai tersebut "
                        "ke file.",
                    )
        # Cycles are looked for at once with the problems above (an unknown NIP simply ends
        # a chain), so the admin fixes every atasan of the file in one round.
        dilaporkan: set[str] = set()
        for row in self.baris if ada_langsung else ():
            if not row.nip or row.nip in dilaporkan:
                continue
            siklus = _rantai(row.nip, atasan_of)
            if siklus and row.nip in siklus:
                nama = " → ".join(siklus + [siklus[0]])
                for nip in siklus:
                    if nip in di_file and nip not in dilaporkan:
                        dilaporkan.add(nip)
                        self._salah(
                            di_file[nip].baris,
                            "NIP Atasan Langsung",
                            f"rantai atasan berputar ({nama}); perbaiki salah satu "
                            "atasan agar rantai berakhir di pimpinan tertinggi.",
                        )
        for row in self.baris:
            sekarang = self._supervisi_nip(row.nip)
            langsung = row.atasan_langsung if ada_langsung else sekarang[0]
            if ada_penilai and row.atasan_penilai is not None:
                penilai = row.atasan_penilai
            elif not ada_penilai and langsung == sekarang[0]:
                # A file with Atasan Langsung but no Atasan Penilai column: the penilai
                # follows the default only where the atasan langsung changes, since the old
                # penilai belonged to the old chain; an unchanged atasan langsung keeps the
                # penilai the admin may have chosen by hand.
                penilai = sekarang[1]
            else:
                # An empty Atasan Penilai cell (or a changed atasan langsung without that
                # column): DOMAIN.md §8's default, the atasan langsung's atasan langsung.
                penilai = atasan_of.get(langsung, "") if langsung else ""
            self.supervisi_final[row.nip] = (langsung, penilai)

    def _supervisi_nip(self, nip: str) -> tuple[str, str]:
        """Atasan langsung and atasan penilai stored for this periode, as NIPs ('' for none)."""
        lama = self.ada.get(nip)
        if lama is None:
            return "", ""
        pks = self.supervisi.get(lama[0], (None, None))
        return tuple(self.nip_of_pk.get(pk, "") if pk else "" for pk in pks)

    def _teks(self, nama: str, nilai) -> str:
        return _LABEL_NILAI.get(nama, {}).get(nilai, nilai) or "-"

    def bandingkan(self) -> None:
        """Count baru/berubah/tetap, describe each change and count what would be cleared."""
        hasil = self.hasil
        hasil.unit_baru = [" > ".join(v) for v in self.pohon.baru.values()]
        label_atasan = [
            f"Atasan Langsung {self.periode.tahun}",
            f"Atasan Penilai {self.periode.tahun}",
        ]
        dikosongkan = dict.fromkeys([LABEL_FIELD[n] for n in FIELD_PEGAWAI] + label_atasan, 0)
        for row in self.baris:
            kunci = self.unit_kunci[row.baris]
            unit_id = self.pohon.ada.get(kunci)
            lama = self.ada.get(row.nip)
            if lama is None:
                hasil.baru += 1
                hasil.perubahan.append(Perubahan(row.baris, row.nip, row.nilai["nama"], "baru", []))
                continue
            rincian, kosong = [], []
            for nama in () if row.nip in self.terlindungi else FIELD_PEGAWAI:
                baru = unit_id if nama == "unit_kerja_id" else row.nilai.get(nama, _TIDAK_DIATUR)
                sebelum = lama[_POSISI[nama]]
                if baru is _TIDAK_DIATUR or sebelum == baru:
                    continue
                if nama == "unit_kerja_id":
                    jalur = " > ".join(self.pohon.path_of.get(sebelum, ())) or "-"
                    rincian.append(f"Unit Kerja: {jalur} → {self.pohon.tampil(kunci)}")
                    continue
                label = LABEL_FIELD[nama]
                if not baru:
                    teks = f"{label}: {self._teks(nama, sebelum)} → (kosong)"
                elif nama in row.kosong:  # an empty Status or Jenis ASN cell: the default
                    teks = (
                        f"{label}: {self._teks(nama, sebelum)} → {self._teks(nama, baru)} "
                        "(sel kosong)"
                    )
                else:
                    rincian.append(
                        f"{label}: {self._teks(nama, sebelum)} → {self._teks(nama, baru)}"
                    )
                    continue
                rincian.append(teks)
                kosong.append(teks)
                dikosongkan[label] += 1
            if row.nip in self.supervisi_final:
                sekarang = self._supervisi_nip(row.nip)
                for label, a, b in zip(
                    label_atasan, sekarang, self.supervisi_final[row.nip], strict=True
                ):
                    if a == b:
                        continue
                    teks = f"{label}: {a or '-'} → {b or '(kosong)'}"
                    rincian.append(teks)
                    if not b:
                        kosong.append(teks)
                        dikosongkan[label] += 1
            if rincian:
                hasil.berubah += 1
                hasil.perubahan.append(
                    Perubahan(row.baris, row.nip, row.nilai["nama"], "berubah", rincian, kosong)
                )
            else:
                hasil.tetap += 1
        hasil.dikosongkan = {label: n for label, n in dikosongkan.items() if n}

    def terapkan(self) -> None:
        """Write units, pegawai and supervision; call inside the import's transaction."""
        unit_id = dict(self.pohon.ada)
        # One INSERT per tree level (a handful), parents before children.
        per_tingkat: dict[int, list[tuple[str, ...]]] = {}
        for kunci in self.pohon.baru:
            per_tingkat.setdefault(len(kunci), []).append(kunci)
        for tingkat in sorted(per_tingkat):
            kunci_list = per_tingkat[tingkat]
            dibuat = UnitKerja.objects.bulk_create(
                [
                    UnitKerja(nama=self.pohon.baru[k][-1], induk_id=unit_id.get(k[:-1]))
                    for k in kunci_list
                ]
            )
            for k, unit in zip(kunci_list, dibuat, strict=True):
                unit_id[k] = unit.pk

        baru, diubah, kolom_diubah = [], [], {"unit_kerja_id"}
        for row in self.baris:
            nilai = {**row.nilai, "unit_kerja_id": unit_id[self.unit_kunci[row.baris]]}
            lama = self.ada.get(row.nip)
            if lama is None:
                baru.append(
                    Pegawai(nip=row.nip, password=make_password(None), **(NILAI_BAWAAN | nilai))
                )
            elif row.nip in self.terlindungi:
                continue
            elif any(lama[_POSISI[n]] != v for n, v in nilai.items()):
                diubah.append((lama, nilai))
                kolom_diubah.update(nilai)
        pk_of = {nip: row[0] for nip, row in self.ada.items()}
        for pegawai in Pegawai.objects.bulk_create(baru):
            pk_of[pegawai.nip] = pegawai.pk
        del baru
        # Only the columns the file governs are written: a column it lacks is never rewritten
        # with the value read at the start, so an edit made meanwhile on the pegawai page stays.
        kolom = [n for n in FIELD_PEGAWAI if n in kolom_diubah]
        _perbarui_massal(
            Pegawai,
            kolom,
            [(lama[0], [nilai.get(n, lama[_POSISI[n]]) for n in kolom]) for lama, nilai in diubah],
        )

        sup_baru, sup_diubah = [], []
        for row in self.baris:
            if row.nip not in self.supervisi_final:
                continue
            pk = pk_of[row.nip]
            langsung, penilai = self.supervisi_final[row.nip]
            diminta = (pk_of[langsung] if langsung else None, pk_of[penilai] if penilai else None)
            if pk not in self.supervisi:
                sup_baru.append(
                    Supervisi(
                        pegawai_id=pk,
                        periode=self.periode,
                        atasan_langsung_id=diminta[0],
                        atasan_penilai_id=diminta[1],
                    )
                )
            elif self.supervisi[pk] != diminta:
                sup_diubah.append((pk, list(diminta)))
        Supervisi.objects.bulk_create(sup_baru)
        _perbarui_massal(
            Supervisi,
            ["atasan_langsung_id", "atasan_penilai_id"],
            sup_diubah,
            kunci="pegawai_id",
            filter_sql=("periode_id", self.periode.pk),
        )


def _perbarui_massal(
    model,
    kolom: list[str],
    baris: list[tuple[int, list]],
    *,
    kunci="id",
    filter_sql: tuple[str, object] | None = None,
) -> None:
    """UPDATE many rows with different values in one statement on PostgreSQL.

    Django's bulk_update builds a CASE per column per row, which is slow and needs one query
    per batch; unnest() of one array per column is a single fast statement."""
    if not baris:
        return
    if connection.vendor != "postgresql":
        objs = []
        for pk, nilai in baris:
            obj = model(**{kunci: pk}, **dict(zip(kolom, nilai, strict=True)))
            objs.append(obj)
        if kunci == "id":
            model.objects.bulk_update(objs, kolom, batch_size=500)
        else:
            for obj in objs:
                model.objects.filter(
                    **{kunci: getattr(obj, kunci), filter_sql[0]: filter_sql[1]}
                ).update(**{k: getattr(obj, k) for k in kolom})
        return
    meta = model._meta
    tipe = {
        f.attname: f.db_type(connection).split("(")[0]
        for f in meta.concrete_fields
        if f.attname in kolom or f.attname == kunci
    }
    tipe = {k: ("varchar" if v.startswith("varchar") else v) for k, v in tipe.items()}
    tipe = {k: ("bigint" if v in ("bigserial", "serial") else v) for k, v in tipe.items()}
    qn = connection.ops.quote_name
    semua = [kunci, *kolom]
    select = ", ".join(f"unnest(%s::{tipe[k]}[]) AS {qn(k)}" for k in semua)
    set_sql = ", ".join(f"{qn(k)} = v.{qn(k)}" for k in kolom)
    where = f"t.{qn(kunci)} = v.{qn(kunci)}"
    params: list = [[pk for pk, _ in baris]]
    params += [[nilai[i] for _, nilai in baris] for i in range(len(kolom))]
    if filter_sql:
        where += f" AND t.{qn(filter_sql[0])} = %s"
        params.append(filter_sql[1])
    sql = f"UPDATE {qn(meta.db_table)} AS t SET {set_sql} FROM (SELECT {select}) AS v WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _catatan_kolom(kolom: list[str]) -> list[str]:
    """How the columns this file lacks are treated, as sentences for the preview and command."""
    tidak_ada = [nama for nama in NAMA_KOLOM if nama not in kolom]
    if not tidak_ada:
        return []
    catatan = [
        f"Kolom yang tidak ada di file tidak diubah: {', '.join(tidak_ada)}. Datanya di sistem "
        "tetap; pegawai baru mendapat nilai kosong (Jenis ASN PNS, Status Aktif)."
    ]
    if "Jenjang" not in kolom:
        catatan.append(
            "Tanpa kolom Jenjang, jenjang dibaca dari nama jabatan bila tertulis (mis. 'Pranata "
            "Komputer Ahli Muda'); bila tidak tertulis, jenjang di sistem tetap. Jenjang "
            "dikosongkan bila Jenis Jabatan bukan Fungsional."
        )
    if "NIP Atasan Langsung" in kolom and "NIP Atasan Penilai" not in kolom:
        catatan.append(
            "Tanpa kolom NIP Atasan Penilai: atasan penilai tetap bila atasan langsung tidak "
            "berubah; bila atasan langsung berubah, atasan penilai menjadi atasan langsung dari "
            "atasan langsung yang baru."
        )
    return catatan


def _baca(berkas: IO[bytes], hasil: HasilImpor) -> list[BarisRoster]:
    try:
        periksa_berkas(berkas, hasil.nama_file)
        baris_iter = baca_baris(berkas)
        judul = baca_judul(next(baris_iter, ()))
        hasil.masalah += judul.masalah
        if judul.diabaikan:
            hasil.peringatan.append(
                "Kolom yang tidak dikenal dan diabaikan: " + ", ".join(judul.diabaikan) + "."
            )
        if judul.masalah:
            baris_iter.close()
            return []
        hasil.kolom = [nama for nama in NAMA_KOLOM if nama in judul.indeks]
        hasil.catatan = _catatan_kolom(hasil.kolom)
        pembaca = _Pembaca(judul.indeks)
        rows = []
        for nomor, mentah in enumerate(baris_iter, start=2):
            if not any(v is not None and str(v).strip() for v in mentah):
                continue
            rows.append(pembaca.baca(nomor, mentah))
    except BerkasTidakValid as error:
        hasil.masalah.append(str(error))
        return []
    hasil.masalah += pembaca.masalah
    if not rows and not hasil.masalah:
        hasil.masalah.append("File tidak berisi satu baris pegawai pun di bawah baris judul.")
    return rows


def _siapkan(
    berkas: IO[bytes], periode, nama_file: str, oleh: Pegawai | None, induk: dict[str, int]
) -> tuple[HasilImpor, _Rencana | None]:
    hasil = HasilImpor(nama_file=nama_file, periode=periode)
    rows = _baca(berkas, hasil)
    if hasil.masalah and not rows:
        return hasil, None
    rencana = _Rencana(hasil, rows, periode, induk)
    rencana.periksa()
    if hasil.masalah:
        hasil.masalah.sort(key=_urutan_baris)
        return hasil, None
    rencana.lindungi_akun(oleh)
    rencana.bandingkan()
    return hasil, rencana


def _urutan_baris(pesan: str) -> tuple[int, str]:
    nomor = re.match(r"Baris (\d+)", pesan)
    return (int(nomor.group(1)) if nomor else 0, "")


def periksa_roster(
    berkas: IO[bytes],
    *,
    periode,
    nama_file: str = "",
    oleh: Pegawai | None = None,
    induk: dict[str, int] | None = None,
) -> HasilImpor:
    """Dry run: every problem, or the counts and changes row by row. Writes nothing.

    `induk`: lower-cased unit name → the existing unit to create it under, for the names
    `hasil.unit_tanpa_induk` lists (a choice made in the preview)."""
    hasil, _ = _siapkan(berkas, periode, nama_file, oleh, induk or {})
    return hasil


def impor_roster(
    berkas: IO[bytes],
    *,
    periode,
    oleh: Pegawai | None,
    nama_file: str = "",
    sidik: str | None = None,
    induk: dict[str, int] | None = None,
) -> HasilImpor:
    """Validate the roster and, if it has no problem at all, apply it in one transaction.

    Imports of the same periode are serialised by locking the periode row, and the file is
    checked again under that lock, so a concurrent change cannot slip between check and write.
    `sidik`: the preview's fingerprint; when the plan now differs, nothing is written and
    `hasil.berubah_sejak_pratinjau` says so. `induk`: as for `periksa_roster`.
    """
    from periode.models import Periode

    with transaction.atomic():
        periode = Periode.objects.select_for_update().get(pk=periode.pk)
        hasil, rencana = _siapkan(berkas, periode, nama_file, oleh, induk or {})
        if rencana is None:
            return hasil
        if sidik is not None and sidik != hasil.sidik:
            hasil.berubah_sejak_pratinjau = True
            return hasil
        rencana.terapkan()
        hasil.diterapkan = True  # before the audit row, whose summary says what was cleared
        catat_audit(
            "roster.impor",
            aktor=oleh,
            objek=periode,
            ringkasan=f"Impor daftar pegawai {nama_file or '(tanpa nama)'}: {hasil.ringkasan()}",
            nama_file=nama_file,
            periode=periode.tahun,
            baru=hasil.baru,
            berubah=hasil.berubah,
            tetap=hasil.tetap,
            unit_baru=hasil.unit_baru[:MAKS_PERUBAHAN_DICATAT],
            induk_dipilih=hasil.induk_dipilih,
            kolom=hasil.kolom,
            dikosongkan=hasil.dikosongkan,
            nip_berubah=[p.nip for p in hasil.perubahan[:MAKS_PERUBAHAN_DICATAT]],
        )
    return hasil


def baris_ekspor(periode) -> Iterator[list[str]]:
    """Every pegawai as a roster row (NAMA_KOLOM order) with supervision of `periode`.

    Three queries whatever the size; system accounts (superusers without a jabatan) are left
    out because they are not staff."""
    jalur = UnitKerja.objects.paths()
    nip_of = dict(Pegawai.objects.values_list("pk", "nip"))
    atasan = {
        pegawai_id: (langsung, penilai)
        for pegawai_id, langsung, penilai in Supervisi.objects.filter(periode=periode).values_list(
            "pegawai_id", "atasan_langsung_id", "atasan_penilai_id"
        )
    }
    label_jabatan, label_jenjang = dict(JenisJabatan.choices), dict(Jenjang.choices)
    label_status = dict(StatusKepegawaian.choices)
    rows = (
        Pegawai.objects.exclude(is_superuser=True, jenis_jabatan="")
        .order_by("unit_kerja_id", "nip")
        .values_list("pk", "nip", *FIELD_PEGAWAI)
    )
    for pk, nip, *nilai in rows.iterator(chunk_size=5000):
        data = dict(zip(FIELD_PEGAWAI, nilai, strict=True))
        langsung, penilai = atasan.get(pk, (None, None))
        yield [
            nip,
            data["nama"],
            data["gelar_depan"],
            data["gelar_belakang"],
            data["jenis_asn"],
            data["golongan"],
            data["jabatan"],
            label_jabatan.get(data["jenis_jabatan"], ""),
            label_jenjang.get(data["jenjang"], ""),
            jalur.get(data["unit_kerja_id"], ""),
            nip_of.get(langsung, ""),
            nip_of.get(penilai, ""),
            data["email"],
            label_status.get(data["status_kepegawaian"], ""),
        ]


def ekspor_roster(tujuan: IO[bytes], *, periode) -> None:
    """Write the roster of `periode` as .xlsx; importing it back changes nothing."""
    tulis_roster(baris_ekspor(periode), tujuan)


def tulis_templat(tujuan: IO[bytes]) -> None:
    """An empty roster with the headers, drop-down lists and a sheet of instructions."""
    tulis_roster([], tujuan, templat=True)
