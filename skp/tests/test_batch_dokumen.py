"""A unit's batch of Form SKP PDFs: requested on the page, built by its task in the worker,
downloaded as a ZIP by the requester only."""

import datetime
from io import BytesIO
import os
import zipfile

from django.urls import reverse
import openpyxl
import pytest

from accounts.models import AuditLog
from accounts.tests.factories import buat_pegawai
from periode.services import tetapkan_supervisi
from skp.cetak import slug_berkas
from skp.exceptions import SkpError
from skp.models import BatchDokumen, StatusBatch
from skp.services.dokumen import bangun_batch_dokumen, minta_batch_dokumen
from skp.tests.bantuan_tugas import jalankan_pekerja
from skp.tests.cetak_data import buat_skp_jpt, buat_skp_staf, buat_upt
from skp.tests.pdf_helpers import semua_teks


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def upt(periode):
    root, upt, divisi, warek, kepala_upt, kepala_divisi = buat_upt(periode)
    staf = [buat_pegawai(f"Staf Data {n}", unit_kerja=divisi) for n in range(2)]
    for pegawai in staf:
        tetapkan_supervisi(
            pegawai, periode, atasan_langsung=kepala_divisi, atasan_penilai=kepala_upt
        )
    buat_skp_jpt(kepala_upt, periode)
    buat_skp_staf(kepala_divisi, periode, 2)
    for pegawai in staf:
        buat_skp_staf(pegawai, periode, 1)
    return locals()


def test_kepala_upt_gets_every_pdf_of_his_subtree_in_one_zip(client, upt, periode):
    client.force_login(upt["kepala_upt"])
    response = client.post(
        reverse("skp:batch_minta"), {"unit_kerja": upt["upt"].pk, "periode": periode.pk}
    )
    assert response.status_code == 302
    batch = BatchDokumen.objects.get()
    assert batch.status == StatusBatch.ANTRI and batch.jumlah_total == 4
    assert AuditLog.objects.filter(aksi="skp.batch_diminta", objek_id=str(batch.pk)).exists()

    jalankan_pekerja()
    batch.refresh_from_db()
    assert batch.status == StatusBatch.SELESAI and batch.jumlah_selesai == 4

    page = client.get(reverse("skp:batch_daftar"))
    assert "Unduh ZIP" in page.content.decode() and "4 dari 4 dokumen" in page.content.decode()
    response = client.get(reverse("skp:batch_unduh", args=[batch.pk]))
    assert response.status_code == 200
    nama = f'filename="SKP_{periode.tahun}_{slug_berkas(upt["upt"].nama)}.zip"'
    assert nama in response["Content-Disposition"] and " " not in nama
    with zipfile.ZipFile(BytesIO(b"".join(response.streaming_content))) as zf:
        names = zf.namelist()
        assert len([n for n in names if n.endswith(".pdf")]) == 4
        assert "DAFTAR_ISI.xlsx" in names and not any(n.endswith(".csv") for n in names)
        pdf = next(n for n in names if "198412012012121002" in n)
        assert "Persentase Penyelesaian Modernisasi Pengelolaan BLU" in semua_teks(zf.read(pdf))
        daftar = _baris_daftar_isi(zf)
        assert daftar[0] == ["NIP", "Nama", "Unit Kerja", "Status SKP", "Berkas"]
        assert any("Staf Data 1" in baris[1] for baris in daftar[1:])
        assert sorted(baris[4] for baris in daftar[1:]) == sorted(
            n for n in names if n.endswith(".pdf")
        )


def _baris_daftar_isi(zf) -> list[list]:
    buku = openpyxl.load_workbook(BytesIO(zf.read("DAFTAR_ISI.xlsx")))
    lembar = buku.active
    baris = [[sel.value for sel in row] for row in lembar.iter_rows()]
    # NIP cells are Text: Excel shows 18 digits, not 1.98412E+17.
    for row in lembar.iter_rows(min_row=2, max_col=1):
        assert row[0].data_type == "s" and row[0].number_format == "@"
    buku.close()
    return baris


def test_the_zip_index_keeps_the_nip_as_text_and_a_name_never_becomes_a_formula(upt, periode):
    staf = upt["staf"][0]
    type(staf).objects.filter(pk=staf.pk).update(nama='=HYPERLINK("http://x")')
    batch = minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    jalankan_pekerja()
    batch.refresh_from_db()
    with zipfile.ZipFile(batch.berkas.open("rb")) as zf:
        daftar = _baris_daftar_isi(zf)
    assert staf.nip in [baris[0] for baris in daftar]
    assert all(len(baris[0]) == 18 for baris in daftar[1:])
    with zipfile.ZipFile(batch.berkas.open("rb")) as zf:
        lembar = openpyxl.load_workbook(BytesIO(zf.read("DAFTAR_ISI.xlsx"))).active
    sel = next(c for row in lembar.iter_rows() for c in row if str(c.value).startswith("=HYP"))
    assert sel.data_type == "s"


def test_a_unit_without_skps_says_so_on_the_batch_page_and_queues_nothing(
    client, upt, cast, periode
):
    from accounts.models import UnitKerja

    kosong = UnitKerja.objects.create(nama="Subbagian Tanpa SKP", induk=upt["upt"])
    client.force_login(cast.admin)
    response = client.post(
        reverse("skp:batch_minta"), {"unit_kerja": kosong.pk, "periode": periode.pk}
    )
    assert response.status_code == 400
    assert (
        f"Subbagian Tanpa SKP beserta sub-unitnya belum memiliki SKP pada periode "
        f"{periode.tahun}" in response.content.decode()
    )
    assert not BatchDokumen.objects.exists()


def test_a_unit_with_skps_none_of_them_mine_to_read_says_that_instead(upt, periode):
    from accounts.models import UnitKerja

    kepala = buat_pegawai("Kepala Subdivisi")
    sub = UnitKerja.objects.create(nama="Subdivisi Arsip", induk=upt["divisi"], kepala=kepala)
    arsiparis = buat_pegawai("Staf Arsip", unit_kerja=sub)
    tetapkan_supervisi(
        arsiparis, periode, atasan_langsung=upt["kepala_divisi"], atasan_penilai=upt["kepala_upt"]
    )
    buat_skp_staf(arsiparis, periode, 1)
    with pytest.raises(SkpError, match="Tidak ada SKP pada unit dan periode ini yang dapat"):
        minta_batch_dokumen(oleh=kepala, unit=sub, periode=periode)


def test_a_batch_left_with_nothing_to_read_fails_with_the_reason_and_makes_no_zip(upt, periode):
    from skp.models import Skp

    batch = minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    # Every SKP of the division is gone by the time the worker runs.
    Skp.objects.filter(pegawai__unit_kerja=upt["divisi"]).delete()
    jalankan_pekerja()
    batch.refresh_from_db()
    assert batch.status == StatusBatch.GAGAL and not batch.berkas
    assert "belum memiliki SKP" in batch.pesan_galat


def test_a_divisions_batch_holds_only_that_division(upt, periode):
    batch = minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    assert batch.jumlah_total == 3
    jalankan_pekerja()
    batch.refresh_from_db()
    with zipfile.ZipFile(batch.berkas.open("rb")) as zf:
        assert not any("198412012012121002" in n for n in zf.namelist())


def test_kepala_divisi_cannot_request_the_upt(upt, periode):
    with pytest.raises(SkpError, match="unit yang Anda pimpin"):
        minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["upt"], periode=periode)


def test_admin_may_request_any_unit(cast, upt, periode):
    batch = minta_batch_dokumen(oleh=cast.admin, unit=upt["root"], periode=periode)
    assert batch.jumlah_total == 4


def test_a_second_request_while_the_first_runs_is_refused_on_the_form(client, upt, periode):
    client.force_login(upt["kepala_divisi"])
    data = {"unit_kerja": upt["divisi"].pk, "periode": periode.pk}
    client.post(reverse("skp:batch_minta"), data)
    response = client.post(reverse("skp:batch_minta"), data)
    assert response.status_code == 400
    assert "sedang disiapkan" in response.content.decode()
    assert BatchDokumen.objects.count() == 1


def test_a_unit_outside_my_subtree_comes_back_as_a_form_error(client, upt, cast, periode):
    client.force_login(upt["kepala_divisi"])
    response = client.post(
        reverse("skp:batch_minta"), {"unit_kerja": cast.unit_b.pk, "periode": periode.pk}
    )
    assert response.status_code == 400
    assert "Pilih unit kerja yang Anda pimpin" in response.content.decode()
    assert not BatchDokumen.objects.exists()


def test_a_job_enqueued_twice_is_built_once(upt, periode):
    batch = minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    kedua = bangun_batch_dokumen.enqueue(batch_id=batch.pk)
    assert jalankan_pekerja() == 2
    kedua.refresh()
    assert kedua.return_value == "dilewati"
    batch.refresh_from_db()
    assert batch.status == StatusBatch.SELESAI and batch.jumlah_selesai == 3


def test_a_request_that_rolls_back_enqueues_no_task(upt, periode):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
        raise RuntimeError("the request fails after the service")
    assert not BatchDokumen.objects.exists() and not DBTaskResult.objects.exists()


def test_status_row_polls_while_running_and_stops_when_done(client, upt, periode):
    batch = minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    client.force_login(upt["kepala_divisi"])
    url = reverse("skp:batch_status", args=[batch.pk])
    assert 'hx-trigger="every 2s"' in client.get(url).content.decode()
    jalankan_pekerja()
    html = client.get(url).content.decode()
    assert "hx-trigger" not in html and "Unduh ZIP" in html


def test_only_the_requester_and_the_admin_see_a_batch(client, upt, cast, periode):
    batch = minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    jalankan_pekerja()
    for user, status in [(upt["kepala_upt"], 404), (cast.pegawai, 404), (cast.admin, 200)]:
        client.force_login(user)
        assert client.get(reverse("skp:batch_unduh", args=[batch.pk])).status_code == status
        assert client.get(reverse("skp:batch_status", args=[batch.pk])).status_code == status


def test_batch_page_access_ladder(client, upt, cast):
    url = reverse("skp:batch_daftar")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(cast.pegawai)  # neither admin nor kepala unit
    assert client.get(url).status_code == 403
    assert client.post(reverse("skp:batch_minta"), {}).status_code == 403
    client.force_login(upt["kepala_divisi"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("skp:batch_minta")).status_code == 405
    assert client.post(reverse("skp:batch_status", args=[1])).status_code == 405


def test_batch_page_query_count_does_not_grow_with_jobs(
    client, upt, periode, django_assert_max_num_queries
):
    client.force_login(upt["kepala_divisi"])
    url = reverse("skp:batch_daftar")
    minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    with django_assert_max_num_queries(50) as ctx:
        client.get(url)
    sedikit = len(ctx.captured_queries)
    BatchDokumen.objects.filter(status=StatusBatch.ANTRI).update(status=StatusBatch.SELESAI)
    for _ in range(5):
        minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
        BatchDokumen.objects.filter(status=StatusBatch.ANTRI).update(status=StatusBatch.GAGAL)
    with django_assert_max_num_queries(sedikit):
        client.get(url)


def test_the_worker_deletes_zips_older_than_a_week_and_the_row_says_so(client, upt, periode):
    from skp.services.dokumen import BATCH_SIMPAN, bersihkan_batch_lama

    batch = minta_batch_dokumen(oleh=upt["kepala_divisi"], unit=upt["divisi"], periode=periode)
    jalankan_pekerja()
    batch.refresh_from_db()
    path = batch.berkas.path
    assert bersihkan_batch_lama() == 0  # fresh: kept
    assert bersihkan_batch_lama(batch.rampung + BATCH_SIMPAN + datetime.timedelta(minutes=1)) == 1
    batch.refresh_from_db()
    assert not batch.berkas and batch.is_kedaluwarsa and not os.path.exists(path)
    client.force_login(upt["kepala_divisi"])
    assert "Berkas sudah dihapus" in client.get(reverse("skp:batch_daftar")).content.decode()
    assert client.get(reverse("skp:batch_unduh", args=[batch.pk])).status_code == 404
