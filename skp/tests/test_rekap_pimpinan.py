"""Issue 16 item 7, the rekap the pimpinan can read: who a periode applies to; the filter by
unit (its subtree, chosen by full path, within the viewer's reach) and by state; the names of
who is tidak berkinerja and of the validators still owing a step, paged and linked to what
the reader may open; the .xlsx ready to print and send; a fixed number of queries."""

import datetime
import io
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
import pytest
import time_machine

from accounts.tests.factories import buat_pegawai, buat_unit
from periode.models import Periode
from periode.services import tetapkan_supervisi
from skp.models import Skp, StatusSkp
from skp.rekap import susun_rekap
from skp.services.workflow import ajukan_skp
from skp.tests.bantuan_workflow import bawa_ke, skp_siap

S = StatusSkp
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _hari(tanggal: datetime.date):
    return time_machine.travel(
        datetime.datetime(tanggal.year, tanggal.month, tanggal.day, 9, 0, tzinfo=WITA), tick=False
    )


def setelah_penyusunan(periode):
    return _hari(periode.penyusunan_selesai + datetime.timedelta(days=1))


def setelah_validasi(periode):
    return _hari(periode.validasi_selesai + datetime.timedelta(days=1))


def url(periode, **query) -> str:
    from urllib.parse import urlencode

    return f"/rekap/{periode.tahun}/" + ("?" + urlencode(query) if query else "")


@pytest.fixture
def lama(db):
    return Periode.objects.create(
        tahun=2022,
        tanggal_mulai=datetime.date(2022, 1, 1),
        tanggal_selesai=datetime.date(2022, 12, 31),
        penyusunan_mulai=datetime.date(2022, 1, 3),
        penyusunan_selesai=datetime.date(2022, 1, 31),
        validasi_mulai=datetime.date(2022, 1, 3),
        validasi_selesai=datetime.date(2022, 2, 28),
    )


@pytest.fixture
def sub_a(cast):
    """A sub-unit under Unit A with one pegawai, supervised by the kepala of Unit A."""
    sub = buat_unit("Subbagian A1", cast.unit_a)
    staf = buat_pegawai("Staf Sub A1", unit_kerja=sub)
    tetapkan_supervisi(
        staf, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    return staf


def nama(rows) -> set[str]:
    return {b.pegawai.nama for b in rows}


# --- Who a periode applies to ------------------------------------------------------------


def test_people_added_after_a_closed_periode_ended_do_not_count_in_it(cast, lama):
    """QA: the 2022 rekap listed 39 people imported in 2026 as tidak berkinerja."""
    assert nama(susun_rekap(lama).baris) == set()
    assert "Pegawai Satu" in nama(susun_rekap(cast.periode).baris)


def test_a_supervision_row_or_an_skp_in_the_periode_puts_a_pegawai_in_it(cast, lama):
    tetapkan_supervisi(
        cast.pegawai, lama, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    Skp.objects.create(pegawai=cast.pegawai_lain, periode=lama)
    assert nama(susun_rekap(lama).baris) == {"Pegawai Satu", "Pegawai Lain"}


def test_an_account_that_existed_by_the_periodes_last_day_counts_in_it(cast, lama):
    cast.pegawai.date_joined = datetime.datetime(2022, 12, 31, 23, 0, tzinfo=WITA)
    cast.pegawai.save(update_fields=["date_joined"])
    cast.pegawai_lain.date_joined = datetime.datetime(2023, 1, 1, 0, 30, tzinfo=WITA)
    cast.pegawai_lain.save(update_fields=["date_joined"])
    assert nama(susun_rekap(lama).baris) == {"Pegawai Satu"}


def test_the_running_periode_counts_people_imported_without_atasan_columns(cast):
    baru = buat_pegawai("Tanpa Atasan", unit_kerja=cast.unit_a)  # no supervision row at all
    assert baru.nama in nama(susun_rekap(cast.periode).baris)


# --- Filters -------------------------------------------------------------------------------


def test_filtering_by_a_unit_covers_it_and_the_units_below_it(client, cast, sub_a):
    client.force_login(cast.admin)
    rekap = client.get(url(cast.periode, unit=cast.unit_a.pk)).context["rekap"]
    assert nama(rekap.baris) == {"Atasan Langsung", "Pegawai Satu", "Staf Sub A1"}
    assert [unit for unit, _, _ in rekap.per_unit] == [
        "Universitas Contoh > Unit A",
        "Universitas Contoh > Unit A > Subbagian A1",
    ]


def test_units_are_offered_by_full_path_and_only_within_the_viewers_rekap(client, cast, sub_a):
    client.force_login(cast.atasan_langsung)  # kepala of Unit A
    response = client.get(url(cast.periode))
    pilihan = [label for value, label in response.context["form"].fields["unit"].choices if value]
    assert pilihan == [
        "Universitas Contoh > Unit A",
        "Universitas Contoh > Unit A > Subbagian A1",
    ]


def test_a_kepala_asking_for_a_unit_outside_his_subtree_is_told_so_and_sees_only_his_own(
    client, cast
):
    client.force_login(cast.atasan_langsung)
    response = client.get(url(cast.periode, unit=cast.unit_b.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pilih unit kerja dari daftar: unit dalam lingkup rekap Anda." in html
    assert nama(response.context["rekap"].baris) == {"Atasan Langsung", "Pegawai Satu"}
    workbook = load_workbook(
        io.BytesIO(client.get(f"/rekap/{cast.periode.tahun}/unduh/?unit={cast.unit_b.pk}").content)
    )
    teks = {str(c.value) for row in workbook["Pegawai"].iter_rows() for c in row}
    assert "Pegawai Lain" not in teks


def test_a_state_that_is_not_on_the_list_is_refused_with_a_message(client, cast):
    client.force_login(cast.admin)
    response = client.get(url(cast.periode, status="hilang", unit="bukan-angka"))
    html = response.content.decode()
    assert "Pilih status SKP dari daftar." in html
    assert "Pilih unit kerja dari daftar" in html
    assert response.context["daftar"].paginator.count == 6  # nothing filtered


def test_filtering_by_state_lists_only_that_state_and_the_xlsx_follows(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.admin)
    response = client.get(url(cast.periode, status=S.DIAJUKAN))
    assert nama(response.context["daftar"]) == {"Pegawai Satu"}
    assert "Pegawai: Diajukan" in response.content.decode()
    assert f'/rekap/{cast.periode.tahun}/unduh/?status=diajukan"' in response.content.decode()
    workbook = load_workbook(
        io.BytesIO(client.get(f"/rekap/{cast.periode.tahun}/unduh/?status=diajukan").content)
    )
    sheet = workbook["Pegawai"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["Pegawai Satu, S.Kom."]
    # the top unit, A, B and the total: the summary counts every state
    assert len(list(workbook["Ringkasan"].iter_rows(min_row=7))) == 4


def test_in_one_step_the_state_filter_offers_no_second_step(client, cast):
    from periode.models import AlurPersetujuan

    cast.periode.alur_persetujuan = AlurPersetujuan.SATU_TAHAP
    cast.periode.save()
    client.force_login(cast.admin)
    pilihan = dict(client.get(url(cast.periode)).context["form"].fields["status"].choices)
    assert S.DISETUJUI_ATASAN_LANGSUNG not in pilihan and S.DIAJUKAN in pilihan


# --- Names, pages, links ---------------------------------------------------------------------


def test_tidak_berkinerja_are_named_fifty_a_page_with_a_pager(client, cast):
    for n in range(103):
        p = buat_pegawai(f"Pegawai Banyak {n:03d}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
        )
    with setelah_penyusunan(cast.periode):
        client.force_login(cast.admin)  # a session of that day
        pertama = client.get(url(cast.periode)).content.decode()
        ketiga = client.get(url(cast.periode, hal_tb=3)).content.decode()
        jumlah = len(susun_rekap(cast.periode).tidak_berkinerja)
    assert jumlah == 109  # the 103 and the 6 of the cast (the admin too owes one)
    assert pertama.count('class="mb-2 baris-tidak-berkinerja"') == 50
    assert "Halaman 1 dari 3" in pertama and "?hal_tb=2#tidak-berkinerja" in pertama
    assert ketiga.count('class="mb-2 baris-tidak-berkinerja"') == 9


def test_the_admin_gets_links_to_every_skp_and_to_the_pegawai_page_of_those_without_one(
    client, cast, skp
):
    bawa_ke(skp, S.DIAJUKAN, cast)
    with setelah_validasi(cast.periode):
        client.force_login(cast.admin)
        html = client.get(url(cast.periode)).content.decode()
    assert f'href="/skp/{skp.pk}/"' in html  # Pegawai Satu's, waiting
    assert f'href="/accounts/pegawai/{cast.pegawai_lain.nip}/">Pegawai Lain<' in html
    # the late validator, named and linked for the admin
    assert f'href="/accounts/pegawai/{cast.atasan_langsung.nip}/">Atasan Langsung<' in html
    assert "Validator terlambat" in html


def test_a_kepala_links_only_to_the_skps_he_may_read_and_never_to_pegawai_pages(
    client, cast, skp, sub_a
):
    """The kepala of the top unit supervises nobody's SKP as such: names, no links; the kepala
    of Unit A reads the SKP of whom he is atasan langsung."""
    bawa_ke(skp, S.DIAJUKAN, cast)
    lain = skp_siap(cast.pegawai_lain, cast.periode)
    ajukan_skp(lain, oleh=cast.pegawai_lain)
    client.force_login(cast.atasan_langsung)
    html = client.get(url(cast.periode)).content.decode()
    assert f'href="/skp/{skp.pk}/"' in html
    assert "/accounts/pegawai/" not in html
    client.force_login(cast.atasan_lain)  # kepala of Unit B, atasan langsung of Pegawai Lain
    html = client.get(url(cast.periode)).content.decode()
    assert f'href="/skp/{lain.pk}/"' in html and f'href="/skp/{skp.pk}/"' not in html


def test_validators_are_paged_twenty_a_page(client, cast):
    for n in range(21):
        atasan = buat_pegawai(f"Validator {n:02d}", unit_kerja=cast.unit_b)
        p = buat_pegawai(f"Bawahan {n:02d}", unit_kerja=cast.unit_b)
        tetapkan_supervisi(p, cast.periode, atasan_langsung=atasan, atasan_penilai=None)
        ajukan_skp(skp_siap(p, cast.periode), oleh=p)
    client.force_login(cast.admin)
    halaman = client.get(url(cast.periode)).context["menunggu"]
    assert len(halaman) == 20 and halaman.paginator.count == 21
    kedua = client.get(url(cast.periode, hal_v=2)).context["menunggu"]
    assert [m.validator.nama for m in kedua] == ["Validator 20"]


# --- Access, speed ---------------------------------------------------------------------------


def test_a_pegawai_who_heads_no_unit_gets_no_rekap_whatever_the_filter(client, cast):
    client.force_login(cast.pegawai)
    assert client.get(url(cast.periode, unit=cast.unit_a.pk)).status_code == 403
    assert client.get(f"/rekap/{cast.periode.tahun}/unduh/?status=draf").status_code == 403


def test_the_filtered_paged_page_takes_a_fixed_number_of_queries(client, cast, skp, sub_a):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.atasan_penilai)  # a kepala: links go through terlihat_oleh

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(cast.periode, unit=cast.root.pk)).status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm: the menu's roles are remembered from the first page on
    before = queries()
    for i in range(8):
        p = buat_pegawai(f"Staf {i}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            p,
            cast.periode,
            atasan_langsung=cast.atasan_langsung,
            atasan_penilai=cast.atasan_penilai,
        )
        ajukan_skp(skp_siap(p, cast.periode), oleh=p)
    assert queries() == before


# --- The .xlsx -----------------------------------------------------------------------------


def test_the_xlsx_is_ready_to_print_filter_and_read(client, cast, skp):
    bawa_ke(skp, S.DIAJUKAN, cast)
    client.force_login(cast.admin)
    workbook = load_workbook(io.BytesIO(client.get(f"/rekap/{cast.periode.tahun}/unduh/").content))
    ringkasan = workbook["Ringkasan"]
    assert ringkasan.freeze_panes == "B7"
    assert ringkasan.auto_filter.ref.startswith("A6:")
    assert ringkasan.print_title_rows == "$1:$6"
    assert ringkasan.page_setup.fitToHeight == 1  # the summary on one page
    for sheet in workbook:
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1
    for judul in ("Pegawai", "Tidak berkinerja", "Menunggu validasi"):
        sheet = workbook[judul]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.fitToHeight == 0  # as many pages down as it needs
    pegawai = workbook["Pegawai"]
    assert 19 <= pegawai.column_dimensions["A"].width <= 21  # an 18-digit NIP, no more
    assert pegawai.column_dimensions["C"].width >= len("Universitas Contoh > Unit A")
    menunggu = workbook["Menunggu validasi"]
    row = next(menunggu.iter_rows(min_row=2))
    assert row[1].value == cast.atasan_langsung.nip
    assert row[1].data_type == "s" and row[1].number_format == "@"


def test_the_xlsx_names_each_atasan_gives_the_windows_and_when_it_was_made(client, cast, skp):
    import datetime

    from django.utils import timezone

    from skp.rekap import rekap_xlsx, susun_rekap

    bawa_ke(skp, S.DIAJUKAN, cast)
    periode = cast.periode
    periode.penyusunan_mulai, periode.penyusunan_selesai = (
        datetime.date(periode.tahun, 5, 20),
        datetime.date(periode.tahun, 5, 27),
    )
    periode.validasi_mulai, periode.validasi_selesai = (
        datetime.date(periode.tahun, 5, 27),
        datetime.date(periode.tahun, 5, 31),
    )
    waktu = timezone.make_aware(datetime.datetime(periode.tahun, 6, 2, 8, 5))
    isi = rekap_xlsx(susun_rekap(periode), waktu=waktu, unit="Universitas Contoh & Mitra")
    workbook = load_workbook(io.BytesIO(isi))
    ringkasan = [row[0] for row in workbook["Ringkasan"].iter_rows(max_row=5, values_only=True)]
    tahun = periode.tahun
    assert f"Jendela penyusunan: 20 Mei {tahun} s.d. 27 Mei {tahun} pukul 23.59 WITA" in ringkasan
    assert f"Jendela validasi: 27 Mei {tahun} s.d. 31 Mei {tahun} pukul 23.59 WITA" in ringkasan
    assert any(r.startswith(f"Dibuat 2 Juni {tahun} pukul 08.05 WITA") for r in ringkasan)

    sheet = workbook["Pegawai"]
    kepala = [c.value for c in sheet[1]]
    assert kepala[4:8] == [
        "NIP atasan langsung",
        "Nama atasan langsung",
        "NIP atasan penilai",
        "Nama atasan penilai",
    ]
    baris = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert baris[cast.pegawai.nip][4:8] == (
        cast.atasan_langsung.nip,
        cast.atasan_langsung.nama_lengkap,
        cast.atasan_penilai.nip,
        cast.atasan_penilai.nama_lengkap,
    )
    menunggu = next(workbook["Menunggu validasi"].iter_rows(min_row=2, values_only=True))
    assert menunggu[:2] == (cast.atasan_langsung.nama_lengkap, cast.atasan_langsung.nip)
    for lembar in workbook:
        assert lembar.oddFooter.right.text == "Halaman &P dari &N"
        assert lembar.oddFooter.left.text == f"Dibuat 2 Juni {tahun} pukul 08.05 WITA"
        assert lembar.oddHeader.left.text.startswith(f"Rekap SKP periode {tahun} · ")
    # "&" is a code in a print header: the unit's own "&" is doubled, printed once.
    assert "Universitas Contoh && Mitra" in workbook["Ringkasan"].oddHeader.left.text


def test_a_unit_path_longer_than_the_cap_wraps_instead_of_widening_the_sheet(client, cast):
    panjang = buat_unit("Laboratorium " + "Sangat Panjang " * 6, cast.unit_a)
    buat_pegawai("Laboran", unit_kerja=panjang)
    client.force_login(cast.admin)
    workbook = load_workbook(io.BytesIO(client.get(f"/rekap/{cast.periode.tahun}/unduh/").content))
    sheet = workbook["Pegawai"]
    assert sheet.column_dimensions["C"].width == 60
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Laboran")
    assert row[2].alignment.wrap_text


def test_a_validator_with_many_waiting_shows_ten_names_and_points_to_the_xlsx(client, cast):
    for n in range(12):
        p = buat_pegawai(f"Antre {n:02d}", unit_kerja=cast.unit_b)
        tetapkan_supervisi(p, cast.periode, atasan_langsung=cast.atasan_lain, atasan_penilai=None)
        ajukan_skp(skp_siap(p, cast.periode), oleh=p)
    client.force_login(cast.admin)
    html = client.get(url(cast.periode)).content.decode()
    html = html[html.index('id="menunggu"') : html.index('id="daftar"')]
    assert "12 SKP" in html and "Antre 09" in html and "Antre 10" not in html
    assert '… dan 2 SKP lainnya: lihat lembar "Menunggu validasi"' in html
