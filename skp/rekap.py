"""The rekap of one periode (seed rule 7): SKP counts per unit and state; Aktif pegawai with
no SKP submitted when penyusunan closed (tidak berkinerja); SKPs still waiting per validator
after validasi closed. The same rows feed the page, the .xlsx export and `rekap_skp`.
A fixed number of queries, however many pegawai."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
import datetime
import io

from django.db.models import Q

from accounts.models import Pegawai, UnitKerja
from periode.models import Dispensasi, Periode, Supervisi, TahapJendela, today_local
from skp.models import Skp, StatusSkp
from skp.workflow import atasan_tahap_kedua

BELUM_ADA = "belum_ada"
STATUS_REKAP = [(BELUM_ADA, "Belum ada SKP"), *StatusSkp.choices]
KOLOM_CSV = ["nip", "nama", "unit", "status", "atasan_langsung_nip", "atasan_penilai_nip"]
# Submitted at least once: Draf (or no SKP) is what "not submitted" means.
NAMA_PER_VALIDATOR = 10
SUDAH_DIAJUKAN = {
    StatusSkp.DIAJUKAN,
    StatusSkp.DIKEMBALIKAN,
    StatusSkp.DISETUJUI_ATASAN_LANGSUNG,
    StatusSkp.DITETAPKAN,
}


@dataclass
class BarisRekap:
    pegawai: Pegawai
    unit: str
    status: str
    atasan_langsung: Pegawai | None
    atasan_penilai: Pegawai | None
    skp_id: int | None
    batas_penyusunan: datetime.date
    is_tidak_berkinerja: bool = False
    validator: Pegawai | None = None  # whose step it waits for (Diajukan, Disetujui)
    tautan: str | None = None  # set for the rows a page shows: `beri_tautan`

    @property
    def status_label(self) -> str:
        return dict(STATUS_REKAP)[self.status]

    def as_csv(self) -> list[str]:
        return [
            self.pegawai.nip,
            self.pegawai.nama_lengkap,
            self.unit,
            self.status,
            self.atasan_langsung.nip if self.atasan_langsung else "",
            self.atasan_penilai.nip if self.atasan_penilai else "",
        ]


@dataclass
class Menunggu:
    """SKPs waiting for one validator's step."""

    validator: Pegawai | None
    baris: list[BarisRekap] = field(default_factory=list)
    tautan: str | None = None  # the validator's pegawai page, for whom may open it

    @property
    def tampil(self) -> list[BarisRekap]:
        """The names the page shows under the validator; the .xlsx has them all."""
        return self.baris[:NAMA_PER_VALIDATOR]

    @property
    def sisa(self) -> int:
        return max(len(self.baris) - NAMA_PER_VALIDATOR, 0)


@dataclass
class Rekap:
    periode: Periode
    baris: list[BarisRekap]
    per_unit: list[tuple[str, list[int], int]]  # unit, counts in STATUS_REKAP order, total
    total: list[int]
    is_penyusunan_ditutup: bool
    is_validasi_ditutup: bool
    menunggu: list[Menunggu]
    status_rekap: list[tuple[str, str]] = field(default_factory=lambda: STATUS_REKAP)

    @property
    def tidak_berkinerja(self) -> list[BarisRekap]:
        return [b for b in self.baris if b.is_tidak_berkinerja]

    def dengan_status(self, status: str | None) -> list[BarisRekap]:
        """The rows in one state of STATUS_REKAP (all for None)."""
        return self.baris if not status else [b for b in self.baris if b.status == status]


def lingkup_unit(lingkup: set[int] | None, unit_id: int | None) -> set[int] | None:
    """The units a rekap filtered to `unit_id` covers: that unit and its subtree, within the
    viewer's `lingkup` (None: all). No unit chosen: the whole `lingkup`."""
    if unit_id is None:
        return lingkup
    subtree = UnitKerja.objects.subtree_ids([unit_id])
    return subtree if lingkup is None else subtree & lingkup


def pilihan_unit(lingkup: set[int] | None, paths: dict[int, str]) -> list[tuple[int, str]]:
    """The units a viewer may filter the rekap by, named and sorted by full path."""
    return sorted(
        ((pk, path) for pk, path in paths.items() if lingkup is None or pk in lingkup),
        key=lambda item: item[1],
    )


def beri_tautan(pembaca: Pegawai, baris: list[BarisRekap], menunggu: list[Menunggu]) -> None:
    """Link the rows one page shows to what `pembaca` may open, in one query: a row to its
    SKP when `Skp.objects.terlihat_oleh` lets them read it, else (no SKP, or not theirs to
    read) to the pegawai's page for the admin kepegawaian, who alone opens those; a
    validator to their pegawai page, for the admin likewise. Nothing else gets a link."""
    from django.urls import reverse

    semua = [*baris, *(b for m in menunggu for b in m.tampil)]
    skp_ids = {b.skp_id for b in semua if b.skp_id}
    terbaca = set(
        Skp.objects.terlihat_oleh(pembaca).filter(pk__in=skp_ids).values_list("pk", flat=True)
        if skp_ids
        else ()
    )
    admin = pembaca.can_manage_kepegawaian

    def halaman_pegawai(p: Pegawai | None) -> str | None:
        return reverse("kepegawaian:pegawai_detail", args=[p.nip]) if admin and p else None

    for b in semua:
        if b.skp_id in terbaca:
            b.tautan = reverse("skp:detail", args=[b.skp_id])
        else:
            b.tautan = halaman_pegawai(b.pegawai)
    for m in menunggu:
        m.tautan = halaman_pegawai(m.validator)


def unit_rekap_untuk(pegawai: Pegawai) -> set[int] | None:
    """The units whose rekap `pegawai` may see: None for all (admin), else the subtrees of
    the units they head (possibly empty: no rekap). Not the SKP viewer rule, on purpose: the
    rekap is management data (names, NIP, status, who waits for whom, tidak berkinerja:
    seed rule 7 reports it to the unit's leadership) and shows no SKP content and links to
    no SKP. Whatever it ever offers to open goes through `Skp.objects.terlihat_oleh`."""
    if pegawai.can_manage_kepegawaian:
        return None
    dipimpin = UnitKerja.objects.filter(kepala=pegawai).values_list("pk", flat=True)
    return UnitKerja.objects.subtree_ids(list(dipimpin))


def _validator(
    periode: Periode, status: str, langsung: Pegawai | None, penilai: Pegawai | None
) -> Pegawai | None:
    """Whose step the SKP waits for, as the workflow decides it (skp/workflow.py)."""
    pertama = langsung or penilai
    if status == StatusSkp.DIAJUKAN:
        return pertama
    return atasan_tahap_kedua(periode, langsung, penilai) or pertama


def status_rekap_untuk(periode: Periode, ada_disetujui: bool = False) -> list[tuple[str, str]]:
    """The states the rekap of `periode` counts (its columns, its filter): on the one-step
    alur nothing ever waits for the atasan penilai, so no "Disetujui atasan langsung" that
    stays 0, unless SKPs approved before the alur changed still stand there."""
    if periode.is_dua_tahap or ada_disetujui:
        return STATUS_REKAP
    return [s for s in STATUS_REKAP if s[0] != StatusSkp.DISETUJUI_ATASAN_LANGSUNG]


def susun_rekap(
    periode: Periode, unit_ids: set[int] | None = None, today: datetime.date | None = None
) -> Rekap:
    """Rows for every pegawai the periode applies to (`Pegawai.objects.wajib_skp`: Aktif,
    appointed by then, known to the system in that periode), within `unit_ids`."""
    today = today or today_local()
    # No unit row per pegawai: units are named from `paths()`. Joining them cost 0.6 s of
    # object building at 30,000 staff, for a relation nobody read.
    pegawai_qs = Pegawai.objects.wajib_skp(periode)
    if unit_ids is not None:
        pegawai_qs = pegawai_qs.filter(unit_kerja_id__in=unit_ids)
    pegawai = list(pegawai_qs.order_by("nama", "nip"))
    # The others filter by the same rows as a subquery: 30,000 ids as parameters cost seconds.
    ids = pegawai_qs.values("pk")
    # Supervision as ids, and each atasan loaded once: not two Pegawai objects per row.
    supervisi = {
        pegawai_id: (langsung, penilai)
        for pegawai_id, langsung, penilai in Supervisi.objects.filter(
            periode=periode, pegawai_id__in=ids
        ).values_list("pegawai_id", "atasan_langsung_id", "atasan_penilai_id")
    }
    atasan_ids = {pk for pasangan in supervisi.values() for pk in pasangan if pk}
    atasan = Pegawai.objects.in_bulk(atasan_ids)
    skp = {
        pegawai_id: (pk, st)
        # By pk: after a mutasi the SKP of the new position (started last) is the one counted.
        for pegawai_id, pk, st in Skp.objects.filter(periode=periode, pegawai_id__in=ids)
        .order_by("pk")
        .values_list("pegawai_id", "pk", "status")
    }
    paths = UnitKerja.objects.paths()
    parent = dict(UnitKerja.objects.values_list("pk", "induk_id"))
    # Dispensasi of penyusunan, per pegawai and per unit (inherited by the units below).
    per_pegawai, per_unit = {}, {}
    for d in Dispensasi.objects.filter(periode=periode, tahap=TahapJendela.PENYUSUNAN).filter(
        Q(pegawai_id__in=ids) | Q(unit_kerja__isnull=False)
    ):
        target = per_pegawai if d.pegawai_id else per_unit
        key = d.pegawai_id or d.unit_kerja_id
        target[key] = max(target.get(key, d.berlaku_sampai), d.berlaku_sampai)

    def batas(p: Pegawai) -> datetime.date:
        sampai = max(periode.penyusunan_selesai, per_pegawai.get(p.pk, periode.penyusunan_selesai))
        unit, seen = p.unit_kerja_id, set()
        while unit is not None and unit not in seen:
            seen.add(unit)
            sampai = max(sampai, per_unit.get(unit, sampai))
            unit = parent.get(unit)
        return sampai

    baris = []
    for p in pegawai:
        langsung_id, penilai_id = supervisi.get(p.pk, (None, None))
        skp_id, st = skp.get(p.pk, (None, BELUM_ADA))
        b = BarisRekap(
            pegawai=p,
            unit=paths.get(p.unit_kerja_id, ""),
            status=st,
            atasan_langsung=atasan.get(langsung_id),
            atasan_penilai=atasan.get(penilai_id),
            skp_id=skp_id,
            batas_penyusunan=batas(p),
        )
        b.is_tidak_berkinerja = today > b.batas_penyusunan and st not in SUDAH_DIAJUKAN
        baris.append(b)

    status_rekap = status_rekap_untuk(
        periode, any(b.status == StatusSkp.DISETUJUI_ATASAN_LANGSUNG for b in baris)
    )
    kolom = [value for value, _ in status_rekap]
    hitung: dict[str, Counter] = defaultdict(Counter)
    for b in baris:
        hitung[b.unit or "(tanpa unit)"][b.status] += 1
    per_unit_rows = [
        (unit, [c[k] for k in kolom], sum(c.values())) for unit, c in sorted(hitung.items())
    ]
    total = [sum(row[1][i] for row in per_unit_rows) for i in range(len(kolom))]

    menunggu: dict[int | None, Menunggu] = {}
    for b in baris:
        if b.status in (StatusSkp.DIAJUKAN, StatusSkp.DISETUJUI_ATASAN_LANGSUNG):
            v = b.validator = _validator(periode, b.status, b.atasan_langsung, b.atasan_penilai)
            menunggu.setdefault(v.pk if v else None, Menunggu(v)).baris.append(b)
    return Rekap(
        periode=periode,
        baris=baris,
        per_unit=per_unit_rows,
        total=total,
        is_penyusunan_ditutup=today > periode.penyusunan_selesai,
        is_validasi_ditutup=today > periode.validasi_selesai,
        menunggu=sorted(menunggu.values(), key=lambda m: m.validator.nama if m.validator else "~"),
        status_rekap=status_rekap,
    )


def _teks(cell, value) -> None:
    """Write user text so that a leading = + - @ never becomes a live formula."""
    cell.value = value
    cell.data_type = "s"


# Excel's column width is in characters of the default font; a little more for bold headers,
# and a cap so a long unit path wraps instead of pushing the sheet off the page.
LEBAR_MIN, LEBAR_MAKS = 8, 60


def _siapkan_cetak(
    sheet, baris_judul: str, satu_halaman: bool = False, kop: str = "", dibuat: str = ""
) -> None:
    """A4 landscape, fitted to the page width, the header rows repeated on every page; with
    `satu_halaman`, the whole sheet on one page. Every printed page carries `kop` (which
    rekap, which sheet) in its header, and when it was made and "Halaman n dari m" in its
    footer: loose pages of a long list still say what and where they are."""
    for kepala in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
        kepala.left.text = _kode_kop(kop)
        kepala.left.size = 8
    for kaki in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        kaki.left.text = _kode_kop(dibuat)
        kaki.left.size = 8
        kaki.right.text = "Halaman &P dari &N"
        kaki.right.size = 8
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if satu_halaman else 0
    sheet.print_title_rows = baris_judul
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def _kode_kop(teks: str) -> str:
    """Text for a print header or footer: "&" starts a code there (&P, &N), so it is doubled."""
    return teks.replace("&", "&&")


def _rentang(mulai: datetime.date, selesai: datetime.date) -> str:
    from accounts.formatting import tanggal_panjang

    return f"{tanggal_panjang(mulai)} s.d. {tanggal_panjang(selesai)} pukul 23.59 WITA"


def waktu_dibuat(waktu: datetime.datetime | None = None) -> str:
    """`2 Desember 2026 pukul 08.05 WITA`: when an export was made, in the periode's time."""
    from django.utils import timezone

    from accounts.formatting import tanggal_panjang

    waktu = timezone.localtime(waktu or timezone.now())
    return f"{tanggal_panjang(waktu)} pukul {waktu:%H.%M} WITA"


def _lebar_kolom(sheet, lebar: dict[int, int] | None = None, dari_baris: int = 1) -> None:
    """Each column as wide as its longest value (capped; the longer cells wrap). `lebar`:
    the lengths counted while writing (a second pass over 30,000 rows cost a second),
    else measured from `dari_baris` on."""
    from openpyxl.utils import get_column_letter

    if lebar is None:
        lebar = {}
        for row in sheet.iter_rows(min_row=dari_baris):
            for cell in row:
                if cell.value is not None:
                    _ukur(lebar, cell, str(cell.value))
    for col, n in lebar.items():
        sheet.column_dimensions[get_column_letter(col)].width = max(LEBAR_MIN, min(n, LEBAR_MAKS))


def _ukur(lebar: dict[int, int], cell, teks: str) -> None:
    from openpyxl.styles import Alignment

    panjang = len(teks) + (2 if cell.font and cell.font.b else 1)
    lebar[cell.column] = max(lebar.get(cell.column, 0), panjang)
    if panjang > LEBAR_MAKS:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


# The Ringkasan's rows above its table: title, scope, the two windows, when it was made.
BARIS_KEPALA_RINGKASAN = 6


def rekap_xlsx(
    rekap: Rekap,
    status: str | None = None,
    unit: str | None = None,
    waktu: datetime.datetime | None = None,
) -> bytes:
    """The rekap as a workbook: Ringkasan (with the periode's windows and when it was made),
    Pegawai (in `status` only, when given), Tidak berkinerja, Menunggu validasi (each atasan
    by NIP and name). Ready to send and print: columns as wide as their text, frozen header
    rows with an autofilter, NIP as text (never 1.99E+17), A4 landscape fitted to the width
    with the header repeated, the Ringkasan on one page, every page headed with the rekap
    and numbered "Halaman n dari m"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    bungkus = Alignment(wrap_text=True, vertical="top")
    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    lingkup = unit + " beserta unit di bawahnya" if unit else "Semua unit dalam lingkup"
    if status:
        lingkup += f" · lembar Pegawai: status {dict(STATUS_REKAP)[status]}"
    periode = rekap.periode
    dibuat = waktu_dibuat(waktu)
    judul = f"Rekap SKP periode {periode.tahun}"
    ws.append([judul])
    _teks(ws.cell(row=2, column=1), lingkup)
    ws.append(
        [f"Jendela penyusunan: {_rentang(periode.penyusunan_mulai, periode.penyusunan_selesai)}"]
    )
    ws.append([f"Jendela validasi: {_rentang(periode.validasi_mulai, periode.validasi_selesai)}"])
    ws.append([f"Dibuat {dibuat}; dispensasi perorangan atau unit dapat memperpanjang jendela."])
    for baris in range(2, BARIS_KEPALA_RINGKASAN):
        ws.cell(row=baris, column=1).font = Font(size=9)
    kepala = BARIS_KEPALA_RINGKASAN
    ws.append(["Unit kerja", *[label for _, label in rekap.status_rekap], "Jumlah"])
    for unit_nama, counts, jumlah in rekap.per_unit:
        ws.append([None, *counts, jumlah])
        _teks(ws.cell(row=ws.max_row, column=1), unit_nama)
    ws.append(["Jumlah", *rekap.total, sum(rekap.total)])
    for cell in ws[kepala]:
        cell.font = bold
    for cell in ws[ws.max_row]:
        cell.font = bold
    _lebar_kolom(ws, dari_baris=kepala)
    ws["A1"].font = Font(bold=True, size=13)
    ws.freeze_panes = f"B{kepala + 1}"
    ws.auto_filter.ref = (
        f"A{kepala}:{ws.cell(row=max(ws.max_row - 1, kepala), column=ws.max_column).coordinate}"
    )
    kop = f"{judul} · {lingkup}"
    _siapkan_cetak(ws, f"1:{kepala}", satu_halaman=True, kop=kop, dibuat=f"Dibuat {dibuat}")

    def lembar_pegawai(judul_lembar: str, rows: list[BarisRekap], validator: bool = False):
        sheet = wb.create_sheet(judul_lembar)
        head = [
            "NIP",
            "Nama",
            "Unit kerja",
            "Status",
            "NIP atasan langsung",
            "Nama atasan langsung",
            "NIP atasan penilai",
            "Nama atasan penilai",
        ]
        sheet.append((["Validator", "NIP validator"] if validator else []) + head)
        nip_kolom = {i for i, h in enumerate(sheet[1], start=1) if h.value.startswith("NIP")}
        lebar: dict[int, int] = {}
        for cell in sheet[1]:
            cell.font = bold
            _ukur(lebar, cell, cell.value)
        for row, b in enumerate(rows, start=2):
            values = [
                b.pegawai.nip,
                b.pegawai.nama_lengkap,
                b.unit,
                b.status_label,
                b.atasan_langsung.nip if b.atasan_langsung else "",
                b.atasan_langsung.nama_lengkap if b.atasan_langsung else "",
                b.atasan_penilai.nip if b.atasan_penilai else "",
                b.atasan_penilai.nama_lengkap if b.atasan_penilai else "",
            ]
            if validator:
                v = b.validator
                values = [v.nama_lengkap if v else "", v.nip if v else "", *values]
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=col)
                _teks(cell, value)
                panjang = len(value) + 1
                if panjang > lebar[col]:
                    lebar[col] = panjang
                if panjang > LEBAR_MAKS:
                    cell.alignment = bungkus
                if col in nip_kolom:
                    cell.number_format = "@"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        _lebar_kolom(sheet, lebar)
        _siapkan_cetak(sheet, "1:1", kop=f"{judul} · {judul_lembar}", dibuat=f"Dibuat {dibuat}")
        return sheet

    lembar_pegawai("Pegawai", rekap.dengan_status(status))
    lembar_pegawai("Tidak berkinerja", rekap.tidak_berkinerja)
    rows = [b for m in rekap.menunggu for b in m.baris]
    lembar_pegawai("Menunggu validasi", rows, validator=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
