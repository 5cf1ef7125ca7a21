"""Roster spreadsheets (DOMAIN.md §8): safe reading of untrusted .xlsx and formula-safe writing.

Reading never trusts the file: the zip container is inspected (size, member count, declared
uncompressed size, compression ratio, encryption) before openpyxl parses anything, and the rows
are capped while iterating (`max_row` is not trustworthy in read-only mode).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
import io
import re
from typing import IO
import zipfile

from django.conf import settings

# Caps; a deployment may override them in settings. A 50,000-row roster is about 4 MB packed
# and 40 MB unpacked, so these leave room for real files and none for zip bombs.
MAKS_UKURAN_BERKAS = getattr(settings, "ROSTER_MAKS_UKURAN_BERKAS", 15 * 1024 * 1024)
MAKS_ANGGOTA_ZIP = getattr(settings, "ROSTER_MAKS_ANGGOTA_ZIP", 300)
MAKS_UKURAN_TERURAI = getattr(settings, "ROSTER_MAKS_UKURAN_TERURAI", 150 * 1024 * 1024)
MAKS_RASIO_KOMPRESI = getattr(settings, "ROSTER_MAKS_RASIO_KOMPRESI", 100)
MAKS_BARIS = getattr(settings, "ROSTER_MAKS_BARIS", 60_000)
# The ratio is only meaningful for members big enough to matter.
_RASIO_MULAI_DARI = 1024 * 1024

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class BerkasTidakValid(Exception):
    """The upload is not a roster we are willing to parse; the message says what to do."""


# Canonical columns in export order: (header, required).
KOLOM = [
    ("NIP", True),
    ("Nama", True),
    ("Gelar Depan", False),
    ("Gelar Belakang", False),
    ("Jenis ASN", False),
    ("Golongan", True),
    ("Jabatan", True),
    ("Jenis Jabatan", True),
    ("Jenjang", False),
    ("Unit Kerja", True),
    ("NIP Atasan Langsung", False),
    ("NIP Atasan Penilai", False),
    ("Email", False),
    ("Status", False),
]
NAMA_KOLOM = [nama for nama, _ in KOLOM]
KOLOM_WAJIB = [nama for nama, wajib in KOLOM if wajib]
KOLOM_NIP = {"NIP", "NIP Atasan Langsung", "NIP Atasan Penilai"}

# SIASN "data pegawai" exports and other common spellings.
SINONIM = {
    "nip baru": "NIP",
    "nip pegawai": "NIP",
    "nama pegawai": "Nama",
    "gol akhir nama": "Golongan",
    "golongan ruang": "Golongan",
    "gol": "Golongan",
    "jabatan nama": "Jabatan",
    "nama jabatan": "Jabatan",
    "jenis jabatan nama": "Jenis Jabatan",
    "unor nama": "Unit Kerja",
    "unit": "Unit Kerja",
    "status kepegawaian": "Status",
    "status pegawai": "Status",
    "jenis pegawai": "Jenis ASN",
    "jenjang jabatan": "Jenjang",
    "nip atasan": "NIP Atasan Langsung",
    "e-mail": "Email",
}


def _kunci(teks: str) -> str:
    return re.sub(r"[\s_]+", " ", teks).strip().lower()


_HEADER = {_kunci(nama): nama for nama in NAMA_KOLOM} | SINONIM


@dataclass
class Judul:
    """The header row: column index of each canonical column, and what was ignored."""

    indeks: dict[str, int]
    diabaikan: list[str]
    masalah: list[str]


def baca_judul(baris: tuple) -> Judul:
    """Map the header cells (case and spacing ignored, any order) to canonical columns."""
    indeks: dict[str, int] = {}
    diabaikan, masalah = [], []
    for i, sel in enumerate(baris):
        teks = str(sel).strip() if sel is not None else ""
        if not teks:
            continue
        nama = _HEADER.get(_kunci(teks))
        if nama is None:
            diabaikan.append(teks)
        elif nama in indeks:
            masalah.append(
                f"Baris 1, kolom {teks}: kolom {nama} muncul lebih dari sekali; hapus salah satu."
            )
        else:
            indeks[nama] = i
    for nama in KOLOM_WAJIB:
        if nama not in indeks:
            masalah.append(
                f"Baris 1: kolom wajib {nama} tidak ditemukan pada baris judul. Pakai templat "
                "dari halaman impor atau tambahkan kolom tersebut."
            )
    return Judul(indeks, diabaikan, masalah)


def periksa_berkas(berkas: IO[bytes], nama_file: str = "") -> None:
    """Refuse anything that is not a plain, reasonably sized .xlsx, before any XML is parsed."""
    berkas.seek(0, io.SEEK_END)
    ukuran = berkas.tell()
    berkas.seek(0)
    if ukuran == 0:
        raise BerkasTidakValid("Berkas kosong. Pilih file Excel (.xlsx) berisi daftar pegawai.")
    if ukuran > MAKS_UKURAN_BERKAS:
        raise BerkasTidakValid(
            f"Berkas terlalu besar ({ukuran / 1048576:.1f} MB; batas "
            f"{MAKS_UKURAN_BERKAS / 1048576:.0f} MB). Bagi daftar menjadi beberapa file."
        )
    awal = berkas.read(8)
    berkas.seek(0)
    if awal == _OLE2_MAGIC:
        raise BerkasTidakValid(
            "Berkas ini dilindungi kata sandi atau berformat Excel lama (.xls). Buka di Excel, "
            "hapus kata sandinya, lalu simpan sebagai Excel Workbook (.xlsx)."
        )
    if not awal.startswith(_ZIP_MAGIC):
        raise BerkasTidakValid(
            "Berkas ini bukan file Excel .xlsx (mungkin CSV atau file lain yang diganti "
            "namanya). Simpan dari Excel sebagai Excel Workbook (.xlsx)."
        )
    try:
        with zipfile.ZipFile(berkas) as arsip:
            anggota = arsip.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BerkasTidakValid(
            "Berkas .xlsx ini rusak dan tidak dapat dibuka. Simpan ulang dari Excel lalu unggah."
        ) from None
    finally:
        berkas.seek(0)
    if len(anggota) > MAKS_ANGGOTA_ZIP:
        raise BerkasTidakValid(
            f"Struktur berkas tidak wajar ({len(anggota)} bagian). Salin data ke workbook baru "
            "lalu simpan sebagai .xlsx."
        )
    total = 0
    for info in anggota:
        if info.flag_bits & 0x1:
            raise BerkasTidakValid(
                "Berkas ini terenkripsi. Hapus kata sandinya di Excel lalu unggah ulang."
            )
        total += info.file_size
        if info.file_size > _RASIO_MULAI_DARI and info.file_size > MAKS_RASIO_KOMPRESI * max(
            info.compress_size, 1
        ):
            raise BerkasTidakValid(
                "Berkas ini mengembang jauh melebihi ukuran wajar saat dibuka (rasio kompresi "
                "tidak wajar) dan ditolak demi keamanan. Salin data ke workbook baru."
            )
    if total > MAKS_UKURAN_TERURAI:
        raise BerkasTidakValid(
            f"Isi berkas terlalu besar setelah dibuka ({total / 1048576:.0f} MB; batas "
            f"{MAKS_UKURAN_TERURAI / 1048576:.0f} MB). Bagi daftar menjadi beberapa file."
        )
    nama = {info.filename for info in anggota}
    if "xl/workbook.bin" in nama:
        raise BerkasTidakValid(
            "Berkas berformat Excel Binary (.xlsb). Simpan sebagai Excel Workbook (.xlsx)."
        )
    if "[Content_Types].xml" not in nama or "xl/workbook.xml" not in nama:
        raise BerkasTidakValid(
            "Berkas ini bukan workbook Excel .xlsx (mungkin dokumen lain yang diganti namanya). "
            "Simpan dari Excel sebagai Excel Workbook (.xlsx)."
        )


def baca_baris(berkas: IO[bytes]) -> Iterator[tuple]:
    """The first sheet's rows as value tuples; call `periksa_berkas` first.

    Raises BerkasTidakValid when the sheet has more than MAKS_BARIS rows (header excluded)."""
    import openpyxl  # imported lazily: commands and pages that never read xlsx stay light

    try:
        buku = openpyxl.load_workbook(berkas, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for malformed parts
        raise BerkasTidakValid(
            "Isi berkas .xlsx tidak dapat dibaca. Simpan ulang dari Excel lalu unggah."
        ) from None
    try:
        lembar = buku.worksheets[0]
        for nomor, baris in enumerate(lembar.iter_rows(values_only=True), start=1):
            if nomor > MAKS_BARIS + 1:
                raise BerkasTidakValid(
                    f"Berkas berisi lebih dari {MAKS_BARIS:,} baris pegawai. Bagi menjadi "
                    "beberapa file.".replace(",", ".")
                )
            yield baris
    finally:
        buku.close()


# ----- writing -----

_FORMULA_AWAL = ("=", "+", "-", "@")
PILIHAN_JENIS_ASN = ["PNS", "PPPK"]


def sel_aman(lembar, nilai, *, teks: bool = False):
    """A cell for a write-only sheet: a string is always a string cell (a user's "=..." never
    becomes a live formula); `teks` also formats it as Text (NIP)."""
    from openpyxl.cell import WriteOnlyCell

    sel = WriteOnlyCell(lembar, value=nilai)
    if teks:
        sel.number_format = "@"
    if isinstance(nilai, str) and nilai:
        # A user's "=HYPERLINK(...)" must stay text, never become a live formula.
        sel.data_type = "s"
    return sel


def tulis_roster(baris: Iterable[list[str]], tujuan: IO[bytes], *, templat: bool = False) -> None:
    """Write rows (in NAMA_KOLOM order) as an .xlsx the import reads back unchanged.

    NIP columns are text cells; every value is a string cell so nothing becomes a formula.
    Both carry an instructions sheet; the template variant adds drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    buku = Workbook(write_only=True)
    lembar = buku.create_sheet("Pegawai")
    lebar = {"NIP": 22, "Nama": 32, "Jabatan": 34, "Unit Kerja": 48, "Golongan": 10}
    for i, nama in enumerate(NAMA_KOLOM, start=1):
        lembar.column_dimensions[get_column_letter(i)].width = lebar.get(nama, 20)
        if nama in KOLOM_NIP:
            lembar.column_dimensions[get_column_letter(i)].number_format = "@"
    lembar.freeze_panes = "B2"
    if templat:
        _tambah_pilihan(lembar, DataValidation)
    judul = []
    for nama in NAMA_KOLOM:
        sel = sel_aman(lembar, nama)
        sel.font = Font(bold=True)
        sel.fill = PatternFill("solid", fgColor="DDEBF7")
        judul.append(sel)
    lembar.append(judul)
    teks = [nama in KOLOM_NIP for nama in NAMA_KOLOM]
    for nilai in baris:
        lembar.append(
            [sel_aman(lembar, v or None, teks=t) for v, t in zip(nilai, teks, strict=True)]
        )
    # The export carries the instructions too: it is what people edit and import back.
    _tulis_petunjuk(buku.create_sheet("Petunjuk"))
    if templat:
        _tulis_pilihan(buku.create_sheet("Daftar Pilihan"))
    buku.save(tujuan)


def _daftar_pilihan() -> dict[str, list[str]]:
    from accounts.golongan import GOLONGAN_PNS, GOLONGAN_PPPK
    from accounts.models import JenisJabatan, Jenjang, StatusKepegawaian

    return {
        "Golongan": GOLONGAN_PNS + GOLONGAN_PPPK,
        "Jenis ASN": PILIHAN_JENIS_ASN,
        "Jenis Jabatan": [label for _, label in JenisJabatan.choices],
        "Jenjang": [label for _, label in Jenjang.choices],
        "Status": [label for _, label in StatusKepegawaian.choices],
    }


def _tambah_pilihan(lembar, DataValidation) -> None:
    from openpyxl.utils import get_column_letter

    kolom_pilihan = list(_daftar_pilihan())
    for j, nama in enumerate(kolom_pilihan, start=1):
        huruf_sumber = get_column_letter(j)
        n = len(_daftar_pilihan()[nama])
        validasi = DataValidation(
            type="list",
            formula1=f"'Daftar Pilihan'!${huruf_sumber}$2:${huruf_sumber}${n + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"{nama} tidak dikenal",
            error=f"Pilih {nama} dari daftar.",
        )
        huruf = get_column_letter(NAMA_KOLOM.index(nama) + 1)
        validasi.add(f"{huruf}2:{huruf}{MAKS_BARIS + 1}")
        lembar.data_validations.append(validasi)


PETUNJUK = [
    "Petunjuk pengisian daftar pegawai",
    "Satu baris satu pegawai pada lembar Pegawai; baris 1 adalah judul kolom, jangan diubah.",
    "NIP: 18 angka, ditulis sebagai TEKS (kolom NIP sudah berformat Teks); spasi boleh, "
    "mis. 19860926 201505 1 001.",
    "Wajib: NIP, Nama (tanpa gelar), Golongan, Jabatan, Jenis Jabatan, Unit Kerja.",
    "Golongan PNS: III/d (ejaan lain seperti III.d atau 'Penata Tingkat I, III/d' juga "
    "diterima); PPPK: I s.d. XVII.",
    "Unit Kerja: jalur dari unit teratas dengan ' > ', mis. "
    "Universitas Pendidikan Ganesha > UPT TIK > Divisi Data.",
    "NIP Atasan Langsung: harus ada di file ini atau sudah ada di sistem. NIP Atasan Penilai "
    "boleh kosong: otomatis atasan langsung dari atasan langsung. Tanpa kolom NIP Atasan "
    "Penilai, atasan penilai tetap selama atasan langsung tidak berubah.",
    "Jenjang hanya untuk Jenis Jabatan Fungsional. Status kosong berarti Aktif.",
    "Kolom tidak wajib yang tidak ada di file tidak diubah (mis. ekspor SIASN tanpa atasan, "
    "email dan jenjang): datanya di sistem tetap. Sel kosong pada kolom yang ada "
    "mengosongkan data itu; pratinjau impor menyebutkan jumlahnya sebelum diterapkan.",
]


def _tulis_petunjuk(lembar) -> None:
    lembar.column_dimensions["A"].width = 120
    for baris in PETUNJUK:
        lembar.append([baris])


def _tulis_pilihan(lembar) -> None:
    pilihan = _daftar_pilihan()
    lembar.append(list(pilihan))
    panjang = max(len(v) for v in pilihan.values())
    for i in range(panjang):
        lembar.append([v[i] if i < len(v) else None for v in pilihan.values()])
