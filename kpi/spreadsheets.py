"""The matriks as an .xlsx: members down, the ketua tim's results across, N/A cells.
Formula-safe: every text cell is stored as a string, so `=…` typed by a user stays text."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kpi.dokumen import GridMatriks, SelGrid

_TIPIS = Side(style="thin", color="999999")
_KOTAK = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_ATAS = Alignment(vertical="top", wrap_text=True)
_JUDUL = PatternFill("solid", fgColor="DDE6F0")
_NA = PatternFill("solid", fgColor="EEEEEE")


def _tulis(ws, row: int, col: int, value, *, bold=False, fill=None, teks=True):
    cell = ws.cell(row=row, column=col, value=value)
    if teks and value is not None:
        cell.data_type = "s"  # never a live formula, whatever the user typed
        cell.number_format = "@"
    cell.alignment, cell.border = _ATAS, _KOTAK
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = fill
    return cell


def _isi_sel(s: SelGrid) -> str:
    if s.is_na:
        return "N/A"
    baris = []
    for p in s.peran_hasil:
        target = f" (target: {p.target_tampil})" if p.target is not None else ""
        baris.append(f"• {p.teks}{target}")
    return "\n".join(baris)


def matriks_xlsx(grid: GridMatriks) -> bytes:
    """The workbook's bytes."""
    m = grid.matriks
    wb = Workbook()
    ws = wb.active
    ws.title = "Matriks Peran-Hasil"
    ws.cell(row=1, column=1, value="MATRIKS PERAN HASIL").font = Font(bold=True, size=13)
    _tulis(ws, 2, 1, f"{m.nama} · Periode {m.periode.tahun}").border = Border()
    tetap = 3  # Nama, NIP, Jabatan
    akhir = tetap + max(1, len(grid.kolom))
    _tulis(ws, 4, 1, "NAMA DAN JABATAN PEGAWAI", bold=True, fill=_JUDUL)
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=tetap)
    _tulis(
        ws,
        4,
        tetap + 1,
        "INTERMEDIATE OUTCOME / PRODUK DAN/ATAU LAYANAN TIM KERJA PADA UNIT KERJA",
        bold=True,
        fill=_JUDUL,
    )
    if akhir > tetap + 1:
        ws.merge_cells(start_row=4, start_column=tetap + 1, end_row=4, end_column=akhir)
    _tulis(ws, 5, 1, f"KETUA TIM KERJA: {m.ketua.nama_lengkap}", bold=True, fill=_JUDUL)
    _tulis(ws, 5, 2, m.ketua.nip, bold=True, fill=_JUDUL)
    _tulis(ws, 5, 3, m.ketua.jabatan, bold=True, fill=_JUDUL)
    for i, kolom in enumerate(grid.kolom, start=tetap + 1):
        _tulis(ws, 5, i, kolom.teks, bold=True, fill=_JUDUL)
    for r, baris in enumerate(grid.baris, start=6):
        p = baris.anggota.pegawai
        _tulis(ws, r, 1, p.nama_lengkap)
        _tulis(ws, r, 2, p.nip)
        _tulis(ws, r, 3, p.jabatan)
        for i, s in enumerate(baris.sel, start=tetap + 1):
            _tulis(ws, r, i, _isi_sel(s), fill=_NA if s.is_na else None)
    for col, lebar in enumerate([30, 21, 28], start=1):
        ws.column_dimensions[get_column_letter(col)].width = lebar
    for col in range(tetap + 1, akhir + 1):
        ws.column_dimensions[get_column_letter(col)].width = 40
    ws.freeze_panes = ws.cell(row=6, column=tetap + 1)
    out = BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()
