"""The Form SKP as an .xlsx workbook: the same content as the PDF, safe to open in Excel, in
the layout of the SKP's profile (`Profil.lembar_xlsx`: the 8/2021 form, or the 6/2022 one
with its PERILAKU KERJA and a second sheet for the Lampiran).

User text never becomes a formula (a value starting with = + - @ is stored as text), and NIP
cells are text formatted as text: Excel keeps 15 significant digits, an 18-digit NIP as a
number loses its last three (STACK.md)."""

from io import BytesIO
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from accounts.formatting import tanggal_panjang
from skp.cetak import Formulir, konteks_cetak
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
        kiri.append(
            f"{b.rk.teks}\n({b.rk.keterangan_penugasan})"
            if b.rk.keterangan_penugasan
            else b.rk.teks
        )
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
    """The Form SKP as a workbook in the layout of the SKP's profile."""
    return LEMBAR[dokumen.skp.profil.lembar_xlsx](dokumen)


def _xlsx_8_2021(dokumen: Dokumen) -> bytes:
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
    if dokumen.keterangan_versi:  # a submitted version's print, in the row left empty
        ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=lebar)
        tulis(ws, 4, 1, dokumen.keterangan_versi, font=Font(bold=True), alignment=_TENGAH)

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


# --- PermenPANRB 6/2022 ---------------------------------------------------------------------
#
# The form's tables (identity, HASIL KERJA, PERILAKU KERJA, Lampiran) have different columns,
# so the sheet is a grid of ten columns and each table's columns span some of them. Excel and
# LibreOffice never fit a row's height to a merged cell's wrapped text: the height of every
# row is set from the text it holds (`Lembar.tinggi`).

_GRID = [5, 20, 14, 16, 18, 10, 20, 14, 16, 18]
_KIRI, _KANAN = (2, 5), (7, 10)  # the two sides: pegawai, pejabat penilai (signatures too)
# Grid columns each HASIL KERJA column spans, by the table's columns (skp.cetak.Formulir.kolom).
_RENTANG_HASIL_KERJA = {
    ("no", "intervensi", "rhk", "aspek", "iki", "target"): [1, 2, 2, 1, 3, 1],
    ("no", "intervensi", "rhk", "ukuran"): [1, 2, 2, 5],
    ("no", "rhk", "iki", "target", "perspektif"): [1, 3, 4, 1, 1],
    ("no", "rhk", "ukuran", "perspektif"): [1, 3, 5, 1],
    ("no", "rhk", "iki", "target"): [1, 3, 5, 1],
    ("no", "rhk", "ukuran"): [1, 3, 6],
}
_TINGGI_BARIS = 15  # points per line of 11 pt text
_TINGGI_MAKS = 409  # Excel's highest row (points)
_KIRI_ATAS = Alignment(wrap_text=True, vertical="top", horizontal="left")


class Lembar:
    """One sheet of the 6/2022 form on the grid: cells that span grid columns (and rows),
    boxed or not, each remembering how many lines of text its row needs."""

    def __init__(self, ws):
        self.ws = ws
        self.baris_perlu: dict[int, int] = {}
        self.rentang_perlu: list[tuple[int, int, int]] = []
        for i, width in enumerate(_GRID, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    def sel(self, baris, awal, akhir, nilai, *, sampai=None, kotak=True, teks=False, **gaya):
        """Write `nilai` into grid columns `awal`–`akhir` of `baris` (down to row `sampai`)."""
        sampai = sampai or baris
        gaya.setdefault("alignment", _KIRI_ATAS)
        tulis(self.ws, baris, awal, nilai, teks=teks, **gaya)
        if akhir > awal or sampai > baris:
            self.ws.merge_cells(
                start_row=baris, start_column=awal, end_row=sampai, end_column=akhir
            )
        if kotak:
            for row in self.ws.iter_rows(
                min_row=baris, max_row=sampai, min_col=awal, max_col=akhir
            ):
                for cell in row:
                    cell.border = _KOTAK
        lebar = sum(_GRID[awal - 1 : akhir])
        perlu = _jumlah_baris_teks(nilai, lebar, gaya.get("font"))
        if sampai == baris:
            self.baris_perlu[baris] = max(self.baris_perlu.get(baris, 1), perlu)
        else:
            self.rentang_perlu.append((baris, sampai, perlu))

    def tinggi(self):
        """Set each written row's height; a cell spanning rows (an RHK over its IKI rows)
        that needs more lines than its rows give gets them on its last row."""
        for awal, akhir, perlu in self.rentang_perlu:
            ada = sum(self.baris_perlu.get(r, 1) for r in range(awal, akhir + 1))
            if perlu > ada:
                self.baris_perlu[akhir] = self.baris_perlu.get(akhir, 1) + perlu - ada
        for baris, perlu in self.baris_perlu.items():
            self.ws.row_dimensions[baris].height = min(_TINGGI_MAKS, perlu * _TINGGI_BARIS + 3)


def _jumlah_baris_teks(nilai, lebar: int, font) -> int:
    """Lines `nilai` wraps into in a cell `lebar` characters wide: an estimate on the safe
    side (a column's width counts digits of the default font; prose runs about a tenth
    narrower, and a word that does not fit moves whole to the next line)."""
    if nilai is None:
        return 1
    skala = (font.sz or 11) / 11 if font is not None else 1
    per_baris = max(1, int(lebar * 1.05 / skala))
    return sum(max(1, math.ceil(len(p) / per_baris)) for p in str(nilai).split("\n"))


def _kop_6_2022(lembar: Lembar, formulir: Formulir, judul: list[str], baris: int) -> int:
    """The title lines, instansi and periode penilaian and the numbered identity table; a
    submitted version's print says which version in the row under the title lines."""
    for i, teks in enumerate(judul):
        ukuran = 13 if i == 0 else 11
        lembar.sel(
            baris, 1, 10, teks, kotak=False, font=Font(bold=True, size=ukuran), alignment=_TENGAH
        )
        baris += 1
    if keterangan := formulir.dokumen.keterangan_versi:
        lembar.sel(baris, 1, 10, keterangan, kotak=False, font=Font(bold=True), alignment=_TENGAH)
    baris += 1
    lembar.sel(baris, 1, 5, formulir.dokumen.instansi, kotak=False, font=Font(bold=True))
    lembar.sel(
        baris,
        6,
        10,
        formulir.dokumen.periode_penilaian,
        kotak=False,
        font=Font(bold=True),
        alignment=Alignment(horizontal="right", vertical="top", wrap_text=True),
    )
    baris += 1
    tebal = {"font": Font(bold=True), "fill": _ABU, "alignment": _TENGAH}
    lembar.sel(baris, 1, 1, "NO", **tebal)
    lembar.sel(baris, *_KIRI, "PEGAWAI YANG DINILAI", **tebal)
    lembar.sel(baris, 6, 6, "NO", **tebal)
    lembar.sel(baris, *_KANAN, "PEJABAT PENILAI KINERJA", **tebal)
    for b in formulir.identitas:
        baris += 1
        lembar.sel(baris, 1, 1, b.nomor, alignment=_TENGAH)
        lembar.sel(baris, 2, 2, b.label, font=Font(bold=True))
        lembar.sel(baris, 3, 5, b.pegawai, teks=b.is_nip)
        lembar.sel(baris, 6, 6, b.nomor, alignment=_TENGAH)
        lembar.sel(baris, 7, 7, b.label_pejabat, font=Font(bold=True))
        lembar.sel(baris, 8, 10, b.pejabat, teks=b.is_nip)
    return baris + 2


def _hasil_kerja_6_2022(lembar: Lembar, dokumen: Dokumen, formulir: Formulir, baris: int):
    """HASIL KERJA: its band, heads and column numbers (the rows repeated on each printed
    page, returned as the first and last), then UTAMA and TAMBAHAN."""
    kolom = formulir.kolom
    rentang, awal = {}, 1
    for k, lebar in zip(kolom, _RENTANG_HASIL_KERJA[tuple(k.kode for k in kolom)], strict=True):
        rentang[k.kode] = (awal, awal + lebar - 1)
        awal += lebar
    kepala = baris
    lembar.sel(baris, 1, 10, "HASIL KERJA", font=Font(bold=True), fill=_ABU)
    for nomor, k in enumerate(kolom, start=1):
        a, z = rentang[k.kode]
        judul = {"font": Font(bold=True, size=9), "fill": _ABU, "alignment": _TENGAH}
        lembar.sel(baris + 1, a, z, k.judul, **judul)
        lembar.sel(baris + 2, a, z, f"({nomor})", font=Font(size=8), alignment=_TENGAH)
    baris += 3
    for judul, daftar in [("UTAMA", dokumen.utama), ("TAMBAHAN", dokumen.tambahan)]:
        lembar.sel(baris, 1, 10, judul, font=Font(bold=True), fill=_ABU_MUDA)
        baris += 1
        if not daftar:
            lembar.sel(baris, 1, 10, f"Tidak ada {dokumen.istilah.rk}.", font=Font(italic=True))
            baris += 1
        for b in daftar:
            baris = _rhk_6_2022(lembar, dokumen, b, rentang, baris)
    return kepala, kepala + 2, baris


def _rhk_6_2022(lembar: Lembar, dokumen: Dokumen, b: Baris, rentang: dict, baris: int) -> int:
    """One RHK: its cells span its IKI rows (kuantitatif) or hold its narrative (kualitatif)."""
    rk = b.rk
    teks_rk = rk.teks
    if rk.keterangan_penugasan:
        teks_rk += f"\n({rk.keterangan_penugasan})"
    baris_iki = [None] if dokumen.is_kualitatif else (b.indikator or [None])
    akhir = baris + len(baris_iki) - 1
    kiri = {"no": b.nomor, "intervensi": _intervensi(b), "rhk": teks_rk}
    if "perspektif" in rentang:
        kiri["perspektif"] = rk.get_perspektif_display() or "–"
    if dokumen.is_kualitatif:
        kiri["ukuran"] = rk.ukuran_keberhasilan or "Belum ada ukuran keberhasilan"
    for kode, isi in kiri.items():
        if kode in rentang:
            a, z = rentang[kode]
            lembar.sel(
                baris, a, z, isi, sampai=akhir, alignment=_TENGAH if kode == "no" else _KIRI_ATAS
            )
    for i, iki in enumerate(baris_iki):
        if dokumen.is_kualitatif:
            break
        kanan = (
            {"aspek": "", "iki": "Belum ada indikator", "target": ""}
            if iki is None
            else {"aspek": iki.get_aspek_display(), "iki": iki.teks, "target": iki.target_tampil}
        )
        for kode, isi in kanan.items():
            if kode in rentang:
                lembar.sel(baris + i, *rentang[kode], isi)
    return akhir + 1


def _perilaku_6_2022(lembar: Lembar, formulir: Formulir, baris: int) -> int:
    lembar.sel(baris, 1, 10, "PERILAKU KERJA", font=Font(bold=True), fill=_ABU)
    for b in formulir.perilaku:
        baris += 1
        lembar.sel(baris, 1, 1, b.nilai.nomor, alignment=_TENGAH)
        lembar.sel(baris, 2, 2, b.nilai.nama, font=Font(bold=True))
        panduan = "\n".join(f"{i}. {p}" for i, p in enumerate(b.nilai.panduan, start=1))
        lembar.sel(baris, 3, 6, panduan)
        lembar.sel(baris, 7, 10, "Ekspektasi Khusus Pimpinan:\n" + (b.teks.strip() or "–"))
    return baris + 2


def _tanda_tangan_6_2022(lembar: Lembar, formulir: Formulir, konteks: dict, baris: int) -> int:
    h = konteks["dokumen"].header
    pejabat = h.pejabat_penilai
    tengah = {"kotak": False, "alignment": _TENGAH}
    tanggal = f"{konteks['tempat']}, {tanggal_panjang(konteks['tanggal'])}"
    lembar.sel(baris, *_KANAN, tanggal, **tengah)
    lembar.sel(baris + 1, *_KIRI, "Pegawai yang Dinilai", **tengah)
    lembar.sel(baris + 1, *_KANAN, "Pejabat Penilai Kinerja", **tengah)
    baris += 5
    nama = {**tengah, "font": Font(bold=True, underline="single")}
    lembar.sel(baris, *_KIRI, h.pegawai.nama, **nama)
    lembar.sel(
        baris, *_KANAN, pejabat.nama if pejabat else "( ............................ )", **nama
    )
    nip_kiri = f"{formulir.label_nip_pegawai} {h.pegawai.nip}"
    nip_kanan = f"{formulir.label_nip_pejabat} {pejabat.nip}" if pejabat else "NIP ......"
    lembar.sel(baris + 1, *_KIRI, nip_kiri, teks=True, **tengah)
    lembar.sel(baris + 1, *_KANAN, nip_kanan, teks=True, **tengah)
    return baris + 2


def _cetak_halaman(ws, judul_baris: str | None = None) -> None:
    if judul_baris:
        ws.print_title_rows = judul_baris
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _xlsx_6_2022(dokumen: Dokumen) -> bytes:
    """The 6/2022 form: the SKP on one sheet (title lines, instansi and periode penilaian,
    identity, HASIL KERJA with its head repeated on each printed page, PERILAKU KERJA,
    signatures) and its Lampiran on a second, as the PDF has them."""
    konteks = konteks_cetak(dokumen)
    formulir: Formulir = konteks["formulir"]
    skp = dokumen.skp
    wb = Workbook()
    ws = wb.active
    ws.title = f"SKP {skp.periode.tahun}"
    lembar = Lembar(ws)
    baris = _kop_6_2022(lembar, formulir, dokumen.judul, 1)
    status = f"Status SKP: {konteks['status']}"
    if konteks["is_draf"]:
        status += " (DRAF, belum ditetapkan)"
    lembar.sel(baris - 1, 1, 10, status, kotak=False, font=Font(italic=True, size=9))
    kepala, kepala_akhir, baris = _hasil_kerja_6_2022(lembar, dokumen, formulir, baris)
    if konteks["ada_intervensi_bebas"]:
        catatan = (
            f"* {dokumen.istilah.intervensi_singkat.capitalize()} ditulis bebas oleh pegawai "
            f"karena {dokumen.istilah.pemberi_intervensi} belum memiliki SKP di sistem."
        )
        lembar.sel(baris, 1, 10, catatan, kotak=False, font=Font(italic=True, size=9))
        baris += 1
    baris = _perilaku_6_2022(lembar, formulir, baris + 1)
    baris = _tanda_tangan_6_2022(lembar, formulir, konteks, baris)
    tulis_verifikasi(ws, konteks["verifikasi"], baris + 1)
    lembar.tinggi()
    _cetak_halaman(ws, f"{kepala}:{kepala_akhir}")

    ws = wb.create_sheet("Lampiran")
    lembar = Lembar(ws)
    baris = _kop_6_2022(lembar, formulir, ["LAMPIRAN SASARAN KINERJA PEGAWAI"], 1)
    for daftar in formulir.lampiran:
        lembar.sel(baris, 1, 10, daftar.judul.upper(), font=Font(bold=True), fill=_ABU)
        baris += 1
        for nomor, butir in enumerate(daftar.butir, start=1):
            lembar.sel(baris, 1, 1, nomor, alignment=_TENGAH)
            lembar.sel(baris, 2, 10, butir.teks)
            baris += 1
        if not daftar.butir:
            lembar.sel(baris, 1, 1, "–", alignment=_TENGAH)
            lembar.sel(baris, 2, 10, "–")
            baris += 1
    _tanda_tangan_6_2022(lembar, formulir, konteks, baris + 1)
    lembar.tinggi()
    _cetak_halaman(ws)
    out = BytesIO()
    wb.save(out)
    wb.close()
    return out.getvalue()


_ABU_MUDA = PatternFill("solid", fgColor="F2F2F2")

# The layouts, by `Profil.lembar_xlsx`.
LEMBAR = {"8_2021": _xlsx_8_2021, "6_2022": _xlsx_6_2022}
