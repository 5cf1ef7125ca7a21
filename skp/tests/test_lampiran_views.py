"""The Lampiran SKP on the SKP page over HTTP (issue 15): the owner edits the three lists in
place (htmx swaps only the list that changed; every action works as a plain post too; forms
load when opened), the access ladder, bad input, a stale edit and a double submit, the lists
read-only for the validators, none of it under 8/2021, and one query for the whole section."""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
import pytest
import time_machine

from periode.models import ProfilRegulasi
from skp.cetak import html_skp
from skp.dokumen import susun_dokumen
from skp.models import ButirLampiran, Skp, StatusSkp
from skp.services.drafting import mulai_skp
from skp.services.lampiran import tambah_butir_lampiran
from skp.tests.bantuan_lampiran import DSD, KONSEKUENSI, SKEMA, jadikan_6_2022, presets_contoh
from skp.tests.bantuan_workflow import bawa_ke, isi_lengkap
from skp.tests.drafting_helpers import tambah_rk

HTMX = {"HTTP_HX_REQUEST": "true"}
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def skp(cast):
    jadikan_6_2022(cast.periode)
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    isi_lengkap(skp)
    return skp


@pytest.fixture
def butir(skp):
    return tambah_butir_lampiran(skp, oleh=skp.pegawai, jenis=DSD, teks="Anggaran DIPA unit")


def _login(client, user):
    client.force_login(user)
    return client


def _teks(skp, jenis=DSD) -> list[str]:
    return list(
        ButirLampiran.objects.filter(skp=skp, jenis=jenis)
        .order_by("urutan", "pk")
        .values_list("teks", flat=True)
    )


def _tambah(client, skp, teks, jenis=DSD, kunci=None, **extra):
    data = {f"lampiran-{jenis}-teks": teks}
    if kunci:
        data[f"lampiran-{jenis}-kunci_kirim"] = str(kunci)
    return client.post(reverse("skp:lampiran_tambah", args=[skp.pk, jenis]), data, **extra)


def _ubah(client, skp, butir, teks, revisi, **extra):
    p = f"lampiran-{butir.pk}"
    return client.post(
        reverse("skp:lampiran_ubah", args=[skp.pk, butir.pk]),
        {f"{p}-teks": teks, f"{p}-revisi": str(revisi)},
        **extra,
    )


def _halaman(client, skp, query="") -> str:
    return client.get(reverse("skp:detail", args=[skp.pk]) + query).text


# --- Editing in place -------------------------------------------------------------------------


def test_plain_post_adds_an_item_and_redirects_to_it(client, cast, skp):
    _login(client, cast.pegawai)
    response = _tambah(client, skp, "Akses ke server UPT TIK")
    butir = ButirLampiran.objects.get(skp=skp)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/skp/{skp.pk}/#lampiran-butir-{butir.pk}")
    html = _halaman(client, skp)
    assert "Butir Dukungan Sumber Daya ditambahkan." in html and "Akses ke server UPT TIK" in html


def test_htmx_post_answers_only_the_list_it_changed_with_the_message_out_of_band(client, cast, skp):
    _login(client, cast.pegawai)
    response = _tambah(client, skp, "Laporan bulanan kepada pejabat penilai", SKEMA, **HTMX)
    html = response.text
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#lampiran-{SKEMA}"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith(f'<div class="lampiran-daftar mb-3" id="lampiran-{SKEMA}"')
    assert "Laporan bulanan kepada pejabat penilai" in html
    assert re.search(r'<div id="skp-pesan" hx-swap-oob="true">', html)
    assert "Butir Skema Pertanggungjawaban ditambahkan." in html
    # Only that list: not the other lists, not the RK sections, not the frame.
    assert f'id="lampiran-{DSD}"' not in html and 'id="bagian-utama"' not in html
    assert "<nav" not in html


def test_an_item_is_edited_moved_and_deleted_over_htmx(client, cast, skp, butir):
    _login(client, cast.pegawai)
    kedua = tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=DSD, teks="Akses server")
    # The edit form loads when opened, in the list.
    form = client.get(
        reverse("skp:lampiran_daftar", args=[skp.pk, DSD]) + f"?ubah={butir.pk}", **HTMX
    )
    assert form.status_code == 200 and f'name="lampiran-{butir.pk}-revisi" value="0"' in form.text
    assert "Anggaran DIPA unit</textarea>" in form.text
    assert _ubah(client, skp, butir, "Anggaran BLU", 0, **HTMX).status_code == 200
    url_pindah = reverse("skp:lampiran_pindah", args=[skp.pk, kedua.pk])
    assert client.post(url_pindah, {"arah": "naik"}, **HTMX).status_code == 200
    assert _teks(skp) == ["Akses server", "Anggaran BLU"]
    hapus = client.post(reverse("skp:lampiran_hapus", args=[skp.pk, butir.pk]), **HTMX)
    assert hapus.status_code == 200 and "Butir Dukungan Sumber Daya dihapus." in hapus.text
    assert _teks(skp) == ["Akses server"]


def test_every_action_works_as_a_plain_post(client, cast, skp, butir):
    _login(client, cast.pegawai)
    kedua = tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=DSD, teks="Akses server")
    assert _ubah(client, skp, butir, "Anggaran BLU", 0).status_code == 302
    pindah = client.post(reverse("skp:lampiran_pindah", args=[skp.pk, butir.pk]), {"arah": "turun"})
    assert pindah.status_code == 302
    assert _teks(skp) == ["Akses server", "Anggaran BLU"]
    assert client.post(reverse("skp:lampiran_hapus", args=[skp.pk, kedua.pk])).status_code == 302
    assert _teks(skp) == ["Anggaran BLU"]


def test_the_page_carries_buttons_but_no_form_until_one_is_opened(client, cast, skp, butir):
    _login(client, cast.pegawai)
    html = _halaman(client, skp)
    assert "LAMPIRAN SKP" in html
    assert html.index('id="bagian-tambahan"') < html.index('id="lampiran-skp"')
    assert html.index('id="lampiran-skp"') < html.index('id="pratinjau"')
    assert 'name="lampiran-' not in html  # no item form rendered
    assert f'formaction="/skp/{skp.pk}/lampiran/butir/{butir.pk}/hapus/"' in html
    assert f'hx-get="/skp/{skp.pk}/lampiran/{DSD}/?tambah=1"' in html
    # Without JS the links open the form on the page itself.
    assert f'name="lampiran-{KONSEKUENSI}-teks"' in _halaman(
        client, skp, f"?tambah_lampiran={KONSEKUENSI}"
    )
    assert f'name="lampiran-{butir.pk}-teks"' in _halaman(client, skp, f"?ubah_lampiran={butir.pk}")
    url = reverse("skp:lampiran_daftar", args=[skp.pk, DSD])
    tanpa_js = client.get(url + "?tambah=1")
    assert tanpa_js.status_code == 302
    assert tanpa_js["Location"].endswith(f"?tambah_lampiran={DSD}#tambah-lampiran-{DSD}")


def test_the_preset_picker_loads_when_opened_and_adds_the_ticked_presets_once(client, cast, skp):
    p = presets_contoh(cast.admin)
    tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=KONSEKUENSI, teks=p["tunjangan"].teks)
    _login(client, cast.pegawai)
    assert p["karier"].teks not in _halaman(client, skp)
    url = reverse("skp:lampiran_daftar", args=[skp.pk, KONSEKUENSI])
    picker = client.get(url + "?preset=1", **HTMX).text
    assert p["karier"].teks in picker and "sudah ada" in picker
    assert re.search(rf'value="{p["tunjangan"].pk}" id="[^"]+" checked disabled', picker)
    post = reverse("skp:lampiran_preset", args=[skp.pk, KONSEKUENSI])
    data = {f"preset-{KONSEKUENSI}-preset": [str(p["karier"].pk)]}
    pertama = client.post(post, data, **HTMX)
    assert (
        pertama.status_code == 200
        and "1 butir Konsekuensi ditambahkan dari preset." in pertama.text
    )
    kedua = client.post(post, data, **HTMX)  # a double click
    assert "sudah ada di daftar Konsekuensi; tidak ada yang ditambahkan" in kedua.text
    assert _teks(skp, KONSEKUENSI) == [p["tunjangan"].teks, p["karier"].teks]
    kosong = client.post(post, {}, **HTMX)
    assert "Centang minimal satu preset" in kosong.text


# --- Bad input, stale edits, double submits ---------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("   ", "Tuliskan isi butir lampiran; butir kosong tidak disimpan."),
        ("k" * 1001, "Butir lampiran paling banyak 1.000 karakter (sekarang 1001)."),
    ],
)
def test_bad_input_comes_back_beside_the_field_and_nothing_is_written(
    client, cast, skp, butir, teks, pesan, htmx
):
    _login(client, cast.pegawai)
    extra = HTMX if htmx else {}
    skp.refresh_from_db()
    revisi = skp.revisi
    for response in (
        _tambah(client, skp, teks, SKEMA, **extra),
        _ubah(client, skp, butir, teks, 0, **extra),
    ):
        assert response.status_code == 200 and pesan in response.text
        if htmx:
            assert response["HX-Retarget"].startswith("#lampiran-")
        else:
            assert "<nav" in response.text  # the whole page, the form in place
    assert _teks(skp) == ["Anggaran DIPA unit"] and _teks(skp, SKEMA) == []
    skp.refresh_from_db()
    assert skp.revisi == revisi


def test_a_duplicate_is_refused_with_the_lists_name_and_the_typed_text_kept(
    client, cast, skp, butir
):
    _login(client, cast.pegawai)
    response = _tambah(client, skp, "Anggaran DIPA unit", **HTMX)
    assert "Butir ini sudah ada di daftar Dukungan Sumber Daya." in response.text
    assert "Anggaran DIPA unit</textarea>" in response.text
    assert _teks(skp) == ["Anggaran DIPA unit"]


def test_a_second_tabs_stale_edit_is_refused_with_the_current_content(client, cast, skp, butir):
    _login(client, cast.pegawai)
    assert _ubah(client, skp, butir, "Versi tab satu", 0).status_code == 302
    kedua = _ubah(client, skp, butir, "Versi\ntab dua", 0, **HTMX)
    assert kedua.status_code == 409
    assert kedua["HX-Retarget"] == f"#lampiran-{DSD}"
    html = kedua.text
    assert "sudah diubah di tab atau perangkat lain" in html
    assert "Versi tab satu</textarea>" in html
    assert f'name="lampiran-{butir.pk}-revisi" value="1"' in html
    assert "Isian Anda yang tidak disimpan" in html and "Versi\ntab dua" in html
    assert _teks(skp) == ["Versi tab satu"]
    # Without JS: the whole page, 409, the same form.
    tanpa_js = _ubah(client, skp, butir, "Versi tab tiga", 0)
    assert tanpa_js.status_code == 409 and "Versi tab satu</textarea>" in tanpa_js.text


def test_a_double_clicked_tambah_adds_one_item(client, cast, skp):
    _login(client, cast.pegawai)
    kunci = uuid.uuid4()
    for _ in range(3):
        assert _tambah(client, skp, "Akses server", kunci=kunci, **HTMX).status_code == 200
    assert _teks(skp) == ["Akses server"]
    # A freshly opened form carries a new key and adds another on purpose.
    form = client.get(
        reverse("skp:lampiran_daftar", args=[skp.pk, SKEMA]) + "?tambah=1", **HTMX
    ).text
    kunci_baru = re.search(rf'name="lampiran-{SKEMA}-kunci_kirim" value="([0-9a-f-]{{36}})"', form)
    assert kunci_baru and kunci_baru[1] != str(kunci)


def test_acting_on_an_item_deleted_in_another_tab_says_so(client, cast, skp, butir):
    _login(client, cast.pegawai)
    url = reverse("skp:lampiran_hapus", args=[skp.pk, butir.pk])
    assert client.post(url).status_code == 302
    again = client.post(url, **HTMX)
    assert again.status_code == 409 and "sudah dihapus di tab atau perangkat lain" in again.text
    # What this tab typed into the deleted item comes back to copy; nothing is written.
    typed = "Akses VPN 24 jam\nuntuk tim jaringan"
    edit = _ubah(client, skp, butir, typed, 0)
    assert edit.status_code == 409 and "sudah dihapus di tab atau perangkat lain" in edit.text
    assert "Akses VPN 24 jam" in edit.text and not ButirLampiran.objects.filter(pk=butir.pk)
    edit = _ubah(client, skp, butir, typed, 0, **HTMX)
    assert edit.status_code == 409 and "untuk tim jaringan" in edit.text


def test_after_submission_changes_are_refused_with_409_and_nothing_written(
    client, cast, skp, butir
):
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    _login(client, cast.pegawai)
    for extra in ({}, HTMX):
        response = _tambah(client, skp, "Lain", **extra)
        assert response.status_code == 409 and "sedang divalidasi" in response.text
    response = client.post(reverse("skp:lampiran_hapus", args=[skp.pk, butir.pk]), **HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#skp-editor"  # the whole editor, now read-only
    assert _teks(skp) == ["Anggaran DIPA unit"]
    html = _halaman(client, skp)
    assert "LAMPIRAN SKP" in html and "Anggaran DIPA unit" in html
    assert 'aria-label="Hapus butir' not in html and "Tambah butir" not in html


def test_outside_the_penyusunan_window_changes_are_refused(client, cast, skp, butir):
    sesudah = datetime.datetime.combine(
        cast.periode.penyusunan_selesai + datetime.timedelta(days=1), datetime.time(9), tzinfo=WITA
    )
    with time_machine.travel(sesudah, tick=False):
        _login(client, cast.pegawai)
        response = _ubah(client, skp, butir, "Terlambat", 0)
        assert response.status_code == 409 and "Masa penyusunan SKP" in response.text
    assert _teks(skp) == ["Anggaran DIPA unit"]


# --- Access -----------------------------------------------------------------------------------


def _urls_post(skp, butir):
    return [
        (reverse("skp:lampiran_tambah", args=[skp.pk, DSD]), {f"lampiran-{DSD}-teks": "X"}),
        (reverse("skp:lampiran_preset", args=[skp.pk, DSD]), {}),
        (
            reverse("skp:lampiran_ubah", args=[skp.pk, butir.pk]),
            {f"lampiran-{butir.pk}-teks": "X", f"lampiran-{butir.pk}-revisi": "0"},
        ),
        (reverse("skp:lampiran_hapus", args=[skp.pk, butir.pk]), {}),
        (reverse("skp:lampiran_pindah", args=[skp.pk, butir.pk]), {"arah": "turun"}),
    ]


def test_the_access_ladder(client, cast, skp, butir):
    urls = _urls_post(skp, butir)
    for url, data in urls:
        assert "/accounts/login/" in client.post(url, data)["Location"]
    for orang, kode in (
        (cast.pegawai_lain, 404),
        (cast.atasan_lain, 404),
        (cast.atasan_langsung, 403),
        (cast.atasan_penilai, 403),
        (cast.admin, 403),
    ):
        _login(client, orang)
        for url, data in urls:
            assert client.post(url, data).status_code == kode, (orang, url)
    _login(client, cast.pegawai)
    for url, _ in urls:
        assert client.get(url).status_code == 405, url
    assert _teks(skp) == ["Anggaran DIPA unit"]


def test_unknown_lists_and_other_skps_items_are_404(client, cast, skp, butir):
    lain = mulai_skp(cast.pegawai_lain, cast.periode, oleh=cast.pegawai_lain)
    butir_lain = tambah_butir_lampiran(lain, oleh=cast.pegawai_lain, jenis=DSD, teks="Milik lain")
    _login(client, cast.pegawai)
    url = reverse("skp:lampiran_tambah", args=[skp.pk, "lainnya"])
    assert client.post(url, {"lampiran-lainnya-teks": "X"}).status_code == 404
    assert (
        client.post(reverse("skp:lampiran_hapus", args=[skp.pk, butir_lain.pk])).status_code == 404
    )
    assert ButirLampiran.objects.filter(pk=butir_lain.pk).exists()


def test_an_8_2021_skp_shows_no_lampiran_and_its_urls_are_404(client, cast):
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    _login(client, cast.pegawai)
    html = _halaman(client, skp)
    assert "LAMPIRAN SKP" not in html and "lampiran" not in html.lower()
    assert _tambah(client, skp, "Anggaran").status_code == 404
    assert client.get(reverse("skp:lampiran_daftar", args=[skp.pk, DSD]), **HTMX).status_code == 404
    assert not ButirLampiran.objects.exists()


# --- Read-only ------------------------------------------------------------------------------


def test_validators_read_the_lists_on_the_skp_page_the_review_and_the_confirmation(
    client, cast, skp, butir
):
    tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=KONSEKUENSI, teks="Tunjangan kinerja")
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    _login(client, cast.atasan_langsung)
    for url in (
        reverse("skp:detail", args=[skp.pk]),
        reverse("skp:tinjau", args=[skp.pk]),
        reverse("skp:setujui", args=[skp.pk]),
    ):
        html = client.get(url).text
        assert "LAMPIRAN SKP" in html and "Anggaran DIPA unit" in html, url
        assert "Tunjangan kinerja" in html and "Belum ada butir Skema Pertanggungjawaban." in html
        assert 'aria-label="Hapus butir' not in html and "Pilih preset" not in html
    fragmen = client.get(reverse("skp:lampiran_daftar", args=[skp.pk, DSD]), **HTMX)
    assert fragmen.status_code == 200 and "Tambah butir" not in fragmen.text


def test_the_history_tells_what_changed_in_the_lampiran(client, cast, skp, butir):
    from skp.services.lampiran import ubah_butir_lampiran
    from skp.services.workflow import ajukan_skp

    bawa_ke(skp, StatusSkp.DIKEMBALIKAN, cast)
    ubah_butir_lampiran(butir, oleh=cast.pegawai, teks="Anggaran BLU")
    ajukan_skp(skp, oleh=cast.pegawai)
    _login(client, cast.atasan_langsung)
    html = client.get(reverse("skp:riwayat", args=[skp.pk])).text
    assert "Lampiran, Dukungan Sumber Daya: «Anggaran DIPA unit» menjadi «Anggaran BLU»" in html


# --- Cost -------------------------------------------------------------------------------------


def _bacaan(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", 'UPDATE "django_session"'))
    ]


def _lampiran(queries) -> list[str]:
    return [q for q in _bacaan(queries) if "skp_butirlampiran" in q or "skp_presetlampiran" in q]


def test_the_section_costs_one_query_whatever_the_number_of_items(client, cast, skp):
    """Read once per revisi of the SKP (then stored), in one query however many items."""
    url = reverse("skp:detail", args=[skp.pk])
    _login(client, cast.pegawai)
    with CaptureQueriesContext(connection) as kosong:
        client.get(url)
    with CaptureQueriesContext(connection) as lagi:
        client.get(url)
    for n in range(15):
        for jenis in (DSD, SKEMA, KONSEKUENSI):
            tambah_butir_lampiran(skp, oleh=cast.pegawai, jenis=jenis, teks=f"Butir {n}")
    with CaptureQueriesContext(connection) as penuh:
        html = client.get(url).text
    assert (
        html.count('<li class="list-group-item d-flex gap-2 align-items-start" id="lampiran-butir-')
        == 45
    )
    assert len(_lampiran(kosong.captured_queries)) == len(_lampiran(penuh.captured_queries)) == 1
    assert _lampiran(lagi.captured_queries) == []  # the same revisi: the stored section


def test_an_8_2021_page_and_an_rk_cards_answer_read_no_lampiran(client, cast, skp):
    _login(client, cast.pegawai)
    rk = tambah_rk(skp, intervensi_teks_bebas="Terkelolanya layanan TIK unit")
    with CaptureQueriesContext(connection) as kartu:
        response = client.get(reverse("skp:detail", args=[skp.pk]) + f"?ubah_rk={rk.pk}", **HTMX)
    assert response.status_code == 200 and 'id="lampiran-skp"' not in response.text
    assert _lampiran(kartu.captured_queries) == []
    cast.periode.profil_regulasi = ProfilRegulasi.PERMENPANRB_8_2021
    cast.periode.save(update_fields=["profil_regulasi"])
    with CaptureQueriesContext(connection) as halaman:
        assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 200
    assert _lampiran(halaman.captured_queries) == []


def test_a_closed_list_is_stored_by_the_skps_revisi_and_shown_afresh_after_a_change(
    client, cast, skp, butir
):
    from skp.services.lampiran import ubah_butir_lampiran

    _login(client, cast.pegawai)
    assert "Anggaran DIPA unit" in _halaman(client, skp)  # stored now
    ubah_butir_lampiran(butir, oleh=cast.pegawai, teks="Anggaran BLU")  # the revisi moves on
    html = _halaman(client, skp)
    assert "Anggaran BLU" in html and "Anggaran DIPA unit" not in html
    # Once submitted the lists are read-only: no stored editable list is shown.
    bawa_ke(skp, StatusSkp.DIAJUKAN, cast)
    html = _halaman(client, skp)
    assert "Anggaran BLU" in html and 'aria-label="Hapus butir' not in html


def test_an_items_line_breaks_show_on_the_page_and_in_the_print(client, cast, skp):
    tambah_butir_lampiran(
        skp, oleh=cast.pegawai, jenis=DSD, teks="Anggaran DIPA unit:\r\n- server\r\n- lisensi"
    )
    _login(client, cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).text
    assert "Anggaran DIPA unit:<br>- server<br>- lisensi" in html
    cetak = html_skp(susun_dokumen(Skp.objects.dengan_isi().get(pk=skp.pk)))
    assert "Anggaran DIPA unit:<br>- server<br>- lisensi" in cetak
