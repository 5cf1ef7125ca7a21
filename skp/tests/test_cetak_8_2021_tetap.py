"""The 8/2021 prints stay exactly as they are (issue 15.8): whatever the 6/2022 profile adds,
a periode under PermenPANRB 8/2021 prints the seed's forms unchanged. The HTML WeasyPrint
renders (CSS included) and every cell, merge and number format of the .xlsx are pinned in
skp/tests/golden/. The PDF bytes themselves are not: they follow the fonts Debian ships, and
the same HTML always gives the same PDF on one machine (skp/cetak.py).

The verification block every print carries (its QR code and code follow the SKP's id and
SECRET_KEY: skp/verifikasi.py) is cut out before the comparison, in the HTML between its
marker comments and in the .xlsx its two cells; the rest must equal the golden files byte for
byte, and a test below shows the block is there.

After a change that is meant to alter these prints, regenerate with
`PERBARUI_GOLDEN=1 pytest skp/tests/test_cetak_8_2021_tetap.py` and read the diff."""

import datetime
from decimal import Decimal
from io import BytesIO
import json
import os
from pathlib import Path
import re

from django.utils import timezone
from openpyxl import load_workbook
import pytest
import time_machine

from accounts.tests.factories import buat_pegawai, buat_unit
from periode.models import Periode, ProfilRegulasi
from periode.services import tetapkan_supervisi
from skp.cetak import html_skp
from skp.dokumen import susun_dokumen
from skp.models import Skp, StatusSkp
from skp.spreadsheets import xlsx_skp
from skp.tests.cetak_data import buat_skp_jpt, buat_skp_staf, isi_rk
from skp.verifikasi import tanda_verifikasi

GOLDEN = Path(__file__).parent / "golden"
PERBARUI = bool(os.environ.get("PERBARUI_GOLDEN"))


@pytest.fixture
def upt(db, settings):
    settings.SKP_TEMPAT_TTD = "Singaraja"
    settings.SKP_ALAMAT_SITUS = "https://skp.undiksha.ac.id"
    periode = Periode.objects.create(
        tahun=2022,
        profil_regulasi=ProfilRegulasi.PERMENPANRB_8_2021,
        tanggal_mulai=datetime.date(2022, 1, 1),
        tanggal_selesai=datetime.date(2022, 12, 31),
        penyusunan_mulai=datetime.date(2022, 5, 20),
        penyusunan_selesai=datetime.date(2022, 5, 27),
        validasi_mulai=datetime.date(2022, 5, 27),
        validasi_selesai=datetime.date(2022, 5, 31),
    )
    root = buat_unit("Universitas Pendidikan Ganesha")
    upt = buat_unit("UPT TIK", root)
    divisi = buat_unit("Divisi Sistem Informasi", upt)
    orang = {
        "warek": buat_pegawai(
            "I Gede Wira Bakti",
            nip="197203041998021001",
            gelar_depan="Dr.",
            gelar_belakang="S.T., M.T.",
            golongan="IV/c",
            jabatan="Wakil Rektor Bidang Umum dan Keuangan",
            unit_kerja=root,
        ),
        "kepala_upt": buat_pegawai(
            "I Ketut Resika Arthana",
            nip="198412012012121002",
            gelar_belakang="S.T., M.Kom",
            golongan="III/d",
            jabatan="Kepala UPT TIK",
            unit_kerja=upt,
        ),
        "kepala_divisi": buat_pegawai(
            "I Made Agus Wirawan",
            nip="198703222010121003",
            gelar_belakang="S.Kom., M.Cs.",
            golongan="III/c",
            jabatan="Kepala Divisi Sistem Informasi",
            unit_kerja=divisi,
        ),
        "staf": buat_pegawai(
            "Kadek Yota Ernanda Aryanto",
            nip="199105172019031012",
            gelar_belakang="S.Kom., M.T.",
            golongan="III/b",
            jabatan="Pranata Komputer Ahli Pertama",
            unit_kerja=divisi,
        ),
    }
    for unit, kepala in [(root, "warek"), (upt, "kepala_upt"), (divisi, "kepala_divisi")]:
        unit.kepala = orang[kepala]
        unit.save(update_fields=["kepala"])
    tetapkan_supervisi(
        orang["kepala_upt"], periode, atasan_langsung=orang["warek"], atasan_penilai=None
    )
    tetapkan_supervisi(
        orang["kepala_divisi"],
        periode,
        atasan_langsung=orang["kepala_upt"],
        atasan_penilai=orang["warek"],
    )
    tetapkan_supervisi(
        orang["staf"],
        periode,
        atasan_langsung=orang["kepala_divisi"],
        atasan_penilai=orang["kepala_upt"],
    )
    return periode, orang


def _diajukan(skp: Skp, status=StatusSkp.DITETAPKAN) -> Skp:
    skp.status = status
    skp.diajukan_pada = timezone.make_aware(datetime.datetime(2022, 5, 25, 10, 30))
    skp.save(update_fields=["status", "diajukan_pada"])
    return skp


def _skp(nama: str, periode, orang) -> Skp:
    if nama == "jpt":
        return _diajukan(buat_skp_jpt(orang["kepala_upt"], periode))
    atasan = Skp.objects.create(pegawai=orang["kepala_divisi"], periode=periode)
    rk_atasan = isi_rk(
        atasan,
        "Terintegrasinya sistem informasi universitas melalui data center",
        [("Jumlah sistem terintegrasi", "12", "sistem")],
        intervensi_teks_bebas="Meningkatnya layanan TIK universitas",
    )
    skp = buat_skp_staf(orang["staf"], periode, jumlah_rk=2, intervensi=rk_atasan)
    # A range, a "lower is better" target and a descriptive one, as the seed's forms have.
    iki = skp.rencana_kinerja.first().indikator.order_by("urutan").last()
    iki.target_min, iki.target_max, iki.lebih_rendah_lebih_baik = Decimal(1), Decimal(2), True
    iki.save()
    if nama == "jajf-draf":
        return skp
    return _diajukan(skp, StatusSkp.DIAJUKAN)


BLOK_VERIFIKASI = re.compile(r"<!-- verifikasi -->.*?<!-- /verifikasi -->\n", re.S)
SEL_VERIFIKASI = ("Kode verifikasi: ", "Periksa keaslian dokumen ini di ")


def _tanpa_verifikasi(html: str) -> str:
    assert len(BLOK_VERIFIKASI.findall(html)) == 1, "the print carries one verification block"
    return BLOK_VERIFIKASI.sub("", html)


def _xlsx(data: bytes) -> dict:
    wb = load_workbook(BytesIO(data))
    hasil = {}
    for ws in wb.worksheets:
        hasil[ws.title] = {
            "sel": {
                c.coordinate: [str(c.value), c.number_format, bool(c.font.b), c.alignment.wrap_text]
                for row in ws.iter_rows()
                for c in row
                if c.value is not None and not str(c.value).startswith(SEL_VERIFIKASI)
            },
            "gabung": sorted(str(r) for r in ws.merged_cells.ranges),
            "lebar": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
            "cetak": [ws.page_setup.orientation, ws.page_setup.paperSize, ws.print_title_rows],
        }
    return hasil


def _cocok(nama: str, isi: str):
    berkas = GOLDEN / nama
    if PERBARUI:
        GOLDEN.mkdir(exist_ok=True)
        berkas.write_text(isi)
    assert berkas.exists(), f"{berkas} is missing: run with PERBARUI_GOLDEN=1 once"
    # Compared line by line, so that a failure shows the first line that moved.
    assert isi.splitlines() == berkas.read_text().splitlines()


@pytest.mark.parametrize("nama", ["jpt", "jajf", "jajf-draf"])
def test_an_8_2021_skp_prints_the_same_form_as_before_6_2022(upt, nama):
    periode, orang = upt
    skp = Skp.objects.dengan_isi().get(pk=_skp(nama, periode, orang).pk)
    dokumen = susun_dokumen(skp)
    # A draft is dated today under the signatures.
    with time_machine.travel(datetime.datetime(2022, 5, 24, 9, tzinfo=datetime.UTC), tick=False):
        html, xlsx = html_skp(dokumen), _xlsx(xlsx_skp(dokumen))
    _cocok(f"skp-8-2021-{nama}.html", _tanpa_verifikasi(html))
    _cocok(f"skp-8-2021-{nama}.xlsx.json", json.dumps(xlsx, indent=1))


@pytest.mark.parametrize("nama", ["jpt", "jajf", "jajf-draf"])
def test_an_8_2021_print_carries_its_verification_code_between_the_signatures(upt, nama):
    periode, orang = upt
    skp = Skp.objects.dengan_isi().get(pk=_skp(nama, periode, orang).pk)
    dokumen = susun_dokumen(skp)
    html = html_skp(dokumen)
    kode = tanda_verifikasi(dokumen).kode_tampil
    blok = BLOK_VERIFIKASI.search(html).group(0)
    assert f'<span class="kode">{kode}</span>' in blok
    assert 'src="data:image/svg+xml' in blok
    assert "Periksa keaslian dokumen ini di<br>https://skp.undiksha.ac.id/verifikasi/" in blok
    # In the blank signing space, above the pegawai's name.
    assert f'<td class="ruang">{blok}</td>' in html
    assert html.index("Pegawai yang Dinilai</td>") < html.index(blok) < html.index('class="nama"')
    sel = [
        c.value
        for c in load_workbook(BytesIO(xlsx_skp(dokumen))).active["A"]
        if str(c.value).startswith(SEL_VERIFIKASI)
    ]
    assert sel == [
        f"Kode verifikasi: {kode}",
        f"Periksa keaslian dokumen ini di https://skp.undiksha.ac.id/verifikasi/{kode.replace('-', '')}/",
    ]
