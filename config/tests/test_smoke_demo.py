"""The demo as `make run` serves it: `seed_demo`, then the main pages of each role through the
test client, and the drafting and workflow posts that once broke on SQLite only (an ORDER BY
inside a UNION). `make test` runs this file a second time on SQLite, the demo's database; the
suite itself runs on PostgreSQL."""

import re

from django.core.management import call_command
from django.test import Client
import pytest

from accounts.models import Pegawai
from kpi.models import MatriksPeranHasil
from periode.demo import ADMIN_NIP, KEPALA_UPT_NIP, SUPERUSER_NIP
from periode.models import Periode
from skp.models import Indikator, RencanaKinerja, Skp, StatusSkp

pytestmark = pytest.mark.django_db

STAF_NIP = "199105172019031012"
KADIV_NIP = "198703222010121003"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    return Periode.objects.berjalan()


def masuk(nip: str) -> Client:
    client = Client()
    client.force_login(Pegawai.objects.get(nip=nip))
    return client


def semua_200(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            assert "{#" not in response.text and "{%" not in response.text, url


def test_every_role_opens_its_main_pages(demo):
    skp_staf = Skp.objects.get(pegawai__nip=STAF_NIP, periode=demo)
    rk = skp_staf.rencana_kinerja.first()
    semua_200(
        masuk(STAF_NIP),
        [
            "/",
            "/skp/",
            f"/skp/{skp_staf.pk}/",
            f"/skp/{skp_staf.pk}/riwayat/",
            f"/skp/{skp_staf.pk}/xlsx/",
            "/uraian-tugas/",
            *(
                [f"/skp/{skp_staf.pk}/?ubah_rk={rk.pk}", f"/skp/{skp_staf.pk}/?tambah_rk=utama"]
                if rk and skp_staf.status in (StatusSkp.DRAF, StatusSkp.DIKEMBALIKAN)
                else []
            ),
        ],
    )
    semua_200(
        masuk(KADIV_NIP),
        [
            "/",
            "/validasi/",
            f"/skp/{skp_staf.pk}/tinjau/",
            "/matriks/",
            "/kpi/",
            "/rekap/2022/",
        ],
    )
    matriks = MatriksPeranHasil.objects.filter(ketua__nip=KADIV_NIP, periode=demo).first()
    if matriks:
        semua_200(masuk(KADIV_NIP), [f"/matriks/{matriks.pk}/", f"/matriks/{matriks.pk}/terapkan/"])
    pegawai = Pegawai.objects.get(nip=STAF_NIP)
    semua_200(
        masuk(ADMIN_NIP),
        [
            "/",
            "/accounts/pegawai/",
            f"/accounts/pegawai/{STAF_NIP}/",
            f"/accounts/pegawai/{STAF_NIP}/ubah/",
            f"/accounts/pegawai/{SUPERUSER_NIP}/",
            "/accounts/unit/",
            "/accounts/pegawai/impor/",
            "/periode/",
            "/dispensasi/",
            f"/rekap/{demo.tahun}/",
            "/dokumen/batch/",
            f"/skp/{skp_staf.pk}/",
            f"/uraian-tugas/{pegawai.pk}/",
        ],
    )
    semua_200(masuk(KEPALA_UPT_NIP), ["/", "/validasi/", f"/rekap/{demo.tahun}/"])


def test_a_pegawai_drafts_and_submits_and_the_atasan_returns_it(demo):
    """The posts of the drafting journey, intervensi choice included (the SQLite-only bug)."""
    staf = Pegawai.objects.get(nip=STAF_NIP)
    skp = Skp.objects.get(pegawai=staf, periode=demo)
    if skp.status not in (StatusSkp.DRAF, StatusSkp.DIKEMBALIKAN):
        pytest.skip("the demo staff's SKP is not a draft")
    client = masuk(STAF_NIP)
    halaman = client.get(f"/skp/{skp.pk}/?tambah_rk=utama").text
    pilihan = re.search(r'name="rk-utama-intervensi" value="(\d+)"', halaman)
    assert pilihan, "the atasan's RK are offered to intervene"
    kunci = re.search(r'name="rk-utama-kunci_kirim" value="([0-9a-f-]+)"', halaman)[1]
    data = {
        "rk-utama-teks": "Tersedianya panduan layanan SSO",
        "rk-utama-intervensi": pilihan[1],
        "rk-utama-iki_teks": "Jumlah panduan",
        "rk-utama-iki_target": "3",
        "rk-utama-iki_satuan": "dokumen",
        "rk-utama-kunci_kirim": kunci,
    }
    assert client.post(f"/skp/{skp.pk}/rk/tambah/utama/", data).status_code == 302
    assert client.post(f"/skp/{skp.pk}/rk/tambah/utama/", data).status_code == 302  # twice
    rk = RencanaKinerja.objects.get(skp=skp, teks="Tersedianya panduan layanan SSO")
    # A matriks cell without a target left its IKI without one: the pegawai fills it in.
    for iki in Indikator.objects.filter(
        rencana_kinerja__skp=skp, target_min__isnull=True, target_teks=""
    ):
        p = f"iki-{iki.pk}"
        form = client.get(f"/skp/{skp.pk}/?ubah_iki={iki.pk}").text
        revisi_iki = re.search(rf'name="{p}-revisi" value="(\d+)"', form)[1]
        data = {
            f"{p}-aspek": iki.aspek,
            f"{p}-teks": iki.teks,
            f"{p}-target": "4",
            f"{p}-satuan": "dokumen",
            f"{p}-arah": "",
            f"{p}-revisi": revisi_iki,
        }
        assert client.post(f"/skp/{skp.pk}/iki/{iki.pk}/ubah/", data).status_code == 302
    konfirmasi = client.get(f"/skp/{skp.pk}/ajukan/").text
    revisi = re.search(r'name="revisi" value="(\d+)"', konfirmasi)
    assert revisi, "the demo SKP is ready to submit"
    assert client.post(f"/skp/{skp.pk}/ajukan/", {"revisi": revisi[1]}).status_code == 302
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIAJUKAN and rk.skp_id == skp.pk
    atasan = masuk(KADIV_NIP)
    halaman = atasan.get(f"/skp/{skp.pk}/kembalikan/").text
    revisi = re.search(r'name="revisi" value="(\d+)"', halaman)[1]
    response = atasan.post(
        f"/skp/{skp.pk}/kembalikan/", {"catatan": "Rinci target waktunya.", "revisi": revisi}
    )
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIKEMBALIKAN
