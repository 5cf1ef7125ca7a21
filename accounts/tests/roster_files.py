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
