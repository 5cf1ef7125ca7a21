"""Printing a submitted version (SkpVersi) as PDF and .xlsx: from the version's JSON alone,
never the SKP's rows now, so an earlier version stays printable once a later one exists (a
penugasan accepted after penetapan adds one without reopening the SKP). Its print says which
version it is; the current print does not change."""

import datetime
from io import BytesIO
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
import pytest

from accounts.formatting import tanggal_panjang
from skp.berakhlak import NilaiBerakhlak
from skp.cetak import html_skp
from skp.dokumen import dokumen_dari_versi, susun_dokumen
from skp.models import (
    ButirLampiran,
    EkspektasiPerilaku,
    Indikator,
    JenisLampiran,
    JenisRencanaKinerja,
    ModelForm,
    Pendekatan,
    Perspektif,
    RencanaKinerja,
    Skp,
    SkpVersi,
    StatusSkp,
)
from skp.services.drafting import ubah_model_form
from skp.services.workflow import ajukan_skp, isi_versi, kembalikan_skp
from skp.spreadsheets import xlsx_skp
from skp.tests.bantuan_perilaku import jadikan_6_2022
from skp.tests.bantuan_workflow import CATATAN, bawa_ke, skp_siap
from skp.tests.cetak_6_2022_data import EKSPEKTASI, LAMPIRAN, buat_skp_staf_6_2022
from skp.tests.pdf_helpers import semua_teks
from skp.verifikasi import Kecocokan, periksa_kode

pytestmark = pytest.mark.django_db

RK_LAMA = "Tersusunnya laporan layanan TIK"
RK_BARU = "Teks yang diubah langsung di basis data"
PENUGASAN = "Terlaksananya penugasan Rektor: audit keamanan aplikasi"


@pytest.fixture
def skp(cast):
    return skp_siap(cast.pegawai, cast.periode)


def _versi(skp, nomor: int = 1) -> SkpVersi:
    versi = SkpVersi.objects.get(skp=skp, nomor=nomor)
    versi.skp = Skp.objects.select_related("pegawai", "periode").get(pk=skp.pk)
    return versi


def _html(skp, nomor: int = 1) -> str:
    return html_skp(dokumen_dari_versi(_versi(skp, nomor)))


def _html_kini(skp) -> str:
    return html_skp(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)))


def _teks(html: str) -> str:
    """The text of the HTML's body, tags and runs of whitespace collapsed to one space."""
    if "<body>" in html:
        html = html.split("<body>", 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _kode(html: str) -> str:
    return re.search(r"Kode verifikasi:?\s*(?:<[^>]+>\s*)*([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})", html)[
        1
    ]


def _tambah_versi_penugasan(skp) -> SkpVersi:
    """What a penugasan accepted after penetapan does (another branch builds it): a new RK on
    the ditetapkan SKP and a new version with it, the SKP not reopened."""
    rk = RencanaKinerja.objects.create(
        skp=skp, jenis=JenisRencanaKinerja.TAMBAHAN, teks=PENUGASAN, urutan=9
    )
    Indikator.objects.create(rencana_kinerja=rk, teks="Laporan audit", target_teks="1 laporan")
    skp = Skp.objects.select_related("pegawai", "periode").get(pk=skp.pk)
    rencana = RencanaKinerja.objects.filter(skp=skp).prefetch_related("indikator")
    return SkpVersi.objects.create(
        skp=skp,
        nomor=2,
        header=skp.snapshot_header,
        isi=isi_versi(skp, list(rencana)),
        pendekatan="",
    )


# --- What a version prints ---------------------------------------------------------------------


def test_version_1_prints_what_was_submitted_after_the_rows_changed_in_the_database(cast, skp):
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    RencanaKinerja.objects.filter(skp=skp).update(teks=RK_BARU, intervensi_teks_bebas="Lain")
    Indikator.objects.filter(rencana_kinerja__skp=skp).update(teks="IKI baru", satuan="dokumen")

    teks = _teks(_html(skp))
    assert RK_LAMA in teks and "Laporan layanan 12 laporan" in teks
    assert "Terkelolanya layanan TIK unit" in teks
    assert RK_BARU not in teks and "IKI baru" not in teks
    kini = _teks(_html_kini(skp))
    assert RK_BARU in kini and "IKI baru 12 dokumen" in kini


def test_an_earlier_version_says_which_it_is_in_the_state_it_reached(cast, skp):
    bawa_ke(skp, StatusSkp.DIKEMBALIKAN, cast)
    RencanaKinerja.objects.filter(skp=skp).update(teks=RK_BARU)
    ajukan_skp(skp, oleh=cast.pegawai)
    diajukan = tanggal_panjang(timezone.localdate())

    html = _html(skp, 1)
    teks = _teks(html)
    assert f"Versi 1 dari 2, diajukan {diajukan}" in teks
    assert "· Dikembalikan · Versi 1 dari 2" in teks  # the running line on every page
    assert '<div class="watermark"' in html and RK_LAMA in teks and RK_BARU not in teks
    assert f"Versi 2 dari 2, diajukan {diajukan}" in _teks(_html(skp, 2))
    assert RK_BARU in _teks(_html(skp, 2))


def test_the_current_print_says_nothing_of_versions(cast, skp):
    bawa_ke(skp, StatusSkp.DITETAPKAN, cast)
    html = _html_kini(skp)
    assert "Versi " not in _teks(html) and "versi-cetak" not in html


def test_a_version_approved_before_a_penugasan_added_one_prints_as_ditetapkan(cast, skp):
    bawa_ke(skp, StatusSkp.DITETAPKAN, cast)
    _tambah_versi_penugasan(skp)

    satu, dua = _html(skp, 1), _html(skp, 2)
    assert '<div class="watermark"' not in satu and "· Ditetapkan · Versi 1 dari 2" in satu
    assert PENUGASAN not in _teks(satu)
    assert PENUGASAN in _teks(dua) and "Laporan audit 1 laporan" in _teks(dua)
    # The latest version of a ditetapkan SKP is the approved one: its code says it matches;
    # the earlier one's says it is not what is approved now.
    assert periksa_kode(_kode(dua)).kecocokan == Kecocokan.COCOK
    assert periksa_kode(_kode(satu)).kecocokan == Kecocokan.BERBEDA


def test_the_approved_versions_print_carries_the_same_code_as_the_current_print(cast, skp):
    bawa_ke(skp, StatusSkp.DITETAPKAN, cast)
    assert _kode(_html(skp)) == _kode(_html_kini(skp))
    assert periksa_kode(_kode(_html(skp))).kecocokan == Kecocokan.COCOK


def test_a_version_prints_the_date_it_was_submitted_under_the_signatures(cast, skp, settings):
    settings.SKP_TEMPAT_TTD = "Singaraja"
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    lama = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))
    SkpVersi.objects.filter(skp=skp).update(dibuat=lama)
    assert "Singaraja, 5 Januari 2026" in _teks(_html(skp))


def test_a_version_prints_in_the_form_model_it_was_submitted_with(cast, skp):
    bawa_ke(skp, StatusSkp.DIKEMBALIKAN, cast)
    ubah_model_form(skp, oleh=cast.admin, model_form=ModelForm.JPT)
    ajukan_skp(skp, oleh=cast.pegawai)

    satu, dua = _teks(_html(skp, 1)), _teks(_html(skp, 2))
    assert "Form SKP JA/JF (model dasar)" in satu and "DIINTERVENSI" in satu
    assert "Form SKP JPT (model dasar)" in dua and "DIINTERVENSI" not in dua
    # A version from before the model was kept prints in the SKP's model now.
    SkpVersi.objects.filter(skp=skp, nomor=1).update(model_form="")
    assert "Form SKP JPT (model dasar)" in _teks(_html(skp, 1))


def test_an_old_shaped_version_prints(cast, skp):
    """A version as the seed and the first releases wrote it: no ids, no perspektif or
    ukuran_keberhasilan, no pendekatan, a target without its satuan, a header without the
    instansi or the jenis ASN."""
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    header = Skp.objects.get(pk=skp.pk).snapshot_header
    for orang in ("pegawai", "pejabat_penilai", "atasan_penilai"):
        header[orang].pop("jenis_asn", None)
    header.pop("instansi")
    SkpVersi.objects.filter(skp=skp).update(
        header=header,
        isi=[
            {
                "jenis": "utama",
                "teks": "Tersedianya layanan server",
                "intervensi": "Terkelolanya layanan TIK unit",
                "indikator": [{"aspek": "waktu", "teks": "Waktu pemulihan", "target": "1 x 24"}],
            },
            {"jenis": "tambahan", "teks": "Menjadi panitia UTBK", "indikator": []},
        ],
    )
    teks = _teks(_html(skp))
    assert "Tersedianya layanan server" in teks and "Waktu Waktu pemulihan 1 x 24" in teks
    assert "Menjadi panitia UTBK Belum ada indikator" in teks
    assert "Pegawai Satu, S.Kom." in teks
    assert load_workbook(BytesIO(xlsx_skp(dokumen_dari_versi(_versi(skp))))).worksheets


def test_an_old_shaped_version_of_a_6_2022_jpt_skp_prints_without_perilaku_or_lampiran(cast):
    jadikan_6_2022(cast.periode)
    skp = skp_siap(cast.pegawai, cast.periode)
    Skp.objects.filter(pk=skp.pk).update(model_form=ModelForm.JPT)
    RencanaKinerja.objects.filter(skp=skp).update(perspektif=Perspektif.PROSES_BISNIS)
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    versi = SkpVersi.objects.get(skp=skp)
    for rk in versi.isi:
        rk.pop("perspektif", None)
        rk.pop("id")
    versi.perilaku, versi.lampiran, versi.pendekatan = [], [], ""
    versi.save()

    teks = _teks(_html(skp))
    assert "PENDEKATAN HASIL KERJA KUANTITATIF" in teks and "PERSPEKTIF" in teks
    assert f"{RK_LAMA} Laporan layanan 12 laporan –" in teks  # its perspektif: a dash
    assert "Ekspektasi Khusus Pimpinan: –" in teks and "Kompeten" in teks
    assert "DUKUNGAN SUMBER DAYA – –" in teks and "KONSEKUENSI – –" in teks
    wb = load_workbook(BytesIO(xlsx_skp(dokumen_dari_versi(_versi(skp)))))
    assert [ws.title for ws in wb.worksheets] == [f"SKP {cast.periode.tahun}", "Lampiran"]


def test_a_6_2022_version_prints_its_own_expectations_lampiran_and_pendekatan(cast):
    jadikan_6_2022(cast.periode)
    skp = buat_skp_staf_6_2022(cast.pegawai, cast.periode, 2, pendekatan=Pendekatan.KUALITATIF)
    ajukan_skp(skp, oleh=cast.pegawai)
    # Everything the print reads, changed behind the version's back.
    Skp.objects.filter(pk=skp.pk).update(pendekatan=Pendekatan.KUANTITATIF)
    EkspektasiPerilaku.objects.filter(skp=skp).update(teks="Ekspektasi yang diubah")
    ButirLampiran.objects.filter(skp=skp).update(teks="Butir yang diubah")
    RencanaKinerja.objects.filter(skp=skp).update(ukuran_keberhasilan="Ukuran yang diubah")

    html = _html(skp)
    teks = _teks(html)
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in teks
    assert "UKURAN KEBERHASILAN / INDIKATOR KINERJA INDIVIDU, DAN TARGET" in teks
    assert "Sistem dikembangkan sesuai dokumen kebutuhan" in teks
    assert " ".join(EKSPEKTASI[NilaiBerakhlak.KOMPETEN].split()) in teks
    pertama = LAMPIRAN[JenisLampiran.KONSEKUENSI][0]
    assert f"KONSEKUENSI 1 {' '.join(pertama.split())}" in teks
    assert "diubah" not in teks
    kini = _teks(_html_kini(skp))
    assert "Ekspektasi yang diubah" in kini and "Butir yang diubah" in kini

    wb = load_workbook(BytesIO(xlsx_skp(dokumen_dari_versi(_versi(skp)))))
    sel = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert sum("Versi 1 dari 1, diajukan" in str(v) for v in sel) == 2  # both sheets
    assert not any("diubah" in str(v) for v in sel)
    assert "UKURAN KEBERHASILAN / INDIKATOR KINERJA INDIVIDU, DAN TARGET" in sel


def test_a_version_print_reads_the_same_few_queries_for_1_or_20_rk(cast, django_assert_num_queries):
    jadikan_6_2022(cast.periode)
    pendek = buat_skp_staf_6_2022(cast.pegawai, cast.periode, 1)
    panjang = buat_skp_staf_6_2022(cast.pegawai_lain, cast.periode, 20)
    ajukan_skp(pendek, oleh=cast.pegawai)
    ajukan_skp(panjang, oleh=cast.pegawai_lain)
    for skp in (pendek, panjang):
        versi = _versi(skp)
        # The number of versions; the perilaku, the Lampiran and the rows: none.
        with django_assert_num_queries(1):
            html_skp(dokumen_dari_versi(versi))


# --- The URLs ----------------------------------------------------------------------------------


def _url(nama, skp, nomor=1):
    return reverse(nama, args=[skp.pk, nomor])


def test_the_version_pdf_is_the_version_with_its_number_in_the_file_name(client, cast, skp):
    bawa_ke(skp, StatusSkp.DIKEMBALIKAN, cast)
    RencanaKinerja.objects.filter(skp=skp).update(teks=RK_BARU)
    ajukan_skp(skp, oleh=cast.pegawai)
    client.force_login(cast.atasan_langsung)

    response = client.get(_url("skp:versi_pdf", skp))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'inline; filename="SKP_\d{4}_\d{18}_Pegawai_Satu_versi-1\.pdf"',
        response["Content-Disposition"],
    )
    assert response["Cache-Control"] == "private, no-store"
    teks = semua_teks(response.content)
    assert "Versi 1 dari 2, diajukan" in teks and RK_LAMA in teks and RK_BARU not in teks


def test_the_version_xlsx_is_the_version_with_its_number_in_the_file_name(client, cast, skp):
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    RencanaKinerja.objects.filter(skp=skp).update(teks=RK_BARU)
    client.force_login(cast.pegawai)

    response = client.get(_url("skp:versi_xlsx", skp))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('_Pegawai_Satu_versi-1.xlsx"')
    ws = load_workbook(BytesIO(response.content)).active
    sel = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert sel[3].startswith("Versi 1 dari 1, diajukan") and RK_LAMA in sel and RK_BARU not in sel


@pytest.mark.parametrize("nama", ["skp:versi_pdf", "skp:versi_xlsx"])
@pytest.mark.parametrize(
    ("peran", "status"),
    [
        ("pegawai", 200),
        ("atasan_langsung", 200),
        ("atasan_penilai", 200),
        ("admin", 200),
        ("pegawai_lain", 404),
        ("atasan_lain", 404),
    ],
)
def test_a_version_is_printed_for_whoever_reads_the_skp_and_404_for_a_stranger(
    client, cast, skp, nama, peran, status
):
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    client.force_login(getattr(cast, peran))
    assert client.get(_url(nama, skp)).status_code == status


@pytest.mark.parametrize("nama", ["skp:versi_pdf", "skp:versi_xlsx"])
def test_an_unknown_version_or_junk_is_404_and_post_is_405(client, cast, skp, nama):
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    client.force_login(cast.admin)
    assert client.get(_url(nama, skp, 2)).status_code == 404
    assert client.get(_url(nama, skp, 0)).status_code == 404
    assert client.get(_url(nama, skp, 99999999999999999999)).status_code == 404
    assert client.get(reverse(nama, args=[999_999, 1])).status_code == 404
    jenis = nama.removeprefix("skp:versi_")
    for sampah in ("abc", "-1", "1.0", "²"):
        assert client.get(f"/skp/{skp.pk}/versi/{sampah}/{jenis}/").status_code == 404
    assert client.post(_url(nama, skp)).status_code == 405


def test_a_draft_never_submitted_has_no_version_to_print(client, cast, skp):
    client.force_login(cast.pegawai)
    assert client.get(_url("skp:versi_pdf", skp)).status_code == 404


@pytest.mark.parametrize("nama", ["skp:versi_pdf", "skp:versi_xlsx"])
def test_anonymous_is_sent_to_login(client, cast, skp, nama):
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    response = client.get(_url(nama, skp))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The history page ------------------------------------------------------------------------


def test_the_history_page_links_each_version_to_its_pdf_and_xlsx(client, cast, skp):
    bawa_ke(skp, StatusSkp.DIKEMBALIKAN, cast)
    ajukan_skp(skp, oleh=cast.pegawai)
    kembalikan_skp(skp, oleh=cast.atasan_langsung, catatan=CATATAN)
    client.force_login(cast.atasan_penilai)

    html = client.get(reverse("skp:riwayat", args=[skp.pk])).content.decode()
    for nomor in (1, 2):
        assert f'href="{_url("skp:versi_pdf", skp, nomor)}"' in html
        assert f'href="{_url("skp:versi_xlsx", skp, nomor)}"' in html
    assert html.count("Unduh PDF") == 2 and html.count("Unduh Excel") == 2
    assert 'Unduh PDF<span class="visually-hidden"> versi 2</span>' in html


def test_the_history_page_of_a_draft_links_no_version(client, cast, skp):
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:riwayat", args=[skp.pk])).content.decode()
    assert "Unduh PDF" not in html and "/versi/" not in html


@pytest.mark.parametrize("nama", ["skp:versi_pdf", "skp:versi_xlsx"])
def test_the_version_download_reads_the_same_few_queries_for_1_or_20_rk(client, cast, nama):
    jadikan_6_2022(cast.periode)
    pendek = buat_skp_staf_6_2022(cast.pegawai, cast.periode, 1)
    panjang = buat_skp_staf_6_2022(cast.pegawai_lain, cast.periode, 20)
    for skp, pemilik in ((pendek, cast.pegawai), (panjang, cast.pegawai_lain)):
        ajukan_skp(skp, oleh=pemilik)
        kembalikan_skp(
            skp,
            oleh=getattr(cast, "atasan_langsung" if skp is pendek else "atasan_lain"),
            catatan=CATATAN,
        )
        ajukan_skp(skp, oleh=pemilik)
    client.force_login(cast.atasan_penilai)  # a reader asked the viewer rule itself
    jumlah = []
    for skp in (pendek, panjang):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(nama, skp, 1)).status_code == 200
        jumlah.append(len(queries))
    # The session and the reader, the SKP and the viewer rule, the version, the number of
    # versions and the state version 1 reached.
    assert jumlah == [7, 7]
