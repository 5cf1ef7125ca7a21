"""Accounts in bulk (issue 16.4): the admin kepegawaian activates many imported accounts at
once and downloads their temporary passwords, once, as a PDF of slips to cut and hand out."""

from io import BytesIO
import re
import threading

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader
import pytest

from accounts.models import AuditLog, Pegawai
from accounts.services import KepegawaianError
from accounts.services import akun as akun_services
from accounts.services.akun import BatchSudahDibuat, aktifkan_akun_massal, sasaran_aktivasi
from accounts.tests.factories import buat_pegawai

HALAMAN = reverse("kepegawaian:akun_massal")
SLIP = reverse("kepegawaian:akun_massal_slip")
KUNCI = "Kunci-Sekali-Pakai-0001"


def teks_pdf(pdf: bytes) -> list[str]:
    return [
        re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(BytesIO(pdf)).pages
    ]


def tanpa_kata_sandi(*pegawai):
    for p in pegawai:
        p.set_unusable_password()
        p.save(update_fields=["password"])
    return pegawai


def kata_sandi_dari(teks: str, pegawai: Pegawai) -> str:
    """The password printed on `pegawai`'s slip."""
    bagian = teks.split(pegawai.nip_tampil, 1)[1]
    return re.search(r"Kata sandi (\S+)", bagian).group(1)


@pytest.fixture
def impor(cast):
    """Unit A's pegawai and atasan langsung were imported and cannot log in yet."""
    tanpa_kata_sandi(cast.pegawai, cast.atasan_langsung, cast.pegawai_lain)
    return cast


def test_admin_activates_a_units_imported_accounts_and_gets_their_slips_once(
    client, impor, settings
):
    settings.SKP_ALAMAT_SITUS = "https://skp.contoh.ac.id"
    client.force_login(impor.admin)
    halaman = client.get(HALAMAN, {"unit": impor.unit_a.pk})
    assert halaman.status_code == 200
    assert [p.nama for p in halaman.context["sasaran"].akun] == ["Atasan Langsung", "Pegawai Satu"]
    assert "tidak dapat diunduh untuk kedua kalinya" in halaman.text

    response = client.post(SLIP, {"unit": impor.unit_a.pk, "kunci": halaman.context["kunci"]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    (teks,) = teks_pdf(response.content)
    assert "https://skp.contoh.ac.id/accounts/login/" in teks
    assert "wajib menggantinya dengan kata sandi sendiri saat pertama kali masuk" in teks
    for pegawai in (impor.pegawai, impor.atasan_langsung):
        pegawai.refresh_from_db()
        assert pegawai.nama_lengkap in teks
        assert pegawai.check_password(kata_sandi_dari(teks, pegawai))
        assert pegawai.harus_ganti_kata_sandi
    impor.pegawai_lain.refresh_from_db()
    assert not impor.pegawai_lain.has_usable_password()  # Unit B was not chosen


def test_a_printed_password_logs_in_and_opens_only_the_change_page(client, impor):
    hasil = aktifkan_akun_massal(impor.admin, kunci=KUNCI, nips=[impor.pegawai.nip])
    ((pegawai, kata_sandi),) = hasil
    assert client.post(reverse("login"), {"username": pegawai.nip, "password": kata_sandi}).url
    assert client.get("/").url == reverse("password_change")


def test_one_audit_row_per_batch_says_who_how_many_and_which_units_never_the_passwords(impor):
    hasil = aktifkan_akun_massal(
        impor.admin, kunci=KUNCI, unit_ids=[impor.unit_a.pk], nips=[impor.pegawai_lain.nip]
    )
    (audit,) = AuditLog.objects.filter(aksi="akun.aktivasi_massal")
    assert audit.aktor == impor.admin
    assert audit.data["jumlah"] == 3 and audit.data["diganti"] == 0
    assert audit.data["unit"] == ["Universitas Contoh > Unit A"]
    assert audit.data["unit_akun"] == {
        "Universitas Contoh > Unit A": 2,
        "Universitas Contoh > Unit B": 1,
    }
    assert "Unit A beserta sub-unitnya; 1 pegawai pilihan" in audit.ringkasan
    for _, kata_sandi in hasil:
        assert kata_sandi not in str(audit.data) + audit.ringkasan
    assert not AuditLog.objects.filter(aksi="akun.kata_sandi_sementara").exists()


def test_accounts_with_a_password_are_left_out_unless_resetting_is_asked_for(impor):
    sasaran = sasaran_aktivasi(impor.admin, unit_ids=[impor.root.pk])
    assert {p.nama for p in sasaran.akun} == {"Atasan Langsung", "Pegawai Satu", "Pegawai Lain"}
    assert sasaran.dilewati_berkata_sandi == 2  # atasan penilai, atasan lain
    ulang = sasaran_aktivasi(impor.admin, unit_ids=[impor.root.pk], atur_ulang_berkata_sandi=True)
    assert len(ulang.akun) == 5 and ulang.diganti == 2


def test_own_account_and_accounts_with_equal_rights_are_never_in_a_batch(impor):
    lain = buat_pegawai("Admin Kedua", unit_kerja=impor.unit_a, is_admin_kepegawaian=True)
    tanpa_kata_sandi(lain, impor.admin)
    sasaran = sasaran_aktivasi(impor.admin, unit_ids=[impor.root.pk], atur_ulang_berkata_sandi=True)
    assert lain not in sasaran.akun and impor.admin not in sasaran.akun
    assert sasaran.dilewati_hak == 1


def test_inactive_accounts_are_left_out(impor):
    impor.pegawai.is_active = False
    impor.pegawai.save(update_fields=["is_active"])
    sasaran = sasaran_aktivasi(impor.admin, unit_ids=[impor.unit_a.pk])
    assert [p.nama for p in sasaran.akun] == ["Atasan Langsung"] and sasaran.dilewati_nonaktif == 1


def test_rows_ticked_in_the_pegawai_list_reach_the_batch_page(client, impor):
    client.force_login(impor.admin)
    daftar = client.get(reverse("kepegawaian:pegawai_daftar"))
    assert f'value="{impor.pegawai.nip}" form="form-akun-massal"' in daftar.text
    assert f'value="{impor.admin.nip}" form="form-akun-massal"' not in daftar.text
    halaman = client.get(HALAMAN, {"nip": [impor.pegawai.nip, impor.pegawai_lain.nip]})
    assert {p.nama for p in halaman.context["sasaran"].akun} == {"Pegawai Satu", "Pegawai Lain"}
    assert halaman.text.count('type="hidden" name="nip"') == 4  # the filter form and the POST


def test_a_double_click_keeps_the_first_slips_valid_and_says_the_batch_is_done(client, impor):
    client.force_login(impor.admin)
    data = {"unit": impor.unit_a.pk, "kunci": KUNCI}
    pertama = client.post(SLIP, data)
    hash_pertama = dict(Pegawai.objects.values_list("nip", "password"))
    kedua = client.post(SLIP, data)
    assert kedua.status_code == 409 and kedua["Content-Type"].startswith("text/html")
    assert "Batch ini sudah dibuat" in kedua.text
    assert dict(Pegawai.objects.values_list("nip", "password")) == hash_pertama
    assert AuditLog.objects.filter(aksi="akun.aktivasi_massal").count() == 1
    (teks,) = teks_pdf(pertama.content)
    impor.pegawai.refresh_from_db()
    assert impor.pegawai.check_password(kata_sandi_dari(teks, impor.pegawai))
    # It offers the same accounts again, resetting them, under a new key.
    ulang = kedua.context["sasaran"]
    assert {p.nama for p in ulang.akun} == {"Atasan Langsung", "Pegawai Satu"}
    assert ulang.diganti == 2 and kedua.context["kunci"] != KUNCI


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_with_one_key_make_one_password_set(impor):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    hasil, ditolak, mulai = [], [], threading.Barrier(2)

    def kirim():
        mulai.wait()
        try:
            hasil.append(aktifkan_akun_massal(impor.admin, kunci=KUNCI, unit_ids=[impor.unit_a.pk]))
        except BatchSudahDibuat:
            ditolak.append(True)
        finally:
            connection.close()

    threads = [threading.Thread(target=kirim) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(hasil) == 1 and len(ditolak) == 1
    for pegawai, kata_sandi in hasil[0]:
        pegawai.refresh_from_db()
        assert pegawai.check_password(kata_sandi)


def test_eleven_slips_take_two_a4_pages(client, impor):
    for i in range(9):
        tanpa_kata_sandi(buat_pegawai(f"Impor {i}", unit_kerja=impor.unit_a))
    client.force_login(impor.admin)
    response = client.post(SLIP, {"unit": impor.unit_a.pk, "kunci": KUNCI})
    halaman = PdfReader(BytesIO(response.content)).pages
    assert len(halaman) == 2
    assert round(float(halaman[0].mediabox.width)) == 595  # A4 portrait, in points


def test_a_choice_with_nobody_to_activate_says_so_and_writes_nothing(client, impor):
    client.force_login(impor.admin)
    sebelum = dict(Pegawai.objects.values_list("nip", "password"))
    response = client.post(SLIP, {"nip": impor.atasan_lain.nip, "kunci": KUNCI})  # has one
    assert "Tidak ada akun yang dapat diaktifkan" in response.text
    assert response["Content-Type"].startswith("text/html")
    assert dict(Pegawai.objects.values_list("nip", "password")) == sebelum


def test_bad_input_comes_back_with_a_message_and_writes_nothing(client, impor):
    client.force_login(impor.admin)
    sebelum = dict(Pegawai.objects.values_list("nip", "password"))
    kosong = client.post(SLIP, {"kunci": KUNCI})
    assert "Pilih unit kerja, atau centang pegawai" in kosong.text
    tanpa_kunci = client.post(SLIP, {"unit": impor.unit_a.pk})
    assert "Muat ulang halaman" in tanpa_kunci.text
    nip_asing = client.post(SLIP, {"nip": "12345", "kunci": KUNCI})
    assert "Pilihan pegawai tidak dikenal" in nip_asing.text
    assert dict(Pegawai.objects.values_list("nip", "password")) == sebelum
    assert not AuditLog.objects.filter(aksi="akun.aktivasi_massal").exists()


def test_a_batch_over_the_limit_is_refused_whole(impor, monkeypatch):
    monkeypatch.setattr(akun_services, "MAKS_AKUN_PER_BATCH", 1)
    with pytest.raises(KepegawaianError, match="paling banyak 1"):
        aktifkan_akun_massal(impor.admin, kunci=KUNCI, unit_ids=[impor.unit_a.pk])
    impor.pegawai.refresh_from_db()
    assert not impor.pegawai.has_usable_password()


@pytest.mark.parametrize("method, url", [("get", HALAMAN), ("post", SLIP)])
def test_only_the_admin_kepegawaian_may_activate_in_bulk(client, impor, method, url):
    kirim = getattr(client, method)
    data = {"unit": impor.unit_a.pk, "kunci": KUNCI}
    assert kirim(url, data).url.startswith(reverse("login"))
    client.force_login(impor.atasan_lain)
    assert kirim(url, data).status_code == 403
    impor.pegawai.refresh_from_db()
    assert not impor.pegawai.has_usable_password()


def test_the_slip_url_takes_only_post_and_the_page_only_get(client, impor):
    client.force_login(impor.admin)
    assert client.get(SLIP).status_code == 405
    assert client.post(HALAMAN).status_code == 405


def test_after_the_download_no_page_shows_the_passwords_again(client, impor):
    client.force_login(impor.admin)
    (teks,) = teks_pdf(client.post(SLIP, {"unit": impor.unit_a.pk, "kunci": KUNCI}).content)
    kata_sandi = kata_sandi_dari(teks, impor.pegawai)
    halaman = client.get(HALAMAN, {"unit": impor.unit_a.pk, "atur_ulang": "on"})
    assert "kata sandi lama diganti" in halaman.text
    lagi = client.post(SLIP, {"unit": impor.unit_a.pk, "kunci": KUNCI})
    detail = client.get(reverse("kepegawaian:pegawai_detail", args=[impor.pegawai.nip]))
    for page in (halaman, lagi, detail):
        assert kata_sandi not in page.text


def test_the_batch_page_reads_a_fixed_number_of_queries_whatever_the_number_of_accounts(
    client, impor
):
    client.force_login(impor.admin)

    def jumlah_query():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(HALAMAN, {"unit": impor.root.pk}).status_code == 200
        return len(ctx.captured_queries)

    jumlah_query()  # the first request of a session reads a little more
    sedikit = jumlah_query()
    for i in range(12):
        tanpa_kata_sandi(buat_pegawai(f"Impor {i}", unit_kerja=impor.unit_b))
    assert jumlah_query() == sedikit


# --- Issue 16 f: who gets a slip, unticked rows, the page after the download ---------------


def test_a_pegawai_not_aktif_gets_no_slip_in_a_batch_and_the_page_says_why(client, impor):
    from accounts.models import StatusKepegawaian

    belajar = buat_pegawai(
        "Sedang Studi", unit_kerja=impor.unit_a, status_kepegawaian=StatusKepegawaian.TUGAS_BELAJAR
    )
    tanpa_kata_sandi(belajar)
    sasaran = sasaran_aktivasi(impor.admin, unit_ids=[impor.unit_a.pk])
    assert belajar not in sasaran.akun
    assert sasaran.dilewati_status == {"Tugas Belajar": 1}
    client.force_login(impor.admin)
    halaman = client.get(HALAMAN, {"unit": impor.unit_a.pk})
    assert "1 akun dilewati karena berstatus Tugas Belajar" in halaman.text
    assert belajar.nip not in halaman.text
    aktifkan_akun_massal(impor.admin, kunci=KUNCI, unit_ids=[impor.unit_a.pk])
    belajar.refresh_from_db()
    assert not belajar.has_usable_password()


def test_rows_unticked_on_the_batch_page_get_no_password(client, impor):
    client.force_login(impor.admin)
    halaman = client.get(HALAMAN, {"unit": impor.unit_a.pk})
    assert halaman.text.count('type="checkbox" name="pilih"') == 2
    assert (
        f'value="{impor.pegawai.nip}" form="form-slip" id="pilih-{impor.pegawai.nip}" checked'
        in (halaman.text)
    )
    data = {"unit": impor.unit_a.pk, "kunci": KUNCI, "pilih_baris": "1", "pilih": impor.pegawai.nip}
    (teks,) = teks_pdf(client.post(SLIP, data).content)
    assert impor.pegawai.nama_lengkap in teks and impor.atasan_langsung.nama not in teks
    impor.atasan_langsung.refresh_from_db()
    assert not impor.atasan_langsung.has_usable_password()
    (audit,) = AuditLog.objects.filter(aksi="akun.aktivasi_massal")
    assert audit.data["nip"] == [impor.pegawai.nip] and audit.data["dikecualikan"] == 1


def test_a_batch_with_every_row_unticked_says_so_and_writes_nothing(client, impor):
    client.force_login(impor.admin)
    sebelum = dict(Pegawai.objects.values_list("nip", "password"))
    response = client.post(SLIP, {"unit": impor.unit_a.pk, "kunci": KUNCI, "pilih_baris": "1"})
    assert response["Content-Type"].startswith("text/html")
    assert "Tidak ada akun yang dicentang" in response.text
    assert 'type="checkbox" name="pilih"' in response.text and " checked>" not in response.text
    assert dict(Pegawai.objects.values_list("nip", "password")) == sebelum


def test_after_the_download_the_page_shows_the_batch_done_not_the_same_offer(client, impor):
    client.force_login(impor.admin)
    response = client.post(SLIP, {"unit": impor.unit_a.pk, "kunci": KUNCI})
    assert response.cookies["slip_akun_selesai"].value == KUNCI
    selesai = client.get(HALAMAN, {"batch": KUNCI})
    assert selesai.status_code == 200
    assert "2 akun telah diaktifkan" in selesai.text
    assert impor.pegawai.nama_lengkap in selesai.text
    assert "akun dapat diaktifkan" not in selesai.text and selesai.context["sasaran"] is None
    assert "Pilih unit kerja" not in selesai.text  # `batch` alone is no invalid choice
    # The same unit again: nobody left to activate.
    lagi = client.get(HALAMAN, {"unit": impor.unit_a.pk})
    assert lagi.context["sasaran"].akun == []
    # Another admin's key, or an unknown one, shows nothing.
    lain = buat_pegawai("Admin Kedua", unit_kerja=impor.root, is_admin_kepegawaian=True)
    client.force_login(lain)
    assert "telah diaktifkan" not in client.get(HALAMAN, {"batch": KUNCI}).text
    assert "telah diaktifkan" not in client.get(HALAMAN, {"batch": "x" * 30}).text
