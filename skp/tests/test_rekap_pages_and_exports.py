"""The rekap: counts per unit and state, tidak berkinerja after penyusunan closes, SKPs
waiting per validator, scope per role, the .xlsx export and `rekap_skp` CSV."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
import pytest
import time_machine

from accounts.models import StatusKepegawaian
from accounts.tests.factories import buat_pegawai
from periode.models import TahapJendela
from periode.services import beri_dispensasi, tetapkan_supervisi
from skp.models import StatusSkp
from skp.rekap import susun_rekap
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

S = StatusSkp
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def setelah_penyusunan(periode):
    hari = periode.penyusunan_selesai + datetime.timedelta(days=1)
    return time_machine.travel(
        datetime.datetime(hari.year, hari.month, hari.day, 0, 0, tzinfo=WITA), tick=False
    )


def test_rekap_counts_per_unit_and_state(cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    rekap = susun_rekap(cast.periode)
    per_unit = {unit: counts for unit, counts, _ in rekap.per_unit}
    # columns: belum_ada, draf, diajukan, dikembalikan, disetujui, ditetapkan
    assert per_unit["Universitas Contoh > Unit A"] == [1, 0, 1, 0, 0, 0]
    assert per_unit["Universitas Contoh > Unit B"] == [2, 0, 0, 0, 0, 0]
    assert sum(rekap.total) == 6  # the whole cast, all Aktif


def test_nobody_is_tidak_berkinerja_while_penyusunan_is_open(cast):
    assert susun_rekap(cast.periode).tidak_berkinerja == []


def test_aktif_pegawai_without_a_submitted_skp_are_tidak_berkinerja_after_penyusunan(cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    skp_siap(cast.pegawai_lain, cast.periode)  # a Draf is not a submission
    cuti = buat_pegawai(
        "Pegawai Tugas Belajar",
        unit_kerja=cast.unit_a,
        status_kepegawaian=StatusKepegawaian.TUGAS_BELAJAR,
    )
    with setelah_penyusunan(cast.periode):
        rekap = susun_rekap(cast.periode)
    nama = {b.pegawai.nama for b in rekap.tidak_berkinerja}
    assert cast.pegawai.nama not in nama
    assert cast.pegawai_lain.nama in nama
    assert cuti.nama not in {b.pegawai.nama for b in rekap.baris}


def test_dispensasi_delays_tidak_berkinerja(cast):
    sampai = cast.periode.penyusunan_selesai + datetime.timedelta(days=2)
    beri_dispensasi(
        cast.periode,
        oleh=cast.admin,
        tahap=TahapJendela.PENYUSUNAN,
        berlaku_sampai=sampai,
        alasan="Sakit",
        unit_kerja=cast.unit_b,
    )
    with setelah_penyusunan(cast.periode):
        nama = {b.pegawai.nama for b in susun_rekap(cast.periode).tidak_berkinerja}
    assert cast.pegawai.nama in nama
    assert cast.pegawai_lain.nama not in nama


def test_waiting_skps_are_grouped_per_validator(cast, skp):
    bawa_ke(skp, S.DISETUJUI_ATASAN_LANGSUNG, cast)
    lain = skp_siap(cast.pegawai_lain, cast.periode)
    from skp.services.workflow import ajukan_skp

    ajukan_skp(lain, oleh=cast.pegawai_lain)
    menunggu = {
        m.validator.nama: [b.pegawai.nama for b in m.baris]
        for m in susun_rekap(cast.periode).menunggu
    }
    assert menunggu == {"Atasan Penilai": ["Pegawai Satu"], "Atasan Lain": ["Pegawai Lain"]}


def test_admin_sees_all_units_and_kepala_unit_only_their_subtree(client, cast):
    client.force_login(cast.admin)
    assert len(client.get(f"/rekap/{cast.periode.tahun}/").context["rekap"].baris) == 6
    client.force_login(cast.atasan_langsung)
    rows = client.get(f"/rekap/{cast.periode.tahun}/").context["rekap"].baris
    assert {b.pegawai.nama for b in rows} == {"Atasan Langsung", "Pegawai Satu"}


@pytest.mark.parametrize("role", ["pegawai", "pegawai_lain"])
def test_rekap_is_forbidden_to_pegawai_who_head_no_unit(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get("/rekap/").status_code == 403
    assert client.get(f"/rekap/{cast.periode.tahun}/").status_code == 403
    assert client.get(f"/rekap/{cast.periode.tahun}/unduh/").status_code == 403


def test_rekap_access_ladder(client, cast):
    assert "/accounts/login/" in client.get("/rekap/")["Location"]
    client.force_login(cast.admin)
    assert client.get("/rekap/")["Location"] == f"/rekap/{cast.periode.tahun}/"
    assert client.get("/rekap/1999/").status_code == 404
    assert client.post(f"/rekap/{cast.periode.tahun}/").status_code == 405


def test_rekap_query_count_does_not_grow_with_pegawai(client, cast):
    client.force_login(cast.admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/rekap/{cast.periode.tahun}/").status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm: the menu's roles are remembered from the first page on
    before = queries()
    for i in range(6):
        p = buat_pegawai(f"Staf {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        skp_siap(p, cast.periode)
    assert queries() == before


def test_xlsx_export_keeps_nip_as_text_and_formulas_inert(client, cast):
    cast.pegawai_lain.nama = '=HYPERLINK("http://x")'
    cast.pegawai_lain.save()
    client.force_login(cast.admin)
    response = client.get(f"/rekap/{cast.periode.tahun}/unduh/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Ringkasan", "Pegawai", "Tidak berkinerja", "Menunggu validasi"]
    sheet = wb["Pegawai"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    row = rows['=HYPERLINK("http://x")']
    assert row[1].data_type == "s"
    assert row[0].value == cast.pegawai_lain.nip and row[0].number_format == "@"


def test_rekap_skp_command_prints_one_csv_row_per_pegawai_who_owes_an_skp(cast, skp):
    bawa_ke(skp, S.DITETAPKAN, cast)
    buat_pegawai("Pensiun Dini", unit_kerja=cast.unit_a, status_kepegawaian=StatusKepegawaian.MPP)
    out = io.StringIO()
    call_command("rekap_skp", "--periode", str(cast.periode.tahun), "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["nip", "nama", "unit", "status", "atasan_langsung_nip", "atasan_penilai_nip"]
    by_nip = {r[0]: r for r in rows[1:]}
    assert len(by_nip) == 6
    assert by_nip[cast.pegawai.nip] == [
        cast.pegawai.nip,
        "Pegawai Satu, S.Kom.",
        "Universitas Contoh > Unit A",
        "ditetapkan",
        cast.atasan_langsung.nip,
        cast.atasan_penilai.nip,
    ]
    assert by_nip[cast.pegawai_lain.nip][3] == "belum_ada"
    assert {r[3] for r in rows[1:]} <= {
        "belum_ada",
        "draf",
        "diajukan",
        "dikembalikan",
        "disetujui_atasan_langsung",
        "ditetapkan",
    }


def test_pegawai_appointed_after_the_periode_owe_no_skp_for_it(cast):
    """QA: a CPNS of 2024 was listed as tidak berkinerja in 2022."""
    import datetime

    from accounts.tests.factories import buat_pegawai
    from periode.models import Periode
    from skp.rekap import susun_rekap

    lama = Periode.objects.create(
        tahun=2022,
        tanggal_mulai=datetime.date(2022, 1, 1),
        tanggal_selesai=datetime.date(2022, 12, 31),
        penyusunan_mulai=datetime.date(2022, 5, 20),
        penyusunan_selesai=datetime.date(2022, 5, 27),
        validasi_mulai=datetime.date(2022, 5, 27),
        validasi_selesai=datetime.date(2022, 5, 31),
    )
    baru = buat_pegawai("CPNS 2024", nip="199810192024031007", unit_kerja=cast.unit_a)
    for p in (cast.pegawai, baru):  # both placed in 2022: the TMT year alone decides
        tetapkan_supervisi(p, lama, atasan_langsung=None, atasan_penilai=None)
    nip_2022 = {baris.pegawai.nip for baris in susun_rekap(lama).baris}
    assert cast.pegawai.nip in nip_2022 and baru.nip not in nip_2022
    assert baru.nip in {baris.pegawai.nip for baris in susun_rekap(cast.periode).baris}


def test_rekap_page_reuses_its_figures_for_a_minute_and_says_when_they_were_counted(
    client, cast, skp
):
    from django.utils import timezone

    from skp.views.workflow import REKAP_TAMPIL_DETIK

    def isi(response) -> str:
        html = response.content.decode()
        return html[html.index('id="judul-per-unit"') :]

    client.force_login(cast.admin)
    url = f"/rekap/{cast.periode.tahun}/"
    mulai = timezone.now()
    with time_machine.travel(mulai, tick=False):
        pertama = client.get(url)
        assert "Angka per" in pertama.content.decode()
        bawa_ke(skp, S.DIAJUKAN, cast)
        with CaptureQueriesContext(connection) as queries:
            lagi = client.get(url)
        assert isi(lagi) == isi(pertama)  # the same figures, not counted again
        assert len(queries) <= 6
    nanti = mulai + datetime.timedelta(seconds=REKAP_TAMPIL_DETIK + 1)
    with time_machine.travel(nanti, tick=False):
        assert isi(client.get(url)) != isi(pertama)  # counted afresh: one SKP Diajukan
