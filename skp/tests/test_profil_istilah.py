"""The profile decides the words (issue 15.1): under PermenPANRB 6/2022 the editor speaks of
rencana hasil kerja (RHK) and of the pimpinan's RHK it intervenes, in its sections, cards,
forms, messages and the checks that block submission; under 8/2021 nothing changed."""

import re

from django.urls import reverse
import pytest

from periode.models import ProfilRegulasi
from skp.services.drafting import mulai_skp
from skp.services.workflow import kekurangan_isi
from skp.tests.drafting_helpers import skp_atasan_dengan_rk, tambah_rk


@pytest.fixture
def enam(cast):
    cast.periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_6_2022
    cast.periode.save(update_fields=["profil_regulasi"])
    return cast


def _teks(html: str) -> str:
    """What a reader sees and hears: text, titles, labels and placeholders, not markup."""
    atribut = " ".join(
        re.findall(r'(?:title|aria-label|placeholder|data-konfirmasi)="([^"]*)"', html)
    )
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)) + " " + atribut


def test_the_6_2022_editor_speaks_of_rencana_hasil_kerja_everywhere(client, enam):
    _, rk_atasan = skp_atasan_dengan_rk(enam)
    skp = mulai_skp(enam.pegawai, enam.periode, oleh=enam.pegawai)
    rk = tambah_rk(skp, teks="Tersedianya layanan data", intervensi_id=rk_atasan.pk)
    tambah_rk(skp, teks="Terlaksananya tugas panitia", jenis="tambahan")
    client.force_login(enam.pegawai)
    url = reverse("skp:detail", args=[skp.pk])
    for query in ("", f"?ubah_rk={rk.pk}", "?tambah_rk=tambahan"):
        teks = _teks(client.get(url + query).text)
        assert "A. HASIL KERJA UTAMA" in teks and "B. HASIL KERJA TAMBAHAN" in teks
        assert "rencana hasil kerja" in teks.lower()
        assert "rencana kinerja" not in teks.lower(), query
    teks = _teks(client.get(f"{url}?ubah_rk={rk.pk}").text)
    assert "(2) RHK pimpinan yang diintervensi" in teks
    assert "A. Hasil Kerja Utama" in teks  # the section choice


def test_6_2022_messages_and_checks_name_the_rhk(client, enam):
    skp = mulai_skp(enam.pegawai, enam.periode, oleh=enam.pegawai)
    client.force_login(enam.pegawai)
    response = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "tambahan"]),
        {
            "rk-tambahan-teks": "Terlaksananya tugas Panitia UTBK",
            "rk-tambahan-iki_teks": "Jumlah sesi ujian terlayani",
            "rk-tambahan-iki_target": "6",
            "rk-tambahan-iki_satuan": "sesi",
        },
        follow=True,
    )
    assert "Rencana hasil kerja ditambahkan." in response.text
    assert kekurangan_isi(skp) == [
        "Tuliskan minimal satu rencana hasil kerja pada bagian A. Hasil Kerja Utama."
    ]
    response = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "utama"]),
        {
            "rk-utama-teks": "",
            "rk-utama-iki_teks": "Jumlah laporan",
            "rk-utama-iki_target": "1",
            "rk-utama-iki_satuan": "laporan",
        },
    )
    assert "rencana hasil kerja" in response.text.lower()


def test_the_8_2021_editor_keeps_its_words(client, cast):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    tambah_rk(skp, teks="Tersedianya layanan data", intervensi_teks_bebas="Layanan TIK")
    client.force_login(cast.pegawai)
    teks = _teks(client.get(reverse("skp:detail", args=[skp.pk])).text)
    assert "A. KINERJA UTAMA" in teks and "B. KINERJA TAMBAHAN" in teks
    assert "(2) Rencana kinerja atasan langsung yang diintervensi" in teks
    assert "hasil kerja" not in teks.lower()


def test_the_6_2022_preview_and_review_page_head_their_columns_with_its_words(client, enam):
    _, rk_atasan = skp_atasan_dengan_rk(enam)
    skp = mulai_skp(enam.pegawai, enam.periode, oleh=enam.pegawai)
    tambah_rk(skp, teks="Tersedianya layanan data", intervensi_id=rk_atasan.pk)
    client.force_login(enam.pegawai)
    pratinjau = client.get(
        reverse("skp:detail", args=[skp.pk]) + "?pratinjau=1", HTTP_HX_REQUEST="true"
    ).text
    client.force_login(enam.atasan_langsung)
    tinjau = client.get(reverse("skp:tinjau", args=[skp.pk])).text
    for html in (pratinjau, tinjau):
        assert "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI" in html
        assert "A. HASIL KERJA UTAMA" in html
        assert "RENCANA KINERJA" not in html
