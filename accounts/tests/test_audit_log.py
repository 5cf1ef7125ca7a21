"""The audit log page of the admin kepegawaian: filters, keyset pages, old → new values, the
.xlsx export, and who may open it."""

import datetime
from io import BytesIO

from django.urls import reverse
from django.utils import timezone
import openpyxl
import pytest

from accounts import views_audit
from accounts.audit import Perubahan, perubahan
from accounts.models import AuditLog
from accounts.services import catat_audit, ubah_pegawai
from accounts.tests.factories import buat_pegawai

URL = "/accounts/log-audit/"
EKSPOR = "/accounts/log-audit/ekspor/"


def _html(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def admin(client, cast):
    client.force_login(cast.admin)
    return cast.admin


def test_the_urls_are_the_ones_the_menu_links():
    assert reverse("audit:daftar") == URL and reverse("audit:ekspor") == EKSPOR


def test_anonymous_is_sent_to_login(client, db):
    for url in (URL, EKSPOR):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_pegawai_an_atasan_and_a_kepala_unit_get_403(client, cast):
    for user in (cast.pegawai, cast.atasan_langsung, cast.atasan_penilai):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(EKSPOR).status_code == 403


def test_a_superuser_may_open_it(client, db):
    root = buat_pegawai("Akun Sistem", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get(URL).status_code == 200


def test_the_page_is_read_only(client, admin):
    assert client.post(URL).status_code == 405
    assert client.post(EKSPOR).status_code == 405


def test_the_menu_offers_the_log_to_the_admin_only(client, cast):
    client.force_login(cast.admin)
    assert f'href="{URL}"' in _html(client, reverse("beranda"))
    client.force_login(cast.pegawai)
    assert f'href="{URL}"' not in client.get(reverse("beranda")).content.decode()


def test_newest_first_with_readable_action_and_object(client, admin, cast):
    catat_audit("skp.ajukan", aktor=cast.pegawai, objek=cast.pegawai, ringkasan="Yang lama.")
    catat_audit("skp.kembalikan", aktor=cast.atasan_langsung, objek=cast.pegawai, ringkasan="Baru.")
    html = _html(client)
    assert html.index("Baru.") < html.index("Yang lama.")
    assert "SKP dikembalikan" in html and "SKP diajukan" in html
    assert f"Pegawai #{cast.pegawai.pk}" in html
    assert cast.atasan_langsung.nip_tampil in html


def test_object_types_read_as_their_names_with_acronyms_kept():
    from accounts.audit import label_objek

    assert label_objek("accounts.pegawai") == "Pegawai"
    assert label_objek("skp.skp") == "SKP"
    assert label_objek("tidak.ada") == "tidak.ada"


def test_a_code_without_a_label_is_shown_as_stored(client, admin):
    catat_audit("unit.gabung", ringkasan="Dua unit digabung.")
    assert "unit.gabung" in _html(client)


def test_filter_by_actor_name_or_nip(client, admin, cast):
    catat_audit("skp.ajukan", aktor=cast.pegawai, ringkasan="Oleh pegawai.")
    catat_audit("skp.setujui", aktor=cast.atasan_langsung, ringkasan="Oleh atasan.")
    html = _html(client, aktor="atasan langsung")
    assert "Oleh atasan." in html and "Oleh pegawai." not in html
    html = _html(client, aktor=cast.pegawai.nip_tampil)  # with its spaces
    assert "Oleh pegawai." in html and "Oleh atasan." not in html


def test_sistem_finds_the_rows_without_an_actor(client, admin, cast):
    catat_audit("skp.ajukan", aktor=cast.pegawai, ringkasan="Oleh pegawai.")
    catat_audit("roster.impor", ringkasan="Impor dari perintah.")
    html = _html(client, aktor="  sistem ")
    assert "Impor dari perintah." in html and "Oleh pegawai." not in html
    ekspor = client.get(EKSPOR, {"aktor": "Sistem"})
    lembar = openpyxl.load_workbook(BytesIO(ekspor.content)).active
    teks = " ".join(str(c.value) for row in lembar.iter_rows() for c in row if c.value)
    assert "Impor dari perintah." in teks and "Oleh pegawai." not in teks


def test_filter_by_action(client, admin, cast):
    catat_audit("skp.ajukan", aktor=cast.pegawai, ringkasan="Pengajuan.")
    catat_audit("periode.ubah", aktor=cast.admin, ringkasan="Periode berubah.")
    html = _html(client, aksi="periode.ubah")
    assert "Periode berubah." in html and "Pengajuan." not in html
    assert '<option value="periode.ubah" selected>Periode diubah</option>' in html


def test_filter_by_object_type_and_id(client, admin, cast):
    catat_audit("pegawai.ubah", aktor=cast.admin, objek=cast.pegawai, ringkasan="Pegawai ini.")
    catat_audit("pegawai.ubah", aktor=cast.admin, objek=cast.pegawai_lain, ringkasan="Yang lain.")
    catat_audit("periode.ubah", aktor=cast.admin, objek=cast.unit_b, ringkasan="Objek unit.")
    html = _html(client, objek_tipe="accounts.pegawai", objek_id=str(cast.pegawai.pk))
    assert "Pegawai ini." in html and "Yang lain." not in html and "Objek unit." not in html
    html = _html(client, objek_tipe="accounts.unitkerja")
    assert "Objek unit." in html and "Pegawai ini." not in html


def test_the_date_range_holds_whole_local_days_both_included(client, admin):
    wita = timezone.get_current_timezone()

    def pada(teks, *waktu):
        AuditLog.objects.create(
            aksi="skp.mulai", ringkasan=teks, waktu=datetime.datetime(*waktu, tzinfo=wita)
        )

    pada("Sebelum.", 2026, 3, 9, 23, 59, 59)
    pada("Awal hari pertama.", 2026, 3, 10, 0, 0, 0)
    pada("Akhir hari terakhir.", 2026, 3, 12, 23, 59, 59)
    pada("Sesudah.", 2026, 3, 13, 0, 0, 0)
    html = _html(client, dari="2026-03-10", sampai="2026-03-12")
    assert "Awal hari pertama." in html and "Akhir hari terakhir." in html
    assert "Sebelum." not in html and "Sesudah." not in html


@pytest.mark.parametrize(
    "params, pesan",
    [
        ({"dari": "2026-03-12", "sampai": "2026-03-10"}, "Tanggal akhir tidak boleh sebelum"),
        ({"dari": "kemarin"}, "Tulis tanggal sebagai TTTT-BB-HH"),
        ({"aksi": "tidak.ada"}, "Aksi ini tidak dikenal"),
        ({"objek_tipe": "auth.group"}, "Jenis objek ini tidak dikenal"),
        ({"objek_id": "5"}, "Pilih jenis objek untuk mencari menurut ID objek"),
    ],
)
def test_a_bad_filter_says_what_to_fix_and_shows_no_rows(client, admin, params, pesan):
    catat_audit("skp.mulai", ringkasan="Satu catatan.")
    html = _html(client, **params)
    assert pesan in html and "Satu catatan." not in html
    assert "Perbaiki filter di atas" in html


def test_a_pegawai_change_shows_old_and_new_values(client, admin, cast):
    ubah_pegawai(cast.pegawai, oleh=cast.admin, jabatan="Analis Kepegawaian")
    html = _html(client, aksi="pegawai.ubah")
    assert "Data pegawai diubah" in html
    assert "jabatan:</span> <del" in html
    assert ">Pranata Komputer</del>" in html and ">Analis Kepegawaian</ins>" in html


def test_old_and_new_values_are_read_from_every_shape_the_services_write():
    assert perubahan({"perubahan": {"jabatan": ["A", "B"]}}) == [Perubahan("jabatan", "A", "B")]
    assert perubahan(
        {
            "fields": ["akhir"],
            "sebelum": {"akhir": "2026-01-31"},
            "sesudah": {"akhir": "2026-01-15"},
        }
    ) == [Perubahan("akhir", "2026-01-31", "2026-01-15")]
    assert perubahan({"sebelum": "kuantitatif", "sesudah": "kualitatif"}) == [
        Perubahan("nilai", "kuantitatif", "kualitatif")
    ]
    assert perubahan({"sebelum": None, "sesudah": [3, 4]}) == [Perubahan("nilai", "–", "3, 4")]
    # Only the old value is kept: the new one is the object's current value.
    assert perubahan({"sebelum": {"teks": "lama"}}) == [Perubahan("teks", "lama", "–")]
    assert perubahan({"jumlah": 3}) == []


def test_pages_follow_the_log_without_overlap_and_come_back(client, admin, monkeypatch):
    monkeypatch.setattr(views_audit, "PER_HALAMAN", 4)
    sekarang = timezone.now()
    # Rows 3 and 4 share one instant (the later row first): the page boundary falls between.
    for i in range(10):
        waktu = sekarang - datetime.timedelta(minutes=i if i != 4 else 3)
        AuditLog.objects.create(aksi="skp.mulai", ringkasan=f"Catatan-{i:02d}.", waktu=waktu)

    def isi(response):
        return [r.ringkasan for r in response.context["baris"]]

    pertama = client.get(URL, {"aksi": "skp.mulai"})
    assert isi(pertama) == ["Catatan-00.", "Catatan-01.", "Catatan-02.", "Catatan-04."]
    assert pertama.context["lebih_baru"] is None
    kedua = client.get(URL, {"aksi": "skp.mulai", "sebelum": pertama.context["lebih_lama"].pk})
    assert isi(kedua) == ["Catatan-03.", "Catatan-05.", "Catatan-06.", "Catatan-07."]
    ketiga = client.get(URL, {"aksi": "skp.mulai", "sebelum": kedua.context["lebih_lama"].pk})
    assert isi(ketiga) == ["Catatan-08.", "Catatan-09."]
    assert ketiga.context["lebih_lama"] is None
    kembali = client.get(URL, {"aksi": "skp.mulai", "sesudah": ketiga.context["lebih_baru"].pk})
    assert isi(kembali) == isi(kedua)
    assert isi(
        client.get(URL, {"aksi": "skp.mulai", "sesudah": kembali.context["lebih_baru"].pk})
    ) == isi(pertama)
    assert "Lebih lama" in kedua.content.decode() and "Terbaru" in kedua.content.decode()


def test_a_filtered_page_keeps_its_filter_in_the_page_links(client, admin, monkeypatch):
    monkeypatch.setattr(views_audit, "PER_HALAMAN", 2)
    for i in range(3):
        catat_audit("skp.mulai", ringkasan=f"M{i}")
    html = _html(client, aksi="skp.mulai")
    assert "?aksi=skp.mulai&amp;sebelum=" in html


def test_the_query_count_does_not_grow_with_rows(
    client, admin, cast, django_assert_max_num_queries
):
    catat_audit("skp.mulai", aktor=cast.pegawai)
    with django_assert_max_num_queries(30) as ctx:
        client.get(URL)
    sedikit = len(ctx.captured_queries)
    for user in (cast.atasan_langsung, cast.atasan_penilai, cast.pegawai_lain, cast.atasan_lain):
        for _ in range(5):
            catat_audit("pegawai.ubah", aktor=user, objek=user, perubahan={"nama": ["a", "b"]})
    with django_assert_max_num_queries(sedikit):
        client.get(URL)


def _lembar(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return openpyxl.load_workbook(BytesIO(response.content)).active


def test_the_export_holds_the_filtered_rows_with_nip_as_text(client, admin, cast):
    ubah_pegawai(cast.pegawai, oleh=cast.admin, jabatan='=HYPERLINK("http://x")')
    catat_audit("skp.mulai", aktor=cast.pegawai, ringkasan="Tidak ikut.")
    lembar = _lembar(client.get(EKSPOR, {"aksi": "pegawai.ubah"}))
    baris = list(lembar.iter_rows(values_only=True))
    assert baris[0][:4] == ("Waktu", "NIP Aktor", "Nama Aktor", "Aksi")
    assert len(baris) == 2
    assert baris[1][1] == cast.admin.nip and baris[1][3] == "Data pegawai diubah"
    assert 'jabatan: Pranata Komputer → =HYPERLINK("http://x")' in baris[1][8]
    nip = lembar.cell(row=2, column=2)
    assert nip.data_type == "s" and nip.number_format == "@"
    # The ringkasan names the changed field; the new value itself stays a string cell.
    assert all(c.data_type == "s" for c in lembar[2] if c.value)


def test_the_export_is_itself_audited(client, admin):
    client.get(EKSPOR, {"aksi": "skp.mulai"})
    log = AuditLog.objects.get(aksi="audit.ekspor")
    assert log.aktor == admin and log.data == {"filter": {"aksi": "skp.mulai"}}


def test_an_export_past_the_cap_is_refused_with_a_sentence(client, admin, monkeypatch):
    monkeypatch.setattr(views_audit, "MAKS_EKSPOR", 2)
    for i in range(3):
        catat_audit("skp.mulai", ringkasan=f"M{i}")
    response = client.get(EKSPOR, {"aksi": "skp.mulai"}, follow=True)
    assert "lebih dari 2 baris; persempit filter" in response.content.decode()
    assert not AuditLog.objects.filter(aksi="audit.ekspor").exists()


def test_an_export_with_a_bad_filter_goes_back_to_the_page(client, admin):
    response = client.get(EKSPOR, {"dari": "2026-03-12", "sampai": "2026-03-10"}, follow=True)
    assert "Tanggal akhir tidak boleh sebelum" in response.content.decode()
    assert not AuditLog.objects.filter(aksi="audit.ekspor").exists()
