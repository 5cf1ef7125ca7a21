"""The editor swaps only what an action changed (issue 14): the RK's card, or its section when
the order or the count changed, with the messages, the count of open problems, the status
panel and the closed preview out of band; the page carries one form for all the cards'
buttons, which post without JS as well; a form comes when its item is opened."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
import pytest

from skp.models import Aspek, Indikator, RencanaKinerja
from skp.services.drafting import IsianIndikator, mulai_skp, tambah_indikator
from skp.tests.drafting_helpers import kuantitas, skp_atasan_dengan_rk, tambah_rk

HTMX = {"HTTP_HX_REQUEST": "true"}
OOB = ("skp-pesan", "skp-masalah", "pratinjau", "skp-aksi-workflow")


@pytest.fixture
def rk_atasan(cast):
    return skp_atasan_dengan_rk(cast)[1]


@pytest.fixture
def skp(cast, rk_atasan):
    """The seed's shape: 5 RK (4 utama, 1 tambahan) × 3 IKI, the owner's editable draft."""
    skp = mulai_skp(cast.pegawai, cast.periode, oleh=cast.pegawai)
    for n in range(5):
        rk = tambah_rk(
            skp,
            teks=f"Tersedianya hasil {n}",
            intervensi_id=rk_atasan.pk,
            jenis="tambahan" if n == 4 else "utama",
        )
        for aspek, teks in ((Aspek.KUALITAS, "Kualitas hasil"), (Aspek.WAKTU, "Lama penyelesaian")):
            tambah_indikator(
                rk,
                oleh=cast.pegawai,
                isian=IsianIndikator(aspek=aspek, teks=teks, target_min=90, satuan="%"),
            )
    return skp


def _rk(skp, jenis="utama"):
    return list(RencanaKinerja.objects.filter(skp=skp, jenis=jenis).order_by("urutan", "pk"))


def _ids_kartu(html: str) -> list[str]:
    return re.findall(r'<article class="card shadow-sm mb-3 rk-kartu" id="(rk-\d+)"', html)


def _oob(html: str) -> set[str]:
    return set(re.findall(r'id="([\w-]+)"[^>]*hx-swap-oob="true"', html))


def _data_rk(rk, teks, rk_atasan, jenis="utama"):
    p = f"rk-{rk.pk}"
    return {
        f"{p}-jenis": jenis,
        f"{p}-teks": teks,
        f"{p}-intervensi": str(rk_atasan.pk),
        f"{p}-intervensi_teks_bebas": "",
        f"{p}-revisi": str(rk.revisi),
    }


def test_the_editor_of_5_rk_by_3_iki_carries_three_forms_and_no_edit_form(client, cast, skp):
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).text
    assert len(_ids_kartu(html)) == 5
    # The cards' buttons' one form and the menu's logout form: nothing per item (it was 61).
    assert html.count("<form") == 2, re.findall(r"<form[^>]*>", html)
    assert 'name="revisi"' not in html and "kunci_kirim" not in html  # no edit or add form
    assert html.count('form="skp-tombol"') == 5 * 3 + 15 * 3  # RK: up, down, delete; IKI too
    assert "{#" not in html and "{%" not in html
    # 52 KB with a form per button; 45.8 KB since each IKI cell carries its column head for
    # the phone's stacked rows and each button names its RK by its number (issue 17).
    assert len(html) < 47_000


def test_saving_an_rk_over_htmx_swaps_its_card_and_the_out_of_band_parts_only(
    client, cast, skp, rk_atasan
):
    rk = _rk(skp)[1]
    client.force_login(cast.pegawai)
    response = client.post(
        reverse("skp:rk_ubah", args=[skp.pk, rk.pk]),
        _data_rk(rk, "Tersedianya hasil baru", rk_atasan),
        **HTMX,
    )
    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == (f"#rk-{rk.pk}", "outerHTML")
    html = response.text
    assert _ids_kartu(html) == [f"rk-{rk.pk}"] and "Tersedianya hasil baru" in html
    assert f'data-fokus="rk-{rk.pk}"' in html
    assert _oob(html) == set(OOB) and "Rencana kinerja disimpan." in html
    assert "skp-editor" not in html and "<nav" not in html


def test_opening_and_cancelling_an_iki_form_swaps_only_its_card(client, cast, skp):
    rk = _rk(skp)[0]
    iki = rk.indikator.order_by("urutan").last()
    client.force_login(cast.pegawai)
    url = reverse("skp:detail", args=[skp.pk])
    buka = client.get(url, {"ubah_iki": iki.pk}, **HTMX)
    assert buka["HX-Retarget"] == f"#rk-{rk.pk}" and _ids_kartu(buka.text) == [f"rk-{rk.pk}"]
    assert f'name="iki-{iki.pk}-revisi"' in buka.text and not _oob(buka.text)
    assert f'hx-get="{url}?kartu={rk.pk}"' in buka.text  # Batal brings the card back
    tutup = client.get(url, {"kartu": rk.pk}, **HTMX)
    assert tutup["HX-Retarget"] == f"#rk-{rk.pk}" and 'name="revisi"' not in tutup.text
    tambah = client.get(url, {"tambah_iki": rk.pk}, **HTMX)
    assert tambah["HX-Retarget"] == f"#rk-{rk.pk}" and "kunci_kirim" in tambah.text


def test_moving_an_rk_swaps_its_section_renumbered(client, cast, skp):
    a, b, *_ = _rk(skp)
    client.force_login(cast.pegawai)
    response = client.post(reverse("skp:rk_pindah", args=[skp.pk, b.pk]), {"arah": "naik"}, **HTMX)
    assert response["HX-Retarget"] == "#bagian-utama"
    html = response.text
    assert _ids_kartu(html)[:2] == [f"rk-{b.pk}", f"rk-{a.pk}"] and len(_ids_kartu(html)) == 4
    assert 'id="bagian-utama"' in html and 'id="bagian-tambahan"' not in html
    assert f'data-fokus="rk-{b.pk}"' in html and _oob(html) == set(OOB)


def test_moving_an_rk_to_the_other_section_redraws_the_editor(client, cast, skp, rk_atasan):
    rk = _rk(skp)[0]
    client.force_login(cast.pegawai)
    data = _data_rk(rk, "Tersedianya hasil tambahan", rk_atasan, jenis="tambahan")
    response = client.post(reverse("skp:rk_ubah", args=[skp.pk, rk.pk]), data, **HTMX)
    assert response["HX-Retarget"] == "#skp-editor"
    assert response.text.lstrip().startswith('<div id="skp-editor"')


def test_a_stale_iki_save_comes_back_as_its_card_with_409(client, cast, skp):
    rk = _rk(skp)[2]
    iki = rk.indikator.order_by("urutan").first()
    client.force_login(cast.pegawai)
    p = f"iki-{iki.pk}"
    data = {
        f"{p}-aspek": "kuantitas",
        f"{p}-teks": "Jumlah laporan",
        f"{p}-target": "7",
        f"{p}-satuan": "laporan",
        f"{p}-arah": "tinggi",
        f"{p}-revisi": "0",
    }
    url = reverse("skp:iki_ubah", args=[skp.pk, iki.pk])
    assert client.post(url, data, **HTMX).status_code == 200
    kedua = client.post(url, {**data, f"{p}-target": "9"}, **HTMX)
    assert kedua.status_code == 409 and kedua["HX-Retarget"] == f"#rk-{rk.pk}"
    assert _ids_kartu(kedua.text) == [f"rk-{rk.pk}"]
    assert (
        "Indikator ini sudah diubah" in kedua.text and f'name="{p}-revisi" value="1"' in kedua.text
    )
    assert Indikator.objects.get(pk=iki.pk).target_min == 7


def test_a_bad_new_rk_comes_back_in_its_section_with_the_typed_text(client, cast, skp):
    client.force_login(cast.pegawai)
    response = client.post(
        reverse("skp:rk_tambah", args=[skp.pk, "tambahan"]),
        {
            "rk-tambahan-teks": "Teks yang saya ketik",
            "rk-tambahan-iki_teks": "Jumlah",
            "rk-tambahan-iki_target": "banyak",
            "rk-tambahan-iki_satuan": "laporan",
        },
        **HTMX,
    )
    assert response["HX-Retarget"] == "#bagian-tambahan"
    assert "Teks yang saya ketik" in response.text and "harus berupa angka" in response.text
    assert len(_rk(skp, "tambahan")) == 1


def test_the_cards_buttons_post_without_js_through_the_one_form(cast, skp):
    """A browser without JS sends #skp-tombol (its CSRF token) to the button's formaction,
    with the button's name and value, and follows the redirect."""
    rk = _rk(skp)[0]
    iki_pertama, iki_kedua, _ = rk.indikator.order_by("urutan")
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.pegawai)
    html = client.get(reverse("skp:detail", args=[skp.pk])).text
    form = re.search(r'<form id="skp-tombol" method="post"[^>]*hidden>(.*?)</form>', html, re.S)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    tombol = re.search(
        r'<button type="submit" form="skp-tombol" formaction="([^"]+)" '
        r'name="arah" value="turun"[^>]*aria-label="Turunkan indikator 1 pada A.1"',
        html,
    )
    assert tombol[1] == reverse("skp:iki_pindah", args=[skp.pk, iki_pertama.pk])
    response = client.post(tombol[1], {"csrfmiddlewaretoken": token, "arah": "turun"})
    assert response.status_code == 302 and response["Location"].endswith(f"#iki-{iki_pertama.pk}")
    assert list(rk.indikator.order_by("urutan").values_list("pk", flat=True))[:2] == [
        iki_kedua.pk,
        iki_pertama.pk,
    ]


def _bacaan(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE", 'UPDATE "django_session"'))
    ]


def test_opening_a_card_costs_the_same_queries_whatever_the_number_of_rk(
    client, cast, skp, rk_atasan
):
    rk = _rk(skp)[0]
    url = reverse("skp:detail", args=[skp.pk])
    client.force_login(cast.pegawai)
    client.get(url)
    with CaptureQueriesContext(connection) as lima:
        client.get(url, {"kartu": rk.pk}, **HTMX)
    for n in range(10):
        baru = tambah_rk(skp, teks=f"Tersedianya hasil lain {n}", intervensi_id=rk_atasan.pk)
        tambah_indikator(baru, oleh=cast.pegawai, isian=kuantitas("Jumlah lain", 3))
    with CaptureQueriesContext(connection) as lima_belas:
        client.get(url, {"kartu": rk.pk}, **HTMX)
    assert len(_bacaan(lima)) == len(_bacaan(lima_belas)) <= 10, _bacaan(lima_belas)
