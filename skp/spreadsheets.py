"""The Form SKP as an .xlsx workbook: the same content as the PDF, safe to open in Excel.

User text never becomes a formula (a value starting with = + - @ is stored as text), and NIP
cells are text formatted as text: Excel keeps 15 significant digits, an 18-digit NIP as a
number loses its last three (STACK.md)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from accounts.formatting import tanggal_panjang
from skp.cetak import konteks_cetak
from skp.dokumen import Baris, Dokumen

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_TIPIS = Side(style="thin", color="000000")
_KOTAK = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_ABU = PatternFill("solid", fgColor="E8E8E8")
_BUNGKUS = Alignment(wrap_text=True, vertical="top")
_TENGAH = Alignment(wrap_text=True, vertical="center", horizontal="center")

KOLOM_NON_JPT = [
    ("NO", 5),
    ("RENCANA KINERJA ATASAN LANGSUNG YANG DIINTERVENSI", 38),
    ("RENCANA KINERJA", 40),
    ("ASPEK", 12),
    ("INDIKATOR KINERJA INDIVIDU", 45),
    ("TARGET", 20),
]
KOLOM_JPT = [("NO", 5), ("RENCANA KINERJA", 55), ("INDIKATOR KINERJA INDIVIDU", 60), ("TARGET", 20)]


def tulis(ws, baris: int, kolom: int, nilai, *, teks: bool = False, **gaya):
    """Write one cell; user text is forced to a string cell so Excel never evaluates it."""
    cell = ws.cell(row=baris, column=kolom, value=nilai)
    if isinstance(nilai, str) and (teks or nilai.startswith(_FORMULA_PREFIXES)):
        cell.data_type = "s"
    if teks:
        cell.number_format = "@"
    for nama, isi in gaya.items():
        setattr(cell, nama, isi)
    return cell


def _kepala(ws, dokumen: Dokumen, baris: int, lebar: int) -> int:
    h = dokumen.header
    pejabat = h.pejabat_penilai
    tengah = lebar // 2
    ws.merge_cells(start_row=baris, start_column=1, end_row=baris, end_column=tengah)
    ws.merge_cells(start_row=baris, start_column=tengah + 1, end_row=baris, end_column=lebar)
    tulis(ws, baris, 1, "PEGAWAI YANG DINILAI", font=Font(bold=True), alignment=_TENGAH)
    tulis(ws, baris, tengah + 1, "PEJABAT PENILAI KINERJA", font=Font(bold=True), alignment=_TENGAH)
    rows = [
        ("Nama", h.pegawai.nama, pejabat.nama if pejabat else "–"),
        ("NIP", h.pegawai.nip, pejabat.nip if pejabat else "–"),
        (
            "Pangkat/Gol Ruang",
            h.pegawai.pangkat_golongan,
            pejabat.pangkat_golongan if pejabat else "–",
        ),
        ("Jabatan", h.pegawai.jabatan, pejabat.jabatan if pejabat else "–"),
        ("Unit Kerja", h.pegawai.unit_kerja, pejabat.unit_kerja if pejabat else "–"),
    ]
    for label, kiri, kanan in rows:
        baris += 1
        is_nip = label == "NIP"
        tulis(ws, baris, 1, label, font=Font(bold=True))
        ws.merge_cells(start_row=baris, start_column=2, end_row=baris, end_column=tengah)
        tulis(ws, baris, 2, kiri or "–", teks=is_nip, alignment=_BUNGKUS)
        tulis(ws, baris, tengah + 1, label, font=Font(bold=True))
        ws.merge_cells(start_row=baris, start_column=tengah + 2, end_row=baris, end_column=lebar)
        tulis(ws, baris, tengah + 2, kanan or "–", teks=is_nip, alignment=_BUNGKUS)
    return baris + 2


def _bagian(ws, dokumen: Dokumen, judul: str, daftar: list[Baris], baris: int, lebar: int) -> int:
    ws.merge_cells(start_row=baris, start_column=1, end_row=baris, end_column=lebar)
    tulis(ws, baris, 1, judul, font=Font(bold=True), fill=_ABU)
    baris += 1
    if not daftar:
        ws.merge_cells(start_row=baris, start_column=1, end_row=baris, end_column=lebar)
        tulis(ws, baris, 1, "Tidak ada rencana kinerja.", font=Font(italic=True))
        return baris + 1
    for b in daftar:
        awal = baris
        kiri = [b.nomor] if dokumen.is_jpt else [b.nomor, _intervensi(b)]
        kiri.append(b.rk.teks)
        for i, iki in enumerate(b.indikator or [None]):
            kanan = (
                ["", "Belum ada indikator", ""]
                if iki is None
                else [iki.get_aspek_display(), iki.teks, iki.target_tampil]
            )
            if dokumen.is_jpt:
                kanan = kanan[1:]
            nilai = (kiri if i == 0 else [None] * len(kiri)) + kanan
            for kolom, isi in enumerate(nilai, start=1):
                if isi is not None:
                    tulis(ws, baris, kolom, isi, alignment=_TENGAH if kolom == 1 else _BUNGKUS)
            baris += 1
        if b.rowspan > 1:
            for kolom in range(1, len(kiri) + 1):
                ws.merge_cells(
                    start_row=awal, start_column=kolom, end_row=baris - 1, end_column=kolom
                )
    return baris


def _intervensi(b: Baris) -> str:
    if not b.intervensi_teks:
        return "–"
    return f"{b.intervensi_teks} (teks bebas)" if b.intervensi_bebas else b.intervensi_teks


def xlsx_skp(dokumen: Dokumen) -> bytes:
    """The Form SKP as one sheet, A4 landscape when printed, table head repeated per page."""
    konteks = konteks_cetak(dokumen)
    skp = dokumen.skp
    kolom = KOLOM_JPT if dokumen.is_jpt else KOLOM_NON_JPT
    lebar = len(kolom)
    wb = Workbook()
    ws = wb.active
    ws.title = f"SKP {skp.periode.tahun}"
    for i, (_, width) in enumerate(kolom, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=lebar)
    tulis(ws, 1, 1, "SASARAN KINERJA PEGAWAI", font=Font(bold=True, size=13), alignment=_TENGAH)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=lebar)
    periode = skp.periode
    tulis(
        ws,
        2,
        1,
        f"PERIODE: {tanggal_panjang(periode.tanggal_mulai)} – "
        f"{tanggal_panjang(periode.tanggal_selesai)}".upper(),
        font=Font(bold=True),
        alignment=_TENGAH,
    )
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=lebar)
    model = "Form SKP JPT (model dasar)" if dokumen.is_jpt else "Form SKP JA/JF (model dasar)"
    status = " · DRAF (belum ditetapkan)" if konteks["is_draf"] else ""
    tulis(ws, 3, 1, f"{model} · Status: {konteks['status']}{status}", alignment=_TENGAH)

    baris = _kepala(ws, dokumen, 5, lebar)
    kepala_tabel = baris
    for i, (judul, _) in enumerate(kolom, start=1):
        tulis(ws, baris, i, judul, font=Font(bold=True), fill=_ABU, alignment=_TENGAH)
        tulis(ws, baris + 1, i, f"({i})", alignment=_TENGAH, font=Font(size=8))
    baris += 2
    baris = _bagian(ws, dokumen, "A. KINERJA UTAMA", dokumen.utama, baris, lebar)
    baris = _bagian(ws, dokumen, "B. KINERJA TAMBAHAN", dokumen.tambahan, baris, lebar)
    for awal, akhir in [(5, kepala_tabel - 2), (kepala_tabel, baris - 1)]:
        for row in ws.iter_rows(min_row=awal, max_row=akhir, max_col=lebar):
            for cell in row:
                cell.border = _KOTAK

    baris = _tanda_tangan(ws, dokumen, konteks, baris + 1, lebar)
    baris = tulis_verifikasi(ws, konteks["verifikasi"], baris + 2)
    ws.print_title_rows = f"{kepala_tabel}:{kepala_tabel + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.right.text = "Halaman &P dari &N"
    out = BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


def _tanda_tangan(ws, dokumen: Dokumen, konteks: dict, baris: int, lebar: int) -> int:
    h = dokumen.header
    pejabat = h.pejabat_penilai
    kanan = lebar - 1
    tulis(ws, baris, kanan, f"{konteks['tempat']}, {tanggal_panjang(konteks['tanggal'])}")
    baris += 1
    tulis(ws, baris, 2, "Pegawai yang Dinilai")
    tulis(ws, baris, kanan, "Pejabat Penilai Kinerja")
    baris += 4
    tulis(ws, baris, 2, h.pegawai.nama, font=Font(bold=True, underline="single"))
    tulis(
        ws,
        baris,
        kanan,
        pejabat.nama if pejabat else "( ............................ )",
        font=Font(bold=True, underline="single"),
    )
    baris += 1
    tulis(ws, baris, 2, f"NIP {h.pegawai.nip}", teks=True)
    tulis(
        ws, baris, kanan, f"NIP {pejabat.nip}" if pejabat else "NIP ....................", teks=True
    )
    return baris


def tulis_verifikasi(ws, verifikasi, baris: int) -> int:
    """The print's verification lines (skp/verifikasi.py) from row `baris`: the code, then the
    address of its page (a link; the PDF's QR code holds the same). Two cells of column A,
    unmerged (the text runs over the empty cells beside it); the last row written is returned."""
    tulis(ws, baris, 1, f"Kode verifikasi: {verifikasi.kode_tampil}", font=Font(size=9, bold=True))
    alamat = tulis(
        ws,
        baris + 1,
        1,
        f"Periksa keaslian dokumen ini di {verifikasi.url}",
        font=Font(size=8, color="333333"),
    )
    alamat.hyperlink = verifikasi.url
    return baris + 1
