"""The Perilaku Kerja section beside the SKP: the pegawai reads it (with "belum diisi
pimpinan"), the pejabat penilai writes one value in place (htmx swaps that row only; a plain
form post without JS), presets fill the form; bad input, stale forms and closed states are
refused with a sentence and nothing written; 8/2021 SKPs have no section; the section costs
one query on the SKP page."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
import pytest

from periode.models import ProfilRegulasi
from skp.models import EkspektasiPerilaku, PresetEkspektasi, Skp, StatusSkp
from skp.services.perilaku import tambah_preset, tulis_ekspektasi
from skp.tests.bantuan_perilaku import EKSPEKTASI_AKUNTABEL, EKSPEKTASI_KOLABORATIF, jadikan_6_2022
from skp.tests.bantuan_workflow import bawa_ke, revisi

S = StatusSkp
HTMX = {"HTTP_HX_REQUEST": "true"}
AKUNTABEL = 2  # the value's number in the URLs


@pytest.fixture
def skp6(cast, skp):
    jadikan_6_2022(cast.periode)
    return Skp.objects.get(pk=skp.pk)


def _url(nama, skp, nomor=AKUNTABEL):
    return reverse(f"skp:{nama}", args=[skp.pk, nomor])


def _data(teks, revisi_=0, nomor=AKUNTABEL):
    return {f"perilaku-{nomor}-teks": teks, f"perilaku-{nomor}-revisi": str(revisi_)}


def _halaman(client, user, skp, path="detail"):
    client.force_login(user)
    return client.get(reverse(f"skp:{path}", args=[skp.pk])).text


def _ekspektasi(skp):
    return list(EkspektasiPerilaku.objects.filter(skp=skp).values_list("nilai", "teks"))


def test_the_pegawai_reads_the_seven_values_beside_the_skp_not_yet_filled(client, cast, skp6):
    html = _halaman(client, cast.pegawai, skp6)
    assert "PERILAKU KERJA" in html
    assert html.count('class="perilaku-baris') == 7
    assert "5. Loyal" in html and "Menjaga rahasia jabatan dan negara" in html
    assert html.count("Belum diisi pimpinan.") == 7
    assert "7 dari 7 nilai belum diisi pimpinan" in html
    assert "/perilaku/2/ubah/" not in html  # read only


def test_the_pegawai_sees_what_the_pimpinan_wrote_with_its_line_breaks(client, cast, skp6):
    tulis_ekspektasi(skp6, oleh=cast.atasan_langsung, nilai="akuntabel", teks=EKSPEKTASI_AKUNTABEL)
    bawa_ke(skp6, S.DIAJUKAN, cast)  # the read-only view, too
    html = _halaman(client, cast.pegawai, skp6)
    assert "tanggal 5.<br>Mencatat setiap perubahan" in html
    assert "6 dari 7 nilai belum diisi pimpinan" in html
    assert re.search(r"Atasan Langsung[^,<]*, \d+ \w+ \d{4} \d\d\.\d\d WITA", html)


def test_the_pejabat_penilai_is_offered_to_fill_each_value(client, cast, skp6):
    html = _halaman(client, cast.atasan_langsung, skp6)
    assert html.count("/perilaku/") == 7 * 2  # each row's link: href and hx-get
    assert "Sebagai pejabat penilai kinerja, tuliskan ekspektasi khusus Anda" in html
    for siapa in ("atasan_penilai", "admin"):
        assert "/perilaku/2/ubah/" not in _halaman(client, getattr(cast, siapa), skp6)


def test_an_8_2021_skp_shows_no_section_and_has_no_perilaku_urls(client, cast, skp):
    for user in (cast.pegawai, cast.atasan_langsung):
        for path in ("detail", "tinjau", "ajukan"):
            client.force_login(user)
            response = client.get(reverse(f"skp:{path}", args=[skp.pk]))
            assert "PERILAKU KERJA" not in response.text, (user, path)
    client.force_login(cast.atasan_langsung)
    assert client.get(_url("perilaku_ubah", skp)).status_code == 404
    assert client.post(_url("perilaku_ubah", skp), _data("Teks")).status_code == 404
    assert client.get(_url("perilaku_baris", skp), **HTMX).status_code == 404


def test_a_value_outside_one_to_seven_is_404(client, cast, skp6):
    client.force_login(cast.atasan_langsung)
    for nomor in (0, 8):
        assert client.get(_url("perilaku_ubah", skp6, nomor)).status_code == 404


def test_htmx_opens_and_saves_one_row_in_place(client, cast, skp6):
    tambah_preset(oleh=cast.admin, nilai="akuntabel", teks="Hadir tepat waktu setiap hari.")
    tambah_preset(oleh=cast.admin, nilai="kompeten", teks="Mengikuti satu pelatihan.")
    client.force_login(cast.atasan_langsung)
    buka = client.get(_url("perilaku_ubah", skp6), **HTMX)
    assert buka.status_code == 200
    html = buka.text
    assert html.lstrip().startswith('<li class="perilaku-baris') and "<html" not in html
    assert 'name="perilaku-2-teks"' in html and 'hx-target="#perilaku-2"' in html
    assert 'data-preset-isi="Hadir tepat waktu setiap hari."' in html
    assert "Mengikuti satu pelatihan." not in html  # another value's preset
    simpan = client.post(_url("perilaku_ubah", skp6), _data(EKSPEKTASI_AKUNTABEL), **HTMX)
    assert simpan.status_code == 200
    assert simpan.text.lstrip().startswith('<li class="perilaku-baris')
    assert "Ekspektasi «Akuntabel» disimpan." in simpan.text
    assert "tanggal 5.<br>Mencatat" in simpan.text and "<textarea" not in simpan.text
    # The section's count follows, out of band: six of the seven are still empty.
    assert '<span id="perilaku-lencana" hx-swap-oob="true">' in simpan.text
    assert "6 dari 7 nilai belum diisi pimpinan" in simpan.text
    assert _ekspektasi(skp6) == [("akuntabel", EKSPEKTASI_AKUNTABEL)]
    batal = client.get(_url("perilaku_baris", skp6), **HTMX)
    assert batal.status_code == 200 and "<textarea" not in batal.text


def test_without_js_the_form_is_a_page_and_saving_redirects_to_the_row(client, cast, skp6):
    client.force_login(cast.atasan_langsung)
    halaman = client.get(_url("perilaku_ubah", skp6))
    assert halaman.status_code == 200 and "<html" in halaman.text
    assert "Ekspektasi khusus pimpinan: 2. Akuntabel" in halaman.text
    response = client.post(_url("perilaku_ubah", skp6), _data(EKSPEKTASI_KOLABORATIF))
    assert response.status_code == 302
    assert response["Location"] == f"/skp/{skp6.pk}/#perilaku-2"
    assert "Ekspektasi «Akuntabel» disimpan." in client.get(response["Location"]).text
    assert _ekspektasi(skp6) == [("akuntabel", EKSPEKTASI_KOLABORATIF)]
    baris = client.get(_url("perilaku_baris", skp6))  # the row's own URL: the SKP page there
    assert baris.status_code == 302 and baris["Location"].endswith("#perilaku-2")


def test_without_js_a_preset_opens_the_form_with_its_text_still_to_save(client, cast, skp6):
    preset = tambah_preset(oleh=cast.admin, nilai="akuntabel", teks="Hadir\ntepat waktu.")
    lain = tambah_preset(oleh=cast.admin, nilai="loyal", teks="Menjaga rahasia.")
    client.force_login(cast.atasan_langsung)
    html = client.get(_url("perilaku_ubah", skp6) + f"?preset={preset.pk}").text
    assert ">\nHadir\ntepat waktu.</textarea>" in html
    html = client.get(_url("perilaku_ubah", skp6) + f"?preset={lain.pk}").text
    assert "Menjaga rahasia.</textarea>" not in html
    assert client.get(_url("perilaku_ubah", skp6) + "?preset=x²").status_code == 200
    assert not EkspektasiPerilaku.objects.exists()


def test_a_too_long_expectation_comes_back_with_the_message_and_nothing_is_written(
    client, cast, skp6
):
    client.force_login(cast.atasan_langsung)
    terlalu = "Menyelesaikan tiket layanan. " * 40  # 1,160 characters
    response = client.post(_url("perilaku_ubah", skp6), _data(terlalu), **HTMX)
    assert response.status_code == 200
    assert "paling banyak 1.000 karakter; isian ini 1.159 karakter. Ringkas isinya." in (
        response.text
    )
    assert terlalu.strip() in response.text  # what was typed stays in the form
    assert not EkspektasiPerilaku.objects.exists()
    skp6.refresh_from_db()
    assert skp6.revisi == 0


def test_a_stale_form_is_refused_with_409_and_the_current_text(client, cast, skp6):
    client.force_login(cast.atasan_langsung)
    assert client.post(_url("perilaku_ubah", skp6), _data("Versi tab satu.")).status_code == 302
    response = client.post(_url("perilaku_ubah", skp6), _data("Versi\ntab dua."), **HTMX)
    assert response.status_code == 409
    html = response.text
    assert "sudah diubah di tab atau perangkat lain" in html
    assert "Versi tab satu.</textarea>" in html and 'name="perilaku-2-revisi" value="1"' in html
    assert "Isian Anda yang tidak disimpan" in html and "Versi\ntab dua." in html
    assert _ekspektasi(skp6) == [("akuntabel", "Versi tab satu.")]


def test_an_expectation_written_after_the_pegawai_opened_the_submission_refuses_it(
    client, cast, skp6
):
    """The expectations are part of what is submitted: a submission confirmed on a page that
    did not show the latest one is refused (the SKP's revisi moved on)."""
    client.force_login(cast.pegawai)
    halaman_revisi = revisi(skp6)
    assert "PERILAKU KERJA" in client.get(reverse("skp:ajukan", args=[skp6.pk])).text
    tulis_ekspektasi(skp6, oleh=cast.atasan_langsung, nilai="akuntabel", teks=EKSPEKTASI_AKUNTABEL)
    response = client.post(reverse("skp:ajukan", args=[skp6.pk]), {"revisi": halaman_revisi})
    assert response.status_code == 409
    assert "ekspektasi pimpinan «Akuntabel» diisi oleh Atasan Langsung" in response.text
    skp6.refresh_from_db()
    assert skp6.status == S.DRAF


@pytest.mark.parametrize("status", [S.DIAJUKAN, S.DITETAPKAN])
def test_after_submission_the_form_is_refused_with_the_reason(client, cast, skp6, status):
    bawa_ke(skp6, status, cast)
    client.force_login(cast.atasan_langsung)
    html = client.get(reverse("skp:detail", args=[skp6.pk])).text
    assert "/perilaku/2/ubah/" not in html
    assert "ekspektasi khusus pimpinan" in html and ("terkunci" in html or "ditetapkan" in html)
    assert client.get(_url("perilaku_ubah", skp6), **HTMX).status_code == 409
    response = client.post(_url("perilaku_ubah", skp6), _data("Teks"), **HTMX)
    assert response.status_code == 409 and 'role="alert"' in response.text
    assert not EkspektasiPerilaku.objects.exists()


def test_outside_the_window_the_form_is_refused(client, cast, skp6):
    periode = cast.periode
    periode.penyusunan_mulai = periode.penyusunan_mulai - datetime.timedelta(days=10)
    periode.penyusunan_selesai = periode.penyusunan_mulai + datetime.timedelta(days=1)
    periode.save()
    client.force_login(cast.atasan_langsung)
    response = client.post(_url("perilaku_ubah", skp6), _data("Teks"))
    assert response.status_code == 409
    assert "Masa penyusunan SKP" in response.text
    assert not EkspektasiPerilaku.objects.exists()


def test_the_review_and_confirmation_pages_show_the_section_read_only(client, cast, skp6):
    tulis_ekspektasi(
        skp6, oleh=cast.atasan_langsung, nilai="kolaboratif", teks=EKSPEKTASI_KOLABORATIF
    )
    html = _halaman(client, cast.atasan_langsung, skp6, "tinjau")
    assert EKSPEKTASI_KOLABORATIF in html and "/perilaku/2/ubah/" not in html
    assert f'href="/skp/{skp6.pk}/#perilaku"' in html  # where to write it
    html = _halaman(client, cast.pegawai, skp6, "ajukan")
    assert EKSPEKTASI_KOLABORATIF in html and "Tulis ekspektasi" not in html


def test_the_history_shows_what_changed_in_the_expectations(client, cast, skp6):
    from skp.services.workflow import ajukan_skp, kembalikan_skp

    ajukan_skp(skp6, oleh=cast.pegawai)
    kembalikan_skp(skp6, oleh=cast.atasan_langsung, catatan="Lengkapi.")
    tulis_ekspektasi(
        skp6, oleh=cast.atasan_langsung, nilai="kolaboratif", teks=EKSPEKTASI_KOLABORATIF
    )
    ajukan_skp(skp6, oleh=cast.pegawai)
    html = _halaman(client, cast.pegawai, skp6, "riwayat")
    assert f"Ekspektasi pimpinan «Kolaboratif»: «{EKSPEKTASI_KOLABORATIF}»" in html


def _bacaan(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", 'UPDATE "django_session"'))
    ]


def _jumlah_bacaan(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(_bacaan(queries))


def _bacaan_perilaku(client, url) -> int:
    """The page's reads of the section's own tables (the Lampiran reads its own under 6/2022)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    tabel = (EkspektasiPerilaku._meta.db_table, PresetEkspektasi._meta.db_table)
    return sum(any(t in q for t in tabel) for q in _bacaan(queries))


def test_the_section_costs_one_query_and_none_once_stored_for_the_pegawai(client, cast, skp):
    url = reverse("skp:detail", args=[skp.pk])
    client.force_login(cast.pegawai)
    client.get(url)
    assert _bacaan_perilaku(client, url) == 0  # 8/2021: no section
    jadikan_6_2022(cast.periode)
    for nilai in ("akuntabel", "loyal", "kolaboratif"):
        tulis_ekspektasi(skp, oleh=cast.atasan_langsung, nilai=nilai, teks=EKSPEKTASI_AKUNTABEL)
    client.get(url)
    semua = _jumlah_bacaan(client, url)  # the section stored, the rest of the page as it is
    tulis_ekspektasi(skp, oleh=cast.atasan_langsung, nilai="harmonis", teks="Menolong rekan.")
    assert _bacaan_perilaku(client, url) == 1  # the expectations, read and stored
    assert _jumlah_bacaan(client, url) == semua  # then rendered from the `kartu` cache
    assert _bacaan_perilaku(client, url) == 0
    html = client.get(url).text
    assert html.count('class="perilaku-baris') == 7 and html.count("Belum diisi pimpinan.") == 3
    # A new expectation bumps the SKP's revisi, the stored section's version: shown at once.
    tulis_ekspektasi(skp, oleh=cast.atasan_langsung, nilai="adaptif", teks="Cepat belajar.")
    html = client.get(url).text
    assert "Cepat belajar." in html and html.count("Belum diisi pimpinan.") == 2


def test_the_pejabat_penilai_reads_the_section_fresh_with_one_query(client, cast, skp):
    url = reverse("skp:detail", args=[skp.pk])
    client.force_login(cast.atasan_langsung)
    client.get(url)
    assert _bacaan_perilaku(client, url) == 0
    jadikan_6_2022(cast.periode)
    client.get(url)
    assert _bacaan_perilaku(client, url) == 1
    assert _bacaan_perilaku(client, url) == 1  # read fresh every time: it decides the buttons
    assert cast.periode.profil_regulasi == ProfilRegulasi.PERMENPANRB_6_2022


def test_presets_are_not_read_until_a_form_is_open(client, cast, skp6):
    tambah_preset(oleh=cast.admin, nilai="akuntabel", teks="Hadir tepat waktu.")
    client.force_login(cast.atasan_langsung)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("skp:detail", args=[skp6.pk]))
    assert not any(PresetEkspektasi._meta.db_table in q["sql"] for q in queries)
