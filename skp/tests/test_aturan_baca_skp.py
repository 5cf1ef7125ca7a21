"""One viewer rule for every way out (issue 13.3): every route that shows an SKP agrees with
the SKP page for every member of the cast, the pages link only to SKPs their reader may open,
and a batch ZIP holds exactly the SKPs its requester can open one by one, asked again when
the worker builds it and when it is downloaded. Who reads which SKP is written out here, not
computed from the app's rule."""

import datetime
import importlib
import io
import os
import re
from types import SimpleNamespace
import zipfile

from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook
import pytest

from accounts.tests.factories import buat_pegawai, buat_unit
from periode.models import Periode
from periode.services import tetapkan_supervisi
from skp.models import BatchDokumen, Komentar, Skp, StatusSkp
from skp.tests.bantuan_tugas import jalankan_pekerja
from skp.tests.bantuan_workflow import bawa_ke, isi_lengkap, skp_siap

PERAN = (
    "pegawai",
    "pegawai_lain",
    "atasan_langsung",
    "atasan_penilai",
    "atasan_lain",
    "admin",
    "staf_a1",
)
# Whose SKP → who may read it. The atasan penilai heads the top unit (Universitas Contoh):
# that alone gives him neither the admin's SKP nor that of Staf A1 (Subbagian A1 under
# Unit A), whom he does not assess. The atasan lain was Pegawai Satu's atasan langsung last
# year and reads that year's SKP only; this year's atasan of Pegawai Satu does not read it.
PEMBACA = {
    "pegawai": {"pegawai", "atasan_langsung", "atasan_penilai", "admin"},
    "pegawai_tahun_lalu": {"pegawai", "atasan_lain", "admin"},
    "pegawai_lain": {"pegawai_lain", "atasan_lain", "atasan_penilai", "admin"},
    "atasan_langsung": {"atasan_langsung", "atasan_penilai", "admin"},
    "atasan_lain": {"atasan_lain", "atasan_penilai", "admin"},
    "atasan_penilai": {"atasan_penilai", "admin"},
    "admin": {"admin"},
    "staf_a1": {"staf_a1", "atasan_langsung", "admin"},
}
BACA = ("skp:detail", "skp:pdf", "skp:xlsx", "skp:riwayat", "skp:tinjau")
# The confirmation pages show the whole SKP too; in scope they answer 200, 403 or 409.
AKSI = ("skp:ajukan", "skp:setujui", "skp:kembalikan")
RK_STAF_A1 = "Terarsipnya surat masuk Subbagian A1"


@pytest.fixture(autouse=True)
def fast_hashing(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def _periode_lalu(periode: Periode) -> Periode:
    tahun = periode.tahun - 1
    return Periode.objects.create(
        tahun=tahun,
        tanggal_mulai=datetime.date(tahun, 1, 1),
        tanggal_selesai=datetime.date(tahun, 12, 31),
        penyusunan_mulai=datetime.date(tahun, 5, 20),
        penyusunan_selesai=datetime.date(tahun, 5, 27),
        validasi_mulai=datetime.date(tahun, 5, 27),
        validasi_selesai=datetime.date(tahun, 5, 31),
    )


@pytest.fixture
def dunia(cast):
    """The cast with an SKP each, Staf A1 in a sub-unit of Unit A (atasan langsung: the
    kepala of Unit A, no atasan penilai), and Pegawai Satu's SKP of last year."""
    unit_a1 = buat_unit("Subbagian A1", cast.unit_a)
    staf_a1 = buat_pegawai("Staf A1", unit_kerja=unit_a1)
    tetapkan_supervisi(
        staf_a1, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
    )
    orang = {peran: getattr(cast, peran, None) for peran in PERAN} | {"staf_a1": staf_a1}
    skp = {peran: skp_siap(orang[peran], cast.periode) for peran in PERAN if peran != "staf_a1"}
    skp["staf_a1"] = Skp.objects.create(pegawai=staf_a1, periode=cast.periode)
    isi_lengkap(skp["staf_a1"], teks=RK_STAF_A1)
    bawa_ke(skp["pegawai"], StatusSkp.DIAJUKAN, cast)  # a version for the history
    lalu = _periode_lalu(cast.periode)
    tetapkan_supervisi(cast.pegawai, lalu, atasan_langsung=cast.atasan_lain, atasan_penilai=None)
    skp["pegawai_tahun_lalu"] = skp_siap(cast.pegawai, lalu)
    return SimpleNamespace(cast=cast, orang=orang, skp=skp, unit_a1=unit_a1)


@pytest.mark.parametrize("peran", PERAN)
def test_every_route_that_shows_an_skp_agrees_with_the_skp_page(client, dunia, peran):
    client.force_login(dunia.orang[peran])
    for pemilik, skp in dunia.skp.items():
        boleh = peran in PEMBACA[pemilik]
        jawaban = {nama: client.get(reverse(nama, args=[skp.pk])).status_code for nama in BACA}
        assert jawaban == dict.fromkeys(BACA, 200 if boleh else 404), f"SKP {pemilik}"
        for nama in AKSI:
            status = client.get(reverse(nama, args=[skp.pk])).status_code
            assert (status != 404) == boleh, f"{nama} SKP {pemilik}: {status}"


@pytest.mark.parametrize("peran", PERAN)
def test_the_print_of_a_submitted_version_agrees_with_the_skp_page(client, dunia, peran):
    client.force_login(dunia.orang[peran])
    skp = dunia.skp["pegawai"]  # the one submitted: version 1
    boleh = peran in PEMBACA["pegawai"]
    for nama in ("skp:versi_pdf", "skp:versi_xlsx"):
        status = client.get(reverse(nama, args=[skp.pk, 1])).status_code
        assert status == (200 if boleh else 404), nama


def _rute_post(skp: Skp) -> list[tuple[str, list]]:
    rk = skp.rencana_kinerja.first()
    iki = rk.indikator.first()
    catatan = skp.komentar.first() or Komentar.objects.create(
        skp=skp, rencana_kinerja=rk, teks="Rinci sumber datanya."
    )
    return [
        ("skp:rk_tambah", [skp.pk, "utama"]),
        ("skp:rk_ubah", [skp.pk, rk.pk]),
        ("skp:rk_hapus", [skp.pk, rk.pk]),
        ("skp:rk_pindah", [skp.pk, rk.pk]),
        ("skp:iki_tambah", [skp.pk, rk.pk]),
        ("skp:iki_ubah", [skp.pk, iki.pk]),
        ("skp:iki_hapus", [skp.pk, iki.pk]),
        ("skp:iki_pindah", [skp.pk, iki.pk]),
        ("skp:salin", [skp.pk]),
        ("skp:model_form", [skp.pk]),
        ("skp:komentar", [skp.pk]),
        ("skp:komentar_balas", [skp.pk, catatan.pk]),
        ("skp:komentar_selesai", [skp.pk, catatan.pk]),
        ("skp:komentar_buka", [skp.pk, catatan.pk]),
        *[(nama, [skp.pk]) for nama in AKSI],
    ]


def _jejak(skp: Skp) -> tuple:
    return (
        skp.status,
        list(skp.rencana_kinerja.values_list("teks", flat=True)),
        list(skp.komentar.order_by("pk").values_list("pk", "selesai_pada")),
    )


@pytest.mark.parametrize("peran", PERAN)
def test_whoever_may_not_read_an_skp_gets_404_from_every_post_route_and_changes_nothing(
    client, dunia, peran
):
    client.force_login(dunia.orang[peran])
    for pemilik, skp in dunia.skp.items():
        if peran in PEMBACA[pemilik]:
            continue
        rute = _rute_post(skp)
        sebelum = _jejak(skp)
        for nama, args in rute:
            data = {"teks": "Disisipkan", "catatan": "Disisipkan", "arah": "naik"}
            status = client.post(reverse(nama, args=args), data).status_code
            assert status == 404, f"{nama} SKP {pemilik}: {status}"
        skp.refresh_from_db()
        assert _jejak(skp) == sebelum


def test_anonymous_is_sent_to_login_from_every_route(client, dunia):
    skp = dunia.skp["pegawai"]
    for nama in BACA + AKSI:
        response = client.get(reverse(nama, args=[skp.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], nama


@pytest.mark.parametrize("peran", PERAN)
def test_pages_link_only_to_skps_their_reader_may_open(client, dunia, peran):
    client.force_login(dunia.orang[peran])
    boleh = {skp.pk for pemilik, skp in dunia.skp.items() if peran in PEMBACA[pemilik]}
    tahun = dunia.cast.periode.tahun
    halaman = ["/", "/skp/", "/validasi/", f"/rekap/{tahun}/", "/dokumen/batch/"]
    for url in halaman:
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code == 403, url  # not for this role at all
            continue
        tertaut = {int(pk) for pk in re.findall(r"/skp/(\d+)/", response.content.decode())}
        assert tertaut <= boleh, f"{url} links to SKP {tertaut - boleh}"


def test_the_rekap_shows_a_kepala_the_status_of_his_units_but_no_skp_content(client, dunia):
    kepala = dunia.cast.atasan_penilai  # heads the top unit; does not assess Staf A1
    client.force_login(kepala)
    tahun = dunia.cast.periode.tahun
    html = client.get(f"/rekap/{tahun}/").content.decode()
    assert "Subbagian A1" in html  # management data: counts per unit and status
    assert RK_STAF_A1 not in html
    workbook = load_workbook(io.BytesIO(client.get(f"/rekap/{tahun}/unduh/").content))
    teks = {str(c.value) for ws in workbook for row in ws.iter_rows() for c in row}
    assert "Staf A1" in teks and RK_STAF_A1 not in teks


def _minta_dan_bangun(client, pegawai, unit, periode) -> BatchDokumen:
    client.force_login(pegawai)
    response = client.post(
        reverse("skp:batch_minta"), {"unit_kerja": unit.pk, "periode": periode.pk}
    )
    assert response.status_code == 302, response.content.decode()
    jalankan_pekerja()
    return BatchDokumen.objects.filter(diminta_oleh=pegawai, unit_kerja=unit).first()


def _nip_dalam_zip(response) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        return {re.search(r"_(\d{18})_", n).group(1) for n in zf.namelist() if n.endswith(".pdf")}


# fmt: off
BATCH = [
    ("atasan_penilai", "root",
     {"pegawai", "pegawai_lain", "atasan_langsung", "atasan_lain", "atasan_penilai"}),
    ("atasan_langsung", "unit_a", {"pegawai", "atasan_langsung", "staf_a1"}),
    ("atasan_lain", "unit_b", {"pegawai_lain", "atasan_lain"}),
    ("admin", "root", set(PERAN)),
]
# fmt: on


@pytest.mark.parametrize(("peran", "unit", "isi"), BATCH, ids=[b[0] for b in BATCH])
def test_a_batch_holds_exactly_the_skps_its_requester_can_open_one_by_one(
    client, dunia, peran, unit, isi
):
    pemohon = dunia.orang[peran]
    batch = _minta_dan_bangun(client, pemohon, getattr(dunia.cast, unit), dunia.cast.periode)
    response = client.get(reverse("skp:batch_unduh", args=[batch.pk]))
    assert response.status_code == 200
    nip = _nip_dalam_zip(response)
    assert nip == {dunia.orang[p].nip for p in isi}
    assert batch.jumlah_total == batch.jumlah_selesai == len(isi)
    for pemilik in isi:  # and each of them opens one by one
        pdf = client.get(reverse("skp:pdf", args=[dunia.skp[pemilik].pk]))
        assert pdf.status_code == 200, pemilik


def test_a_kepala_who_may_open_no_skp_of_a_unit_gets_a_form_error_and_no_batch(client, dunia):
    client.force_login(dunia.cast.atasan_penilai)
    response = client.post(
        reverse("skp:batch_minta"),
        {"unit_kerja": dunia.unit_a1.pk, "periode": dunia.cast.periode.pk},
    )
    assert response.status_code == 400
    assert "Tidak ada SKP pada unit dan periode ini yang dapat Anda buka" in (
        response.content.decode()
    )
    assert not BatchDokumen.objects.exists()


def _ganti_atasan_pegawai_satu(cast) -> None:
    tetapkan_supervisi(
        cast.pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_lain,
        atasan_penilai=cast.atasan_penilai,
    )


def test_the_worker_asks_the_rule_again_when_it_builds_the_zip(client, dunia):
    cast = dunia.cast
    client.force_login(cast.atasan_langsung)
    client.post(
        reverse("skp:batch_minta"), {"unit_kerja": cast.unit_a.pk, "periode": cast.periode.pk}
    )
    assert BatchDokumen.objects.get().jumlah_total == 3
    _ganti_atasan_pegawai_satu(cast)  # before the worker gets to it
    jalankan_pekerja()
    batch = BatchDokumen.objects.get()
    assert batch.jumlah_total == batch.jumlah_selesai == 2
    response = client.get(reverse("skp:batch_unduh", args=[batch.pk]))
    assert cast.pegawai.nip not in _nip_dalam_zip(response)
    assert client.get(reverse("skp:pdf", args=[dunia.skp["pegawai"].pk])).status_code == 404


def test_a_zip_holding_an_skp_its_requester_may_no_longer_open_is_not_sent(client, dunia):
    cast = dunia.cast
    batch = _minta_dan_bangun(client, cast.atasan_langsung, cast.unit_a, cast.periode)
    _ganti_atasan_pegawai_satu(cast)  # after the build
    assert client.get(reverse("skp:batch_unduh", args=[batch.pk])).status_code == 404
    for url in (reverse("skp:batch_daftar"), reverse("skp:batch_status", args=[batch.pk])):
        html = client.get(url).content.decode()
        assert "tidak lagi dapat Anda buka" in html and "Unduh ZIP" not in html, url
    client.force_login(cast.admin)  # who reads every SKP still may
    assert client.get(reverse("skp:batch_unduh", args=[batch.pk])).status_code == 200


def test_batch_page_query_count_does_not_grow_with_the_skps_in_its_zips(
    client, dunia, django_assert_max_num_queries
):
    cast = dunia.cast
    _minta_dan_bangun(client, cast.atasan_langsung, cast.unit_a, cast.periode)
    url = reverse("skp:batch_daftar")
    with django_assert_max_num_queries(50) as ctx:
        client.get(url)
    sedikit = len(ctx.captured_queries)
    for n in range(5):
        staf = buat_pegawai(f"Staf A {n}", unit_kerja=cast.unit_a)
        tetapkan_supervisi(
            staf, cast.periode, atasan_langsung=cast.atasan_langsung, atasan_penilai=None
        )
        skp_siap(staf, cast.periode)
    _minta_dan_bangun(client, cast.atasan_langsung, dunia.unit_a1, cast.periode)
    with django_assert_max_num_queries(sedikit):
        client.get(url)


def test_zips_built_before_batches_remembered_their_skps_are_expired_by_the_migration(
    client, dunia
):
    migrasi = importlib.import_module("skp.migrations.0007_batch_dokumen_isi")
    cast = dunia.cast
    batch = _minta_dan_bangun(client, cast.atasan_penilai, cast.root, cast.periode)
    path = batch.berkas.path
    migrasi.kedaluwarsakan_zip_lama(apps, None)
    batch.refresh_from_db()
    assert batch.is_kedaluwarsa and not batch.berkas
    assert not os.path.exists(path)
