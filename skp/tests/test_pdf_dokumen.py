"""The Form SKP PDF, read back with a PDF text extractor: both models, every RK and target."""

from django.urls import reverse
import pytest

from skp.cetak import pdf_skp_by_id
from skp.models import StatusSkp
from skp.tests.cetak_data import RK_JPT, buat_skp_jpt, buat_skp_staf, buat_upt
from skp.tests.pdf_helpers import halaman_teks, rapat, semua_teks


@pytest.fixture
def upt(periode):
    root, upt, divisi, warek, kepala_upt, kepala_divisi = buat_upt(periode)
    return locals()


def test_jpt_skp_prints_as_the_seeds_form_skp_jpt(upt, periode, settings):
    settings.SKP_TEMPAT_TTD = "Singaraja"
    skp = buat_skp_jpt(upt["kepala_upt"], periode)
    teks = semua_teks(pdf_skp_by_id(skp.pk))
    assert "SASARAN KINERJA PEGAWAI" in teks
    assert f"PERIODE: 1 JANUARI {periode.tahun} – 31 DESEMBER {periode.tahun}" in teks
    assert "PEGAWAI YANG DINILAI" in teks and "PEJABAT PENILAI KINERJA" in teks
    assert "I Ketut Resika Arthana, S.T., M.Kom" in teks
    assert "198412012012121002" in teks
    assert "Penata Tingkat I, III/d" in teks and "Kepala UPT TIK" in teks
    assert "Dr. I Gede Wira Bakti, S.T., M.T." in teks
    assert "NO RENCANA KINERJA INDIKATOR KINERJA INDIVIDU TARGET (1) (2) (3) (4)" in teks
    assert "ASPEK" not in teks and "DIINTERVENSI" not in teks
    assert "A. KINERJA UTAMA" in teks and "B. KINERJA TAMBAHAN" in teks
    for rk, indikator in RK_JPT:
        assert rk in teks
        for iki, target, satuan in indikator:
            assert f"{iki} {target}{satuan}" in teks
    assert "Singaraja, " in teks and "Pegawai yang Dinilai" in teks
    assert "Pejabat Penilai Kinerja" in teks
    assert "NIP 198412012012121002" in teks


def test_staff_skp_prints_as_the_ja_jf_form_with_intervened_rk(upt, periode):
    atasan = buat_skp_jpt(upt["kepala_upt"], periode)
    rk_atasan = atasan.rencana_kinerja.first()
    skp = buat_skp_staf(upt["kepala_divisi"], periode, 2, intervensi=rk_atasan)
    teks = semua_teks(pdf_skp_by_id(skp.pk))
    assert rapat(
        "NO RENCANA KINERJA ATASAN LANGSUNG YANG DIINTERVENSI RENCANA KINERJA ASPEK "
        "INDIKATOR KINERJA INDIVIDU TARGET (1) (2) (3) (4) (5) (6)"
    ) in rapat(teks)
    assert "Persentase Penyelesaian Modernisasi Pengelolaan BLU" in teks
    assert "Tersedianya laporan sinkronisasi data nomor 2 tepat waktu" in teks
    assert "Kuantitas Jumlah laporan sinkronisasi data 1 12 laporan" in teks
    assert "Kualitas Persentase data tersinkron 1 95%" in teks
    assert "Waktu Waktu penyelesaian laporan 2 1 bulan" in teks
    assert "Terlaksananya tugas Panitia UTBK" in teks and "6 sesi" in teks
    assert "Ni Made Sri Wahyuni, S.Kom., M.T." in teks and upt["kepala_divisi"].nip in teks


def test_free_text_intervensi_is_marked_as_such(upt, periode):
    skp = buat_skp_staf(upt["kepala_divisi"], periode, 1)
    teks = semua_teks(pdf_skp_by_id(skp.pk))
    assert "Terintegrasinya sistem melalui data center (teks bebas*)" in teks
    assert "atasan belum memiliki SKP di sistem" in teks


def test_forty_rk_run_over_pages_with_the_table_head_on_every_page(upt, periode):
    skp = buat_skp_staf(upt["kepala_divisi"], periode, 40)
    halaman = halaman_teks(pdf_skp_by_id(skp.pk))
    assert len(halaman) > 1
    for nomor, teks in enumerate(halaman, start=1):
        assert f"Halaman {nomor} dari {len(halaman)}" in teks
        assert "INDIKATOR KINERJA INDIVIDU" in teks and "(6)" in teks
        assert "NIP " + upt["kepala_divisi"].nip in teks  # the running footer
    semua = " ".join(" ".join(halaman).split())
    for n in range(1, 41):
        assert f"Kuantitas Jumlah laporan sinkronisasi data {n} 12 laporan" in semua


def test_draft_carries_the_draf_watermark_until_ditetapkan(upt, periode):
    skp = buat_skp_jpt(upt["kepala_upt"], periode)
    assert "DRAF" in "".join(semua_teks(pdf_skp_by_id(skp.pk)).split())
    skp.status = StatusSkp.DITETAPKAN
    skp.save(update_fields=["status"])
    teks = semua_teks(pdf_skp_by_id(skp.pk))
    assert "DRAF" not in "".join(teks.split()) and "Ditetapkan" in teks


def test_user_text_is_escaped_and_shown_literally(upt, periode):
    skp = buat_skp_staf(upt["kepala_divisi"], periode, 0)
    rk = skp.rencana_kinerja.get()
    rk.teks = "Tersusunnya <b>laporan</b></td><td>disusupi & diuji"
    rk.save(update_fields=["teks"])
    teks = semua_teks(pdf_skp_by_id(skp.pk))
    assert rapat("Tersusunnya <b>laporan</b></td><td>disusupi & diuji") in rapat(teks)


def test_pdf_view_serves_the_form_inline_with_a_safe_filename(client, upt, periode):
    skp = buat_skp_jpt(upt["kepala_upt"], periode)
    client.force_login(upt["kepala_upt"])
    response = client.get(reverse("skp:pdf", args=[skp.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="SKP_{periode.tahun}_198412012012121002_I_Ketut_Resika_Arthana.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


def test_the_same_content_renders_once_and_a_change_renders_anew(upt, periode, settings):
    from unittest import mock

    from skp import cetak
    from skp.tests.drafting_helpers import tambah_rk

    settings.CACHES = {
        **settings.CACHES,
        "pdf": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pdf-uji"},
    }
    skp = buat_skp_jpt(upt["kepala_upt"], periode)
    with mock.patch.object(cetak, "render_pdf", wraps=cetak.render_pdf) as render:
        pertama = pdf_skp_by_id(skp.pk)
        assert pdf_skp_by_id(skp.pk) == pertama and render.call_count == 1
        tambah_rk(skp, teks="Terselenggaranya layanan baru")
        assert "Terselenggaranya layanan baru" in semua_teks(pdf_skp_by_id(skp.pk))
        assert render.call_count == 2
