"""Build roster workbooks for tests, in memory, the way people type them in Excel."""

import io

from openpyxl import Workbook

from accounts.spreadsheets import NAMA_KOLOM


def baris(nip: str, **kolom) -> dict:
    """A valid row; override any column by its header name (spaces as underscores)."""
    data = {
        "NIP": nip,
        "Nama": "Pegawai Impor",
        "Golongan": "III/a",
        "Jabatan": "Pranata Komputer",
        "Jenis Jabatan": "Fungsional",
        "Unit Kerja": "Universitas Contoh > Unit A",
    }
    data.update({k.replace("_", " "): v for k, v in kolom.items()})
    return data


def xlsx(rows: list[dict], header: list[str] | None = None) -> io.BytesIO:
    """A workbook with `header` (default: every canonical column) and the rows under it."""
    header = header or NAMA_KOLOM
    buku = Workbook()
    lembar = buku.active
    lembar.append(header)
    for row in rows:
        lembar.append([row.get(h) for h in header])
    berkas = io.BytesIO()
    buku.save(berkas)
    berkas.seek(0)
    return berkas


# A plain SIASN "data pegawai" export: the required columns only, under SIASN's own headers.
SIASN_POLOS = {
    "NIP": "NIP BARU",
    "Nama": "NAMA",
    "Golongan": "GOL AKHIR NAMA",
    "Jabatan": "JABATAN NAMA",
    "Jenis Jabatan": "JENIS JABATAN NAMA",
    "Unit Kerja": "UNOR NAMA",
}


def baris_ekspor(berkas: io.BytesIO) -> list[dict]:
    """The rows of an exported roster as dicts by canonical header, to edit and import again."""
    from openpyxl import load_workbook

    buku = load_workbook(berkas, read_only=True)
    rows = list(buku.worksheets[0].iter_rows(values_only=True))
    buku.close()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def siasn_polos(rows: list[dict]) -> io.BytesIO:
    """The same people as a plain SIASN export would list them."""
    return xlsx(
        [{SIASN_POLOS[k]: v for k, v in row.items() if k in SIASN_POLOS} for row in rows],
        header=list(SIASN_POLOS.values()),
    )
