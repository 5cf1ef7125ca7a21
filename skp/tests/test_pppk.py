"""PPPK pegawai (PermenPANRB 6/2022, DOMAIN.md §2, §9) draft and are validated like PNS,
through the real login, pages and services; their golongan (I–XVII) prints without a
pangkat in the PANGKAT/GOL RUANG field of the page, the snapshot, the PDF and the .xlsx,
while a PNS beside them keeps "Penata Muda, III/a"."""

from io import BytesIO

from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook
import pytest

from accounts.models import JenisAsn
from accounts.tests.factories import PASSWORD, buat_pegawai
from periode.models import ProfilRegulasi
from periode.services import tetapkan_supervisi
from skp.cetak import html_skp
from skp.dokumen import Identitas, susun_dokumen
from skp.models import Skp, SkpTransisi, StatusSkp
from skp.services.drafting import mulai_skp
from skp.spreadsheets import xlsx_skp
from skp.tests.bantuan_workflow import revisi
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk

S = StatusSkp
NI_PPPK = "199203152021212001"  # digits 13–14 are a code (21), not a TMT month


@pytest.fixture
def pppk(cast):
    cast.periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_6_2022
    cast.periode.save(update_fields=["profil_regulasi"])
    pegawai = buat_pegawai(
        "Putu Pegawai Pppk",
        nip=NI_PPPK,
        jenis_asn=JenisAsn.PPPK,
        golongan="IX",
        jabatan="Pranata Komputer Ahli Pertama",
        unit_kerja=cast.unit_a,
        email="pppk@contoh.ac.id",
    )
    tetapkan_supervisi(
        pegawai,
        cast.periode,
        atasan_langsung=cast.atasan_langsung,
        atasan_penilai=cast.atasan_penilai,
    )
    return pegawai


def data_rk_baru(intervensi: int) -> dict:
    p = "rk-utama"
    return {
        f"{p}-teks": "Tersedianya layanan helpdesk sistem informasi",
        f"{p}-intervensi": intervensi,
        f"{p}-iki_teks": "Jumlah tiket layanan yang diselesaikan",
        f"{p}-iki_target": "120",
        f"{p}-iki_satuan": "tiket",
    }


def test_a_pppk_logs_in_drafts_submits_and_is_validated_like_a_pns(client, cast, pppk):
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    # Logs in with the NI PPPK as typed on paper, spaces and all.
    masuk = client.post(
        reverse("login"), {"username": "19920315 202121 2 001", "password": PASSWORD}
    )
    assert masuk.status_code == 302
    assert int(client.session["_auth_user_id"]) == pppk.pk

    assert (
        f"Mulai menyusun SKP {cast.periode.tahun}"
        in client.get(reverse("skp:daftar")).content.decode()
    )
    client.post(reverse("skp:mulai"), {"periode": cast.periode.pk})
    skp = Skp.objects.get(pegawai=pppk, periode=cast.periode)
    tambah = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]), data_rk_baru(rk_atasan.pk)
    )
    assert tambah.status_code == 302, tambah.content.decode()[:2000]
    halaman = client.get(reverse("skp:detail", args=[skp.pk])).content.decode()
    assert "Golongan IX" in halaman
    assert "Penata Muda, III/a" in halaman  # the pejabat penilai, a PNS

    ajukan = client.post(reverse("skp:ajukan", args=[skp.pk]), {"revisi": revisi(skp)})
    assert ajukan.status_code == 302
    skp.refresh_from_db()
    assert skp.status == S.DIAJUKAN
    assert skp.snapshot_header["pegawai"]["pangkat_golongan"] == "Golongan IX"
    assert skp.snapshot_header["pegawai"]["nip"] == NI_PPPK

    client.force_login(cast.atasan_langsung)
    kotak = client.get(reverse("skp:validasi")).context["kotak"]
    assert [b.pegawai for b in kotak.menunggu] == [pppk]
    client.post(reverse("skp:setujui", args=[skp.pk]), {"revisi": revisi(skp)})
    client.force_login(cast.atasan_penilai)
    client.post(reverse("skp:setujui", args=[skp.pk]), {"revisi": revisi(skp)})
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN
    assert list(SkpTransisi.objects.filter(skp=skp).values_list("aktor", flat=True)) == [
        pppk.pk,
        cast.atasan_langsung.pk,
        cast.atasan_penilai.pk,
    ]


def test_a_pppk_golongan_reads_without_pangkat_and_a_pns_keeps_its_pangkat(cast, pppk):
    assert Identitas.dari(pppk).pangkat_golongan == "Golongan IX"
    assert pppk.pangkat == ""
    assert Identitas.dari(cast.atasan_langsung).pangkat_golongan == "Penata Muda, III/a"
    tanpa = buat_pegawai(
        "Pppk Tanpa Golongan", nip="199001012019081002", jenis_asn="PPPK", golongan=""
    )
    assert tanpa.pangkat_golongan == ""  # printed as "–", never "Golongan "


@pytest.mark.parametrize("golongan", ["I", "V", "IX", "XVII"])
def test_every_pppk_golongan_prints_as_golongan_alone(db, golongan):
    pegawai = get_user_model().objects.create_user(
        "199203152021212002", PASSWORD, nama="P", jenis_asn=JenisAsn.PPPK, golongan=golongan
    )
    assert pegawai.pangkat_golongan == f"Golongan {golongan}"


def test_the_pdf_and_xlsx_of_a_pppk_print_the_golongan_without_pangkat(cast, pppk):
    _, rk_atasan = skp_atasan_dengan_rk(cast)
    skp = mulai_skp(pppk, cast.periode, oleh=pppk)
    tambah_rk(skp, intervensi_id=rk_atasan.pk)
    dokumen = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))
    html = html_skp(dokumen)
    assert "<td>Golongan IX</td>" in html
    assert "<td>Penata Muda, III/a</td>" in html
    lembar = load_workbook(BytesIO(xlsx_skp(dokumen))).active
    nilai = {c.value for row in lembar.iter_rows() for c in row if c.value}
    assert "Golongan IX" in nilai and "Penata Muda, III/a" in nilai
