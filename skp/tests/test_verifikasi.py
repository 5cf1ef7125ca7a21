"""A paper Form SKP is checked without logging in (issue 15.8): its code says whose SKP it is
and whether what was printed is what was approved, and nobody reads anything by guessing codes."""

from io import BytesIO

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
import pytest

from skp.cetak import html_skp, pdf_skp_by_id
from skp.dokumen import header_live, susun_dokumen
from skp.models import RencanaKinerja, Skp, SkpVersi, StatusSkp
from skp.services.drafting import ubah_rencana_kinerja
from skp.services.lampiran import tambah_butir_lampiran
from skp.services.perilaku import tulis_ekspektasi
from skp.services.workflow import ajukan_skp, kembalikan_skp, setujui_skp
from skp.spreadsheets import xlsx_skp
from skp.tests.bantuan_lampiran import DSD, jadikan_6_2022
from skp.tests.bantuan_perilaku import EKSPEKTASI_AKUNTABEL
from skp.tests.bantuan_workflow import CATATAN, bawa_ke
from skp.tests.pdf_helpers import semua_teks
from skp.verifikasi import (
    ALFABET,
    Kecocokan,
    baca_kode,
    buat_kode,
    kelompokkan,
    periksa_kode,
    sidik_isi,
    tanda_verifikasi,
)

S = StatusSkp
SIDIK = bytes(range(32))


def cetak(skp) -> str:
    """The code a print of the SKP made now carries (ungrouped)."""
    return tanda_verifikasi(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))).kode


def url(kode: str) -> str:
    return f"/verifikasi/{kode}/"


# --- The code --------------------------------------------------------------------------------


def test_a_code_gives_back_the_skp_and_the_fingerprint_it_was_made_from():
    kode = buat_kode(4_000_000_123, SIDIK)
    assert len(kode) == 24 and set(kode) <= set(ALFABET)
    terbaca = baca_kode(kode)
    assert (terbaca.skp_id, terbaca.sidik) == (4_000_000_123, SIDIK[:5])


def test_a_code_is_read_as_typed_in_any_case_with_or_without_dashes_and_o_i_l_for_0_1():
    kode = buat_kode(42, SIDIK)
    ketikan = [
        kelompokkan(kode),
        kelompokkan(kode).lower(),
        " ".join(kelompokkan(kode).split("-")),
        f"  {kode}\n",
        kode.replace("0", "O").replace("1", "I"),
        kode.replace("1", "l").lower(),
        "".join(chr(ord(c) + 0xFEE0) for c in kode),  # full-width, as some phone keyboards type
    ]
    for teks in ketikan:
        assert baca_kode(teks) == baca_kode(kode), teks


def test_codes_of_two_skps_look_unrelated_and_do_not_show_the_skp_id():
    satu, dua = buat_kode(1, SIDIK), buat_kode(2, SIDIK)
    assert not satu.startswith("0000") and satu[:4] != dua[:4]


def test_a_code_with_any_one_symbol_changed_is_refused():
    kode = buat_kode(42, SIDIK)
    for i, c in enumerate(kode):
        for ganti in ALFABET[(ALFABET.index(c) + 1) % 32], ALFABET[(ALFABET.index(c) + 17) % 32]:
            assert baca_kode(kode[:i] + ganti + kode[i + 1 :]) is None, (i, ganti)


def test_a_code_made_with_another_secret_key_is_refused(settings):
    settings.SECRET_KEY = "kunci-lain-" + "x" * 40
    kode = buat_kode(42, SIDIK)
    settings.SECRET_KEY = "kunci-sekarang-" + "y" * 40
    assert baca_kode(kode) is None


def test_paper_printed_before_a_key_rotation_still_checks_under_the_fallback_key(settings):
    settings.SECRET_KEY = "kunci-lama-" + "x" * 40
    kode = buat_kode(42, SIDIK)
    settings.SECRET_KEY = "kunci-baru-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["kunci-lama-" + "x" * 40]
    assert baca_kode(kode).skp_id == 42


@pytest.mark.parametrize(
    "teks",
    [
        "",
        "7K3M",
        "7K3M-Q9XA-2BFD-7K3M-Q9XA-2BF",  # 23 symbols
        "U" * 24,  # not in Crockford's alphabet
        "A" * 10_000,
        "' OR 1=1 --",
        "ÄÖÜ∂ƒ©˙∆˚¬…æ🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
        "\x00" * 24,
    ],
)
def test_junk_is_not_a_code(teks):
    assert baca_kode(teks) is None


def test_the_fingerprint_ignores_row_ids_but_not_a_word_of_the_content():
    header = {"pegawai": {"nama": "Pegawai Satu", "nip": "1"}}
    isi = [{"id": 1, "teks": "Tersusunnya laporan", "indikator": [{"id": 7, "teks": "Laporan"}]}]
    sama = [{"id": 9, "teks": "Tersusunnya laporan", "indikator": [{"id": 3, "teks": "Laporan"}]}]
    lain = [{"id": 1, "teks": "Tersusunnya laporan.", "indikator": [{"id": 7, "teks": "Laporan"}]}]
    sidik = sidik_isi(header, isi, [], [], ditetapkan=True)
    assert sidik_isi(header, sama, [], [], ditetapkan=True) == sidik
    assert sidik_isi(header, lain, [], [], ditetapkan=True) != sidik
    assert sidik_isi(header, isi, [], [], ditetapkan=False) != sidik


# --- What a print's code says ----------------------------------------------------------------


def test_a_print_of_the_ditetapkan_skp_matches_the_approved_version(skp, cast):
    bawa_ke(skp, S.DITETAPKAN, cast)
    hasil = periksa_kode(cetak(skp))
    assert hasil.kecocokan == Kecocokan.COCOK
    assert hasil.nama == cast.pegawai.nama_lengkap and hasil.periode == cast.periode
    assert hasil.status == "Ditetapkan"
    assert hasil.versi_diajukan is not None and hasil.versi_ditetapkan is not None


def test_a_draft_print_does_not_pass_for_the_approved_skp_even_with_the_same_content(skp, cast):
    bawa_ke(skp, S.DIAJUKAN, cast)
    kode_draf = cetak(skp)
    assert periksa_kode(kode_draf).kecocokan == Kecocokan.BELUM_DITETAPKAN
    bawa_ke_ditetapkan_dari_diajukan(skp, cast)
    assert periksa_kode(kode_draf).kecocokan == Kecocokan.BERBEDA
    assert periksa_kode(cetak(skp)).kecocokan == Kecocokan.COCOK


def bawa_ke_ditetapkan_dari_diajukan(skp, cast):
    setujui_skp(skp, oleh=cast.atasan_langsung)
    setujui_skp(skp, oleh=cast.atasan_penilai)
    skp.refresh_from_db()
    assert skp.status == S.DITETAPKAN


def test_a_print_from_before_a_return_and_edit_no_longer_matches(skp, cast):
    bawa_ke(skp, S.DISETUJUI_ATASAN_LANGSUNG, cast)
    kode_lama = cetak(skp)
    kembalikan_skp(skp, oleh=cast.atasan_penilai, catatan=CATATAN)
    rk = RencanaKinerja.objects.get(skp=skp)
    ubah_rencana_kinerja(
        rk,
        oleh=cast.pegawai,
        jenis=rk.jenis,
        teks="Tersusunnya laporan layanan TIK bulanan",
        intervensi_teks_bebas=rk.intervensi_teks_bebas,
    )
    ajukan_skp(skp, oleh=cast.pegawai)
    bawa_ke_ditetapkan_dari_diajukan(skp, cast)
    assert SkpVersi.objects.filter(skp=skp).count() == 2
    assert periksa_kode(kode_lama).kecocokan == Kecocokan.BERBEDA
    assert periksa_kode(cetak(skp)).kecocokan == Kecocokan.COCOK


def test_a_print_changed_since_approval_no_longer_matches(skp, cast):
    bawa_ke(skp, S.DITETAPKAN, cast)
    # Edited behind the workflow's back (the admin site, a script): the print shows it.
    RencanaKinerja.objects.filter(skp=skp).update(teks="Teks yang tidak pernah disetujui")
    assert periksa_kode(cetak(skp)).kecocokan == Kecocokan.BERBEDA


def _versi_lama_dengan_target_teks(skp, cast) -> SkpVersi:
    """An approved SKP whose version was stored before targets carried their satuan: its
    descriptive target "1 x 24" with satuan "jam" was kept as "1 x 24"."""
    from skp.models import Aspek, Indikator

    Indikator.objects.create(
        rencana_kinerja=RencanaKinerja.objects.filter(skp=skp).first(),
        aspek=Aspek.WAKTU,
        teks="Waktu tanggap gangguan",
        urutan=2,
        target_teks="1 x 24",
        satuan="jam",
    )
    bawa_ke(skp, S.DITETAPKAN, cast)
    versi = SkpVersi.objects.filter(skp=skp).order_by("-nomor").first()
    for rk in versi.isi:
        for butir in rk["indikator"]:
            if butir["target"] == "1 x 24 jam":
                butir["target"] = "1 x 24"
    SkpVersi.objects.filter(pk=versi.pk).update(isi=versi.isi)
    return versi


def test_a_print_made_now_of_a_version_stored_before_targets_had_their_satuan_matches(skp, cast):
    _versi_lama_dengan_target_teks(skp, cast)
    assert periksa_kode(cetak(skp)).kecocokan == Kecocokan.COCOK


def test_that_allowance_does_not_let_a_changed_target_through(skp, cast):
    from skp.models import Indikator

    _versi_lama_dengan_target_teks(skp, cast)
    Indikator.objects.filter(target_teks="1 x 24").update(target_teks="2 x 24")
    assert periksa_kode(cetak(skp)).kecocokan == Kecocokan.BERBEDA


def test_under_6_2022_the_expectations_and_the_lampiran_are_part_of_what_matches(skp, cast):
    jadikan_6_2022(cast.periode)
    skp = Skp.objects.get(pk=skp.pk)
    tulis_ekspektasi(skp, oleh=cast.atasan_langsung, nilai="akuntabel", teks=EKSPEKTASI_AKUNTABEL)
    tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=DSD, teks="Akses ke server UPT TIK")
    sebelum = cetak(skp)
    tulis_ekspektasi(skp, oleh=cast.atasan_langsung, nilai="loyal", teks="Menjaga rahasia.")
    bawa_ke(skp, S.DITETAPKAN, cast)
    versi = SkpVersi.objects.get(skp=skp)
    assert versi.perilaku and versi.lampiran
    assert periksa_kode(cetak(skp)).kecocokan == Kecocokan.COCOK
    assert periksa_kode(sebelum).kecocokan == Kecocokan.BERBEDA


def test_an_skp_ditetapkan_without_any_version_matches_its_locked_content(skp, cast):
    # As the seed's 2022 SKP is loaded: ditetapkan, with a header snapshot, no SkpVersi.
    Skp.objects.filter(pk=skp.pk).update(
        status=S.DITETAPKAN, snapshot_header=header_live(skp).as_json()
    )
    assert periksa_kode(cetak(skp)).kecocokan == Kecocokan.COCOK


def test_a_valid_code_of_an_skp_that_no_longer_exists_is_unknown(db):
    assert periksa_kode(buat_kode(987_654, SIDIK)) is None


def test_checking_a_code_reads_a_few_rows(skp, cast, django_assert_max_num_queries):
    bawa_ke(skp, S.DITETAPKAN, cast)
    kode = cetak(skp)
    with django_assert_max_num_queries(3):
        periksa_kode(kode)


# --- The prints ------------------------------------------------------------------------------


def test_printing_writes_nothing_and_asks_nothing_more_under_8_2021(skp, cast):
    bawa_ke(skp, S.DITETAPKAN, cast)
    dokumen = susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk))
    with CaptureQueriesContext(connection) as ctx:
        html_skp(dokumen), xlsx_skp(dokumen)
    assert not ctx.captured_queries


def test_the_pdf_carries_the_code_and_the_address_to_check_it(skp, cast, settings):
    settings.SKP_ALAMAT_SITUS = "https://skp.undiksha.ac.id/"
    bawa_ke(skp, S.DITETAPKAN, cast)
    teks = semua_teks(pdf_skp_by_id(skp.pk))
    assert f"Kode verifikasi: {kelompokkan(cetak(skp))}" in teks
    assert "Periksa keaslian dokumen ini di https://skp.undiksha.ac.id/verifikasi/" in teks


def test_the_qr_code_holds_the_address_of_the_codes_own_page(skp, settings):
    settings.SKP_ALAMAT_SITUS = "https://skp.undiksha.ac.id"
    tanda = tanda_verifikasi(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)))
    assert tanda.url == f"https://skp.undiksha.ac.id/verifikasi/{tanda.kode}/"
    assert tanda.qr.startswith("data:image/svg+xml")


def test_the_xlsx_carries_the_code_and_a_link_to_its_page(skp, cast, settings):
    settings.SKP_ALAMAT_SITUS = "https://skp.undiksha.ac.id"
    kode = cetak(skp)
    ws = load_workbook(BytesIO(xlsx_skp(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)))))
    sel = {c.value: c for c in ws.active["A"] if c.value}
    assert f"Kode verifikasi: {kelompokkan(kode)}" in sel
    alamat = sel[f"Periksa keaslian dokumen ini di https://skp.undiksha.ac.id/verifikasi/{kode}/"]
    assert alamat.hyperlink.target == f"https://skp.undiksha.ac.id/verifikasi/{kode}/"


# --- The public page -------------------------------------------------------------------------


def test_anyone_without_logging_in_sees_that_a_ditetapkan_print_matches(client, skp, cast):
    bawa_ke(skp, S.DITETAPKAN, cast)
    response = client.get(url(cetak(skp)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Isi dokumen sesuai dengan SKP yang ditetapkan" in html
    assert cast.pegawai.nama_lengkap in html and "Ditetapkan" in html
    assert f"1 Januari {cast.periode.tahun}" in html and f"31 Desember {cast.periode.tahun}" in html


def test_the_page_says_when_a_print_is_not_the_approved_skp(client, skp, cast):
    bawa_ke(skp, S.DIAJUKAN, cast)
    kode = cetak(skp)
    html = client.get(url(kode)).content.decode()
    assert "Isi dokumen belum disetujui" in html and "belum ada" in html
    bawa_ke_ditetapkan_dari_diajukan(skp, cast)
    html = client.get(url(kode)).content.decode()
    assert "Isi dokumen TIDAK sesuai dengan SKP yang ditetapkan" in html


def test_the_page_states_no_nip_and_no_content(client, skp, cast):
    bawa_ke(skp, S.DITETAPKAN, cast)
    html = client.get(url(cetak(skp))).content.decode()
    rk = RencanaKinerja.objects.get(skp=skp)
    for rahasia in [
        cast.pegawai.nip,
        cast.atasan_langsung.nip,
        cast.atasan_langsung.nama,
        cast.pegawai.jabatan,
        rk.teks,
        rk.intervensi_teks_bebas,
        rk.indikator.get().teks,
        "Unit A",
    ]:
        assert rahasia not in html, rahasia


def test_the_page_is_kept_by_no_cache_and_indexed_by_no_search_engine(client, skp):
    for response in [client.get("/verifikasi/"), client.get(url(cetak(skp)))]:
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
        assert "/accounts/login/" not in response.content.decode()


def test_a_forged_code_and_an_unknown_one_get_the_same_404(client, skp):
    kode = cetak(skp)
    palsu = kode[:-1] + ("0" if kode[-1] != "0" else "1")
    tak_ada = buat_kode(987_654, SIDIK)
    jawaban = [client.get(url(k)) for k in (palsu, tak_ada)]
    assert [r.status_code for r in jawaban] == [404, 404]
    for r in jawaban:
        assert "Kode verifikasi tidak dikenal" in r.content.decode()
        assert skp.pegawai.nama_lengkap not in r.content.decode()


def test_the_form_sends_a_typed_code_to_its_page(client, skp):
    kode = cetak(skp)
    response = client.get("/verifikasi/", {"kode": kelompokkan(kode).lower()})
    assert response.status_code == 302 and response["Location"] == url(kode)
    assert client.get(url(kelompokkan(kode).lower())).status_code == 200


def test_the_form_explains_what_a_code_looks_like(client, db):
    response = client.get("/verifikasi/", {"kode": "7K3M-Q9XA"})
    assert response.status_code == 400
    assert "Kode verifikasi terdiri atas 24 huruf dan angka" in response.content.decode()
    response = client.get("/verifikasi/", {"kode": ""})
    assert response.status_code == 400
    assert "Ketik kode verifikasi" in response.content.decode()


@pytest.mark.parametrize(
    "junk",
    [
        "x",
        "A" * 5000,
        "%27%20OR%201%3D1%20--",
        "1;DROP TABLE skp_skp",
        "%F0%9F%99%82" * 30,
        "%00" * 24,
        "%C3%A4%C3%B6" * 12,
        "..%2F..%2Fetc%2Fpasswd",
        "<script>alert(1)<%2Fscript>",
    ],
)
def test_junk_in_the_address_or_the_form_is_answered_not_a_500(client, db, junk):
    response = client.get(f"/verifikasi/{junk}/")
    assert response.status_code == 404
    assert "<script>alert" not in response.content.decode()
    assert client.get(f"/verifikasi/?kode={junk}").status_code == 400


def test_the_page_takes_no_post(client, db):
    assert client.post("/verifikasi/", {"kode": "x"}).status_code == 405
    assert client.post(url(buat_kode(1, SIDIK))).status_code == 405
